import Experiment

/// The answer to "is A better than B by more than the seed noise?".
///
/// A report may call one configuration better than another only when this says so; a
/// difference inside the noise is `tied`, and with a single run per side nothing can be
/// said about noise at all (`inconclusive`).
public struct Comparison: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable, CaseIterable {
        /// A beats B beyond the noise (in the metric's own direction).
        case better
        /// B beats A beyond the noise.
        case worse
        /// The difference is within the noise.
        case tied
        /// Too few runs on one side to estimate the noise.
        case inconclusive
    }

    public enum Method: String, Codable, Sendable, CaseIterable {
        /// Paired t-test over the seeds both sides ran (same seed, same data split).
        case pairedTTest = "paired_t_test"
        /// Non-overlapping 95% confidence intervals, when the seeds differ.
        case intervalOverlap = "interval_overlap"
        case none
    }

    public var outcome: Outcome
    public var method: Method
    /// Mean of A minus mean of B (raw, whatever the metric's direction); nil without data.
    public var difference: Double?
    /// The 95% interval of the mean paired difference (paired t), cut at what the metric
    /// allows; nil without a paired test.
    public var interval: Summary.Interval?
    /// Standard deviation of the paired differences; nil without a paired test.
    public var differenceStandardDeviation: Double?
    /// Two-sided p-value of the paired test.
    public var pValue: Double?
    /// `pValue` adjusted within its family (Holm); nil when the report does not correct.
    /// The verdict reads this one when present.
    public var adjustedPValue: Double?
    /// For a tie: about how many seeds per cell would detect the observed difference with
    /// 80% power at the corrected level, if it is real; nil when the difference is 0 or more
    /// than 1000 seeds would be needed.
    public var seedsNeeded: Int?
    /// Number of seeds paired, or the smaller sample size for the interval check.
    public var n: Int

    enum CodingKeys: String, CodingKey {
        case outcome, method, difference, interval, n
        case differenceStandardDeviation = "difference_std"
        case pValue = "p_value"
        case adjustedPValue = "p_adjusted"
        case seedsNeeded = "seeds_needed"
    }

    public init(outcome: Outcome, method: Method, difference: Double?, pValue: Double?, n: Int,
                interval: Summary.Interval? = nil, differenceStandardDeviation: Double? = nil) {
        self.outcome = outcome
        self.method = method
        self.difference = difference
        self.pValue = pValue
        self.n = n
        self.interval = interval
        self.differenceStandardDeviation = differenceStandardDeviation
    }
}

/// Decides ``Comparison``s from per-seed values.
public enum NoiseTest {
    /// Significance level of the paired test.
    public static let alpha = 0.05
    /// Coverage of the intervals compared when seeds differ.
    public static let level = 0.95

    /// Compares A with B.
    ///
    /// - Parameters:
    ///   - a: A's value per seed (finite values only).
    ///   - b: B's value per seed.
    ///   - higherIsBetter: the metric's direction.
    /// With the same seeds on both sides (at least two), a paired t-test: runs with the same
    /// seed share their data split, so pairing removes split-to-split variation. Otherwise,
    /// A and B differ only when their 95% intervals do not overlap.
    ///   - range: what a difference of the metric can be, to cut the interval at.
    public static func compare(_ a: [Int: Double], _ b: [Int: Double], higherIsBetter: Bool,
                               range: ClosedRange<Double>? = nil) -> Comparison {
        let n = min(a.count, b.count)
        guard n > 0 else { return Comparison(outcome: .inconclusive, method: .none, difference: nil, pValue: nil, n: 0) }
        let meanA = Statistics.mean(Array(a.values)), meanB = Statistics.mean(Array(b.values))
        guard n > 1 else {
            return Comparison(outcome: .inconclusive, method: .none, difference: meanA - meanB, pValue: nil, n: n)
        }
        if Set(a.keys) == Set(b.keys) {
            let seeds = a.keys.sorted()
            let test = TTest.paired(seeds.map { a[$0]! }, seeds.map { b[$0]! })!
            let differences = seeds.map { a[$0]! - b[$0]! }
            let difference = Statistics.mean(differences)
            let outcome = pairedVerdict(p: test.pValue, difference: difference, higherIsBetter: higherIsBetter)
            // mean ± t_{0.975, n-1} · s / √n, as scipy's ttest_rel(a, b).confidence_interval().
            var interval = Summary(differences, level: level)?.interval
            if let range, let raw = interval { interval = raw.clipped(to: range) }
            return Comparison(outcome: outcome, method: .pairedTTest, difference: difference, pValue: test.pValue, n: seeds.count,
                              interval: interval, differenceStandardDeviation: Statistics.sampleStandardDeviation(differences))
        }
        return unpaired(Array(a.values), Array(b.values), higherIsBetter: higherIsBetter)
    }

