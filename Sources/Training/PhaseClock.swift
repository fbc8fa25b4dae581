import Foundation

/// Wall-clock seconds per named phase of a run, recorded in its results: where a run's time
/// goes beyond the optimizer steps.
struct PhaseClock {
    private(set) var seconds: [String: Double] = [:]
    private var last = Date()

    /// Charges the time since the previous mark to `phase`.
    mutating func end(_ phase: String) {
        let now = Date()
        seconds[phase, default: 0] += now.timeIntervalSince(last)
        last = now
    }
}
