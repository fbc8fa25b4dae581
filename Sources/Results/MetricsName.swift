/// A scalar metric a run can be evaluated, selected and ranked by.
///
/// The raw values are the names users write in experiment files (`evaluation.metrics`,
/// `evaluation.select`), so configuration checking can list them and suggest the
/// nearest one. The confusion matrix is a table, not a scalar, so it is not listed.
public enum MetricName: String, Sendable, Codable, CaseIterable, Hashable {
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
    /// The training objective as the training loop reports it.
    case loss
    case mse, mae, rmse, r2

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
}

/// A set of computed metrics that can be read by name.
public protocol MetricReport: Sendable {
    /// The value of `metric`, or nil when this report does not have it.
    func value(of metric: MetricName) -> Double?
}

extension MetricReport {
    /// The value of the metric spelled `name` (e.g. `"macro_f1"`), or nil when the name
    /// is unknown or this report does not have it.
    public func value(named name: String) -> Double? {
        MetricName(rawValue: name).flatMap(value(of:))
    }
}
