import Foundation

/// Number and text formatting shared by the report and the figures, in one place so every
/// table and chart prints the same value the same way (and the same on every machine).
public enum Formatting {
    /// A metric value with 3 decimals (`0.912`), so columns line up; very large values
    /// switch to 3 significant digits. A negative value that rounds to zero prints as 0.000.
    public static func metric(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        if abs(value) >= 10_000 { return String(format: "%.3g", value) }
        let text = String(format: "%.3f", value)
        return text == "-0.000" ? "0.000" : text
    }

    /// `0.912 ± 0.021`, or `0.912` when there is no interval (n = 1). An interval cut at the
    /// metric's range is no longer symmetric, so it prints its ends: `0.989 [0.954, 1.000]`.
    public static func meanCI(_ summary: Summary?) -> String {
        guard let summary else { return "—" }
        guard let interval = summary.interval else { return metric(summary.mean) }
        if isSymmetric(interval, around: summary.mean) {
            return "\(metric(summary.mean)) ± \(metric(interval.halfWidth))"
        }
        return "\(metric(summary.mean)) [\(metric(interval.lower)), \(metric(interval.upper))]"
    }

    static func isSymmetric(_ interval: Summary.Interval, around mean: Double) -> Bool {
        abs((interval.upper - mean) - (mean - interval.lower)) <= 1e-9 * max(1, abs(mean))
    }

    /// A signed difference: `+0.041`, `−0.012`.
    public static func signed(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        let text = metric(abs(value))
        if text == metric(0) { return text }
        return (value > 0 ? "+" : "−") + text
    }

    /// `p = 0.012`, `p < 0.001`.
    public static func pValue(_ p: Double) -> String {
        p < 0.001 ? "p < 0.001" : String(format: "p = %.3f", p)
    }

    /// Wall time: `4.2 s`, `3 min 05 s`, `1 h 02 min`.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "—" }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return String(format: "%d min %02d s", whole / 60, whole % 60) }
        return String(format: "%d h %02d min", whole / 3600, (whole % 3600) / 60)
    }

    /// A count with thousands separators: `12,345`.
    public static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    /// The shortest text that reads back as `value`: `0.05`, `1`, `0.001`, `3e-05`.
    public static func shortNumber(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}
