import Experiment

/// The values a metric can take, so an interval never claims what the metric cannot reach:
/// a mean accuracy of 0.99 ± 0.02 is reported as [0.97, 1], not [0.97, 1.01].
enum MetricRange {
    /// The range of the metric spelled `metric` (``Metric/range``); nil for an unknown name.
    static func of(_ metric: String) -> ClosedRange<Double>? {
        Metric(rawValue: metric)?.range
    }

    /// The range of a difference of two values of the metric (a forgetting drop).
    static func ofDifference(_ metric: String) -> ClosedRange<Double>? {
        guard let range = of(metric), range.lowerBound.isFinite, range.upperBound.isFinite else { return nil }
        let width = range.upperBound - range.lowerBound
        return -width...width
    }
}

extension Summary {
    /// Summarizes `values` with the interval cut at `range` (the metric's possible values).
    init?(_ values: [Double], within range: ClosedRange<Double>?) {
        self.init(values)
        if let range, let interval { self.interval = interval.clipped(to: range) }
    }
}

extension Summary.Interval {
    func clipped(to range: ClosedRange<Double>) -> Summary.Interval {
        Summary.Interval(level: level, lower: min(max(lower, range.lowerBound), range.upperBound),
                         upper: max(min(upper, range.upperBound), range.lowerBound))
    }
}
