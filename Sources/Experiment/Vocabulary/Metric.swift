/// A metric a run can be evaluated by: the one vocabulary of the experiment language, the
/// trainer, result.json, the summary and the reports.
///
/// The raw values are the names users write in experiment files (`evaluation.metrics`,
/// `evaluation.select`) and the keys result.json records, so configuration checking can list
/// them and suggest the nearest one.
public enum Metric: String, Sendable, Codable, CaseIterable, Hashable {
    case accuracy
    case macroF1 = "macro_f1"
    case microF1 = "micro_f1"
    case weightedF1 = "weighted_f1"
    /// Macro-averaged precision.
    case precision
    /// Macro-averaged recall.
    case recall
    case microPrecision = "micro_precision"
    case microRecall = "micro_recall"
    case weightedPrecision = "weighted_precision"
    case weightedRecall = "weighted_recall"
    /// One-vs-rest ROC-AUC, macro-averaged.
    case rocAUC = "roc_auc"
    case logLoss = "log_loss"
    /// A table, not a number: recorded beside the scalar metrics, never selected or ranked.
    case confusionMatrix = "confusion_matrix"
    /// The training objective as the training loop reports it.
    case loss
    case mse, mae, rmse, r2

    /// The metrics `evaluation.metrics` may list (loss always is computed; the micro and
    /// weighted precision and recall are computed only by `finetune` reports of predictions).
    public static let listable: [Metric] = [
        .accuracy, .macroF1, .microF1, .weightedF1, .precision, .recall, .rocAUC, .logLoss, .confusionMatrix,
        .mse, .mae, .rmse, .r2,
    ]

    /// Whether a larger value is better; losses and errors are better smaller.
    ///
    /// Early stopping, best-epoch selection and run ranking all read this, so the
    /// direction of a metric is stated once.
    public var higherIsBetter: Bool {
        switch self {
        case .loss, .logLoss, .mse, .mae, .rmse: false
        default: true
        }
    }

    /// Whether `a` is strictly better than `b` for this metric. NaN is never better.
    public func isBetter(_ a: Double, than b: Double) -> Bool {
        higherIsBetter ? a > b : a < b
    }

    /// The task a metric measures; loss belongs to both and reports classification.
    public var task: DataConfig.Task {
        switch self {
        case .mse, .mae, .rmse, .r2: .regression
        default: .classification
        }
    }

    /// Whether the metric is one number that can select an epoch.
    public var isScalar: Bool { self != .confusionMatrix }

    /// The values the metric can take, so an interval never claims what it cannot reach:
    /// rates and scores in [0, 1], losses and errors in [0, ∞), r2 at most 1.
    public var range: ClosedRange<Double> {
        switch self {
        case .loss, .logLoss, .mse, .mae, .rmse: 0...Double.infinity
        case .r2: -Double.infinity...1
        default: 0...1
        }
    }
}

/// A set of computed metrics that can be read by name.
public protocol MetricReport: Sendable {
    /// The value of `metric`, or nil when this report does not have it.
    func value(of metric: Metric) -> Double?
}

extension MetricReport {
    /// The value of the metric spelled `name` (e.g. `"macro_f1"`), or nil when the name
    /// is unknown or this report does not have it.
    public func value(named name: String) -> Double? {
        Metric(rawValue: name).flatMap(value(of:))
    }
}
