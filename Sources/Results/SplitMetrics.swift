/// Metric name → value on one split (`validation`, `test`, …), as result.json stores them.
public typealias SplitMetrics = [String: Double]
