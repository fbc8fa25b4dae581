import Experiment
/// Every classification metric of one evaluation, computed together from one pass.
///
/// Stored in results as JSON and read back by name for early stopping, best-epoch
/// selection and ranking. Averages follow scikit-learn: macro is the unweighted mean
/// over the classes that occur in the labels or the predictions; micro pools all
/// decisions (equal to accuracy for single-label data); weighted weights each class by
/// its support. Ratios with a zero denominator are 0.
public struct ClassificationReport: MetricReport, Codable, Equatable, Hashable {
    /// Precision, recall and F1 of one class, with its number of true examples.
    public struct ClassScores: Sendable, Codable, Equatable, Hashable {
        public var precision: Double
        public var recall: Double
        public var f1: Double
        public var support: Int
    }

    /// Precision, recall and F1 under one averaging.
    public struct Average: Sendable, Codable, Equatable, Hashable {
        public var precision: Double
        public var recall: Double
        public var f1: Double
    }

    /// Number of examples evaluated.
    public var count: Int
    public var classCount: Int
    /// Fraction of examples whose predicted class is the true one (0 for no examples).
    public var accuracy: Double
    public var macro: Average
    public var micro: Average
    public var weighted: Average
    /// Indexed by class; classes that never occur have all zeros.
    public var perClass: [ClassScores]
    /// Rows are true classes, columns predicted classes.
    public var confusionMatrix: [[Int]]
    /// Macro one-vs-rest ROC-AUC; nil without probabilities or when undefined.
    public var rocAUC: Double?
    /// Mean cross-entropy of the true class; nil without probabilities.
    public var logLoss: Double?

    enum CodingKeys: String, CodingKey {
        case count, accuracy, macro, micro, weighted
        case classCount = "class_count"
        case perClass = "per_class"
        case confusionMatrix = "confusion_matrix"
        case rocAUC = "roc_auc"
        case logLoss = "log_loss"
    }

    /// Metrics from hard predictions only (no ROC-AUC or log loss).
    ///
    /// - Parameters:
    ///   - predictions: predicted class per example, in `0..<classCount`.
    ///   - labels: true class per example, in `0..<classCount`.
    ///   - classCount: K, the number of classes the model outputs.
    public init(predictions: [Int], labels: [Int], classCount: Int) {
        let matrix = ClassificationMetrics.confusionMatrix(
            predictions: predictions, labels: labels, classCount: classCount)
        let ratio = ClassificationMetrics.ratio
        // 1. Per-class counts from the confusion matrix.
        let truePositives = (0..<classCount).map { matrix[$0][$0] }
        let support = matrix.map { $0.reduce(0, +) }
        let predicted = (0..<classCount).map { c in matrix.reduce(0) { $0 + $1[c] } }
        // 2. Per-class precision, recall and F1 = 2TP / (2TP + FP + FN).
        let perClass = (0..<classCount).map { c -> ClassScores in
            let tp = Double(truePositives[c])
            let fp = Double(predicted[c]) - tp, fn = Double(support[c]) - tp
            return ClassScores(precision: ratio(tp, Double(predicted[c])),
                               recall: ratio(tp, Double(support[c])),
                               f1: ratio(2 * tp, 2 * tp + fp + fn), support: support[c])
        }
        // 3. Macro: plain mean over classes seen in labels or predictions.
        let seen = perClass.indices.filter { support[$0] > 0 || predicted[$0] > 0 }
        func macroMean(_ value: (ClassScores) -> Double) -> Double {
            ratio(seen.reduce(0) { $0 + value(perClass[$1]) }, Double(seen.count))
        }
        // 4. Weighted: mean weighted by support.
        let n = Double(labels.count)
        func weightedMean(_ value: (ClassScores) -> Double) -> Double {
            ratio(perClass.reduce(0) { $0 + value($1) * Double($1.support) }, n)
        }
        // 5. Micro: pooled counts; every miss is one FP and one FN, so all equal accuracy.
        let accuracy = ratio(Double(truePositives.reduce(0, +)), n)

        self.count = labels.count
        self.classCount = classCount
        self.accuracy = accuracy
        self.macro = Average(precision: macroMean(\.precision), recall: macroMean(\.recall),
                             f1: macroMean(\.f1))
        self.micro = Average(precision: accuracy, recall: accuracy, f1: accuracy)
        self.weighted = Average(precision: weightedMean(\.precision),
                                recall: weightedMean(\.recall), f1: weightedMean(\.f1))
        self.perClass = perClass
        self.confusionMatrix = matrix
        self.rocAUC = nil
        self.logLoss = nil
    }

    /// All metrics from predicted probabilities; the prediction is each row's argmax.
    ///
    /// - Parameters:
    ///   - probabilities: N rows of K class probabilities.
    ///   - labels: true class per example, in `0..<classCount`.
    ///   - classCount: K.
    public init(probabilities: [[Double]], labels: [Int], classCount: Int) {
        precondition(probabilities.allSatisfy { $0.count == classCount }, "each row needs \(classCount) probabilities")
        self.init(predictions: probabilities.map(ClassificationMetrics.argmax),
                  labels: labels, classCount: classCount)
        self.rocAUC = ROCAUC.macro(probabilities: probabilities, labels: labels, classCount: classCount)
        self.logLoss = ClassificationMetrics.logLoss(probabilities: probabilities, labels: labels)
    }

    /// All metrics from raw model outputs, turned into probabilities by softmax.
    public init(logits: [[Double]], labels: [Int], classCount: Int) {
        self.init(probabilities: logits.map(ClassificationMetrics.softmax),
                  labels: labels, classCount: classCount)
    }

    public func value(of metric: Metric) -> Double? {
        switch metric {
        case .accuracy: accuracy
        case .macroF1: macro.f1
        case .microF1: micro.f1
        case .weightedF1: weighted.f1
        case .precision: macro.precision
        case .recall: macro.recall
        case .microPrecision: micro.precision
        case .microRecall: micro.recall
        case .weightedPrecision: weighted.precision
        case .weightedRecall: weighted.recall
        case .rocAUC: rocAUC
        case .logLoss: logLoss
        case .loss, .confusionMatrix, .mse, .mae, .rmse, .r2: nil
        }
    }
}
