/// What the report may say about the entry with the highest mean, from how it compares with
/// every other one: "best" only when it beats all of them beyond the noise, so a tie is never
/// presented as a winner.
enum TopCellVerdict: Equatable {
    /// Nothing else to compare with: no "best" among a single value.
    case alone
    /// Better than every other entry beyond the noise.
    case winner
    /// Tied with at least one other entry.
    case tied
    /// Every comparison lacks a noise estimate (one run per side).
    case noNoiseEstimate
    /// Better than some, and too few runs to tell for the rest.
    case unresolved

    /// The verdict as summary.json's claims spell it.
    var name: String {
        switch self {
        case .alone: "alone"
        case .winner: "winner"
        case .tied: "tied"
        case .noNoiseEstimate: "no_noise_estimate"
        case .unresolved: "unresolved"
        }
    }

    /// - Parameter comparisons: the top entry against each other one (`better`: the top wins).
    init(_ comparisons: [Comparison]) {
        if comparisons.isEmpty { self = .alone }
        else if comparisons.allSatisfy({ $0.outcome == .better }) { self = .winner }
        else if comparisons.contains(where: { $0.outcome == .tied || $0.outcome == .worse }) { self = .tied }
        else if comparisons.allSatisfy({ $0.outcome == .inconclusive }) { self = .noNoiseEstimate }
        else { self = .unresolved }
    }
}
