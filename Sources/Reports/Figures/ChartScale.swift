import Foundation

/// Maps data values to pixels along one axis, linearly or logarithmically, with its ticks.
struct ChartScale {
    var lower: Double
    var upper: Double
    var logarithmic: Bool
    /// Pixel positions of `lower` and `upper`.
    var start: Double
    var end: Double

    func position(_ value: Double) -> Double {
        let (a, b, v) = logarithmic ? (log10(lower), log10(upper), log10(value)) : (lower, upper, value)
        guard b != a else { return (start + end) / 2 }
        return start + (v - a) / (b - a) * (end - start)
    }

    /// A range padded by 5% each side and widened when all values are equal.
    static func padded(_ values: [Double], logarithmic: Bool) -> (Double, Double) {
        var low = values.min() ?? 0, high = values.max() ?? 1
        if logarithmic {
            if low == high { return (low / 2, high * 2) }
            let span = log10(high) - log10(low)
            return (pow(10, log10(low) - 0.05 * span), pow(10, log10(high) + 0.05 * span))
        }
        if low == high { let pad = low == 0 ? 1 : abs(low) * 0.1; low -= pad; high += pad }
        let pad = (high - low) * 0.05
        return (low - pad, high + pad)
    }

    /// "Nice" linear ticks (steps of 1, 2 or 5 × 10ᵏ) inside [lower, upper], about `count` of them.
    func niceTicks(count: Int = 5) -> [Double] {
        let span = upper - lower
        guard span > 0, span.isFinite else { return [lower] }
        let raw = span / Double(max(count, 1))
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var ticks: [Double] = []
        var tick = ceil(lower / step) * step
        while tick <= upper + step * 1e-9 {
            ticks.append(abs(tick) < step * 1e-9 ? 0 : tick)
            tick += step
        }
        return ticks
    }

    /// Tick label with as many decimals as the tick step needs.
    static func label(_ value: Double, step: Double) -> String {
        let decimals = step >= 1 ? 0 : min(6, Int(ceil(-log10(step) - 1e-9)))
        let text = String(format: "%.\(decimals)f", value)
        // A value that rounds to zero prints as 0, never -0.
        return Double(text) == 0 ? String(format: "%.\(decimals)f", 0.0) : text
    }
}
