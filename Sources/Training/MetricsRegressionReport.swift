import Experiment
/// Regression metrics of one evaluation, with scikit-learn's conventions.
///
/// R² is 1 - SS_res / SS_tot; when the targets have no variance (SS_tot = 0) it is 1 for
/// a perfect fit and 0 otherwise, as scikit-learn's `force_finite=True`, so results never
/// hold NaN or -infinity.
public struct RegressionReport: MetricReport, Codable, Equatable, Hashable {
    /// Number of examples evaluated.
    public var count: Int
    /// Mean squared error.
    public var mse: Double
    /// Mean absolute error.
    public var mae: Double
    /// Root of the mean squared error, in the target's units.
    public var rmse: Double
    /// Coefficient of determination.
    public var r2: Double

    /// - Parameters:
    ///   - predictions: predicted value per example.
    ///   - targets: true value per example; same count, at least one.
    public init(predictions: [Double], targets: [Double]) {
        precondition(predictions.count == targets.count, "one prediction per target")
        precondition(!targets.isEmpty, "regression metrics need at least one example")
        let n = Double(targets.count)
        // 1. Errors and their means.
        let errors = zip(predictions, targets).map { $0 - $1 }
        let squared = errors.reduce(0) { $0 + $1 * $1 }
        self.count = targets.count
        self.mse = squared / n
        self.mae = errors.reduce(0) { $0 + abs($1) } / n
        self.rmse = mse.squareRoot()
        // 2. R² against the mean predictor, finite when the targets are constant.
        let mean = targets.reduce(0, +) / n
        let total = targets.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        if total == 0 {
            self.r2 = squared == 0 ? 1 : 0
        } else {
            self.r2 = 1 - squared / total
        }
    }

    public func value(of metric: Metric) -> Double? {
        switch metric {
        case .mse: mse
        case .mae: mae
        case .rmse: rmse
        case .r2: r2
        default: nil
        }
    }
}
