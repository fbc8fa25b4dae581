/// The three parts of a dataset a run is measured on. The raw values are the keys of
/// result.json's `metrics`, history.jsonl's records and the `split.metric` selections.
public enum Split: String, Sendable, Codable, CaseIterable, Hashable {
    case train, validation, test
}

/// Metrics by split, as result.json and history.jsonl record them: `{"test": {"accuracy": …}}`.
///
/// The keys stay strings so that the files keep their spelling; these subscripts let code
/// name a split and a metric by type instead of by literal.
extension Dictionary where Key == String {
    public subscript(_ split: Split) -> Value? {
        get { self[split.rawValue] }
        set { self[split.rawValue] = newValue }
    }
}

extension Dictionary where Key == String {
    public subscript(_ metric: Metric) -> Value? {
        get { self[metric.rawValue] }
        set { self[metric.rawValue] = newValue }
    }
}
/// Metric name → value on one split (`validation`, `test`, …), as result.json stores them.
public typealias SplitMetrics = [String: Double]