    /// Compares two independent samples (pooled runs of two axis values, which do not pair):
    /// they differ only when their 95% intervals do not overlap, the same rule as unpaired
    /// cells.
    public static func unpaired(_ a: [Double], _ b: [Double], higherIsBetter: Bool) -> Comparison {
        let n = min(a.count, b.count)
        guard n > 0 else { return Comparison(outcome: .inconclusive, method: .none, difference: nil, pValue: nil, n: 0) }
        let meanA = Statistics.mean(a), meanB = Statistics.mean(b)
        guard n > 1 else {
            return Comparison(outcome: .inconclusive, method: .none, difference: meanA - meanB, pValue: nil, n: n)
        }
        let ia = Summary(a, level: level)!.interval!
        let ib = Summary(b, level: level)!.interval!
        let apart = ia.lower > ib.upper || ib.lower > ia.upper
        return Comparison(outcome: apart ? direction(meanA - meanB, higherIsBetter: higherIsBetter) : .tied, method: .intervalOverlap,
                          difference: meanA - meanB, pValue: nil, n: n)
    }
}

extension NoiseTest {
    /// A beats B (`better`) or B beats A, by the sign of A − B in the metric's direction.
    static func direction(_ difference: Double, higherIsBetter: Bool) -> Comparison.Outcome {
        (difference > 0) == higherIsBetter ? .better : .worse
    }

    /// A paired test's verdict: a direction when `p` (raw or adjusted) is below α and the
    /// difference is not 0, else a tie.
    static func pairedVerdict(p: Double, difference: Double, higherIsBetter: Bool) -> Comparison.Outcome {
        p < alpha && difference != 0 ? direction(difference, higherIsBetter: higherIsBetter) : .tied
    }

    /// Corrects one family of comparisons (the claims one question makes): with Holm, each
    /// paired p-value is adjusted within the family and the verdict re-decided on it; every
    /// tie gets its seeds estimate at the level its family tests the first claim at (α / m).
    /// Comparisons without a p-value (interval checks, single runs) are left as they are.
    public static func correct(_ family: [Comparison?], higherIsBetter: Bool, correction: EvaluationConfig.Correction) -> [Comparison?] {
        let size = family.filter { $0?.pValue != nil }.count
        let adjusted = correction == .holm ? Holm.adjust(family.map { $0?.pValue }) : family.map { _ in nil }
        let level = correction == .holm ? alpha / Double(max(size, 1)) : alpha
        return zip(family, adjusted).map { comparison, adjustedP in
            guard var comparison, let p = comparison.pValue, let difference = comparison.difference else { return comparison }
            comparison.adjustedPValue = adjustedP
            let decisive = adjustedP ?? p
            comparison.outcome = pairedVerdict(p: decisive, difference: difference, higherIsBetter: higherIsBetter)
            if comparison.outcome == .tied, let sd = comparison.differenceStandardDeviation, sd > 0 {
                comparison.seedsNeeded = SeedsEstimate.seeds(effect: difference / sd, alpha: level)
            }
            return comparison
        }
    }
}
