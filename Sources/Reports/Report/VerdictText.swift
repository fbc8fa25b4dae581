/// The words a report uses for a ``Comparison``, in one place so every table says
/// "better" and "tied" by the same rule.
enum VerdictText {
    static let singleRun = "n = 1: nothing can be concluded about noise"

    /// The evidence in brackets: `difference 95% CI [−0.004, +0.028], p = 0.012, adjusted
    /// p = 0.036, paired over 3 seeds` or `95% CIs do not overlap`.
    static func evidence(_ c: Comparison) -> String {
        switch c.method {
        case .pairedTTest:
            let interval = c.interval.map { "95% CI of the difference [\(Formatting.signed($0.lower)), \(Formatting.signed($0.upper))], " } ?? ""
            let adjusted = c.adjustedPValue.map { ", adjusted \(Formatting.pValue($0))" } ?? ""
            return "\(interval)\(Formatting.pValue(c.pValue ?? 1))\(adjusted), paired over \(c.n) seeds"
        case .intervalOverlap:
            return c.outcome == .tied ? "95% CIs overlap" : "95% CIs do not overlap"
        case .none:
            return ""
        }
    }

    /// A leaderboard row: how the top cell (the highest mean, "best" only when it beats every
    /// other cell) compares with this one.
    static func bestVersusThis(_ c: Comparison) -> String {
        switch c.outcome {
        case .better: return "top cell is better (\(evidence(c)))"
        case .worse: return "better than the top cell (\(evidence(c)))"
        case .tied: return "tied with the top cell (difference within noise; \(evidence(c)))"
        case .inconclusive: return c.n == 0 ? "no results" : singleRun
        }
    }

    /// Fine-tuned (A) against its scratch baseline (B).
    static func fineTunedVersusScratch(_ c: Comparison) -> String {
        switch c.outcome {
        case .better: return "fine-tuning is better (\(evidence(c)))"
        case .worse: return "scratch is better (\(evidence(c)))"
        case .tied: return "tied (difference within noise; \(evidence(c)))"
        case .inconclusive: return c.n == 0 ? "no results" : singleRun
        }
    }

    /// A cell training fewer parameters (A) against the cell training the most (B).
    static func fewerParameters(_ c: Comparison) -> String {
        let difference = c.difference.map { "difference \(Formatting.signed($0))" } ?? ""
        switch c.outcome {
        case .better: return "better (\(difference); \(evidence(c)))"
        case .worse: return "worse (\(difference); \(evidence(c)))"
        case .tied: return "tied (\(difference), within the noise; \(evidence(c)))"
        case .inconclusive: return c.n == 0 ? "no results" : "\(difference), but n = 1: nothing can be concluded about noise"
        }
    }
}
