import Foundation

/// Building blocks of the classification metrics, usable on their own.
///
/// Conventions follow scikit-learn so numbers can be checked against it: a ratio whose
/// denominator is zero is 0 (`zero_division=0`), ties in `argmax` go to the lowest class.
public enum ClassificationMetrics {
    /// Probabilities clipped into `[logLossClip, 1 - logLossClip]` before the logarithm,
    /// so one confident mistake costs about 34.5 nats instead of infinity.
    public static let logLossClip = 1e-15

    /// Softmax of one row of logits, shifted by the maximum so large logits don't overflow.
    public static func softmax(_ logits: [Double]) -> [Double] {
        guard let top = logits.max() else { return [] }
        let exps = logits.map { exp($0 - top) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }

    /// The index of the largest value; the first one on ties, 0 for an empty or all-NaN row.
    public static func argmax(_ row: [Double]) -> Int {
        var best = 0
        for i in row.indices where row[i] > row[best] || (row[best].isNaN && !row[i].isNaN) {
            best = i
        }
        return best
    }

    /// Counts of (true class, predicted class): rows are true labels, columns predictions.
    public static func confusionMatrix(predictions: [Int], labels: [Int], classCount: Int) -> [[Int]] {
        precondition(predictions.count == labels.count, "one prediction per label")
        var matrix = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
        for (predicted, actual) in zip(predictions, labels) {
            precondition((0..<classCount).contains(actual) && (0..<classCount).contains(predicted),
                         "class index out of 0..<\(classCount)")
            matrix[actual][predicted] += 1
        }
        return matrix
    }

    /// Mean negative log-probability of the true class (natural log), after clipping.
    ///
    /// Rows are used as given, not renormalized. nil for no examples.
    public static func logLoss(probabilities: [[Double]], labels: [Int]) -> Double? {
        precondition(probabilities.count == labels.count, "one probability row per label")
        guard !labels.isEmpty else { return nil }
        let total = zip(probabilities, labels).reduce(0.0) { sum, pair in
            let p = min(max(pair.0[pair.1], logLossClip), 1 - logLossClip)
            return sum - log(p)
        }
        return total / Double(labels.count)
    }

    /// `numerator / denominator`, or 0 when the denominator is 0 (scikit-learn's
    /// `zero_division=0`).
    static func ratio(_ numerator: Double, _ denominator: Double) -> Double {
        denominator == 0 ? 0 : numerator / denominator
    }
}
