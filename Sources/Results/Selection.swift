import Experiment

/// A `split.metric` name with its direction, for choosing the best epoch and early stopping.
public struct Selection: Sendable {
    public let text: String
    public let split: String
    public let metric: String
    public let higherIsBetter: Bool

    public init(_ text: String) {
        self.text = text
        let parts = EvaluationConfig.splitMetric(text) ?? ("validation", "loss")
        split = parts.split
        metric = parts.metric
        higherIsBetter = MetricName(rawValue: metric)?.higherIsBetter ?? false
    }

    public func value(in metrics: [String: SplitMetrics]) -> Double? {
        metrics[split]?[metric].flatMap { $0.isFinite ? $0 : nil }
    }

    public func isBetter(_ a: Double, than b: Double, by delta: Double = 0) -> Bool {
        higherIsBetter ? a > b + delta : a < b - delta
    }
}
