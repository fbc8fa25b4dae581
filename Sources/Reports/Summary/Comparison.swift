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
    /// Two-sided p-value of the paired test.
    public var pValue: Double?
    /// Number of seeds paired, or the smaller sample size for the interval check.
    public var n: Int

    enum CodingKeys: String, CodingKey {
        case outcome, method, difference, n
        case pValue = "p_value"
    }

    public init(outcome: Outcome, method: Method, difference: Double?, pValue: Double?, n: Int) {
        self.outcome = outcome
        self.method = method
        self.difference = difference
        self.pValue = pValue
        self.n = n
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
    public static func compare(_ a: [Int: Double], _ b: [Int: Double], higherIsBetter: Bool) -> Comparison {
        let n = min(a.count, b.count)
        guard n > 0 else { return Comparison(outcome: .inconclusive, method: .none, difference: nil, pValue: nil, n: 0) }
        let meanA = Statistics.mean(Array(a.values)), meanB = Statistics.mean(Array(b.values))
        guard n > 1 else {
            return Comparison(outcome: .inconclusive, method: .none, difference: meanA - meanB, pValue: nil, n: n)
        }
        func direction(_ difference: Double) -> Comparison.Outcome {
            (difference > 0) == higherIsBetter ? .better : .worse
        }
        if Set(a.keys) == Set(b.keys) {
            let seeds = a.keys.sorted()
            let test = TTest.paired(seeds.map { a[$0]! }, seeds.map { b[$0]! })!
            let difference = Statistics.mean(seeds.map { a[$0]! - b[$0]! })
            let outcome = test.pValue < alpha && difference != 0 ? direction(difference) : .tied
            return Comparison(outcome: outcome, method: .pairedTTest, difference: difference, pValue: test.pValue, n: seeds.count)
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
        func direction(_ difference: Double) -> Comparison.Outcome {
            (difference > 0) == higherIsBetter ? .better : .worse
        }
        let ia = Summary(a, level: level)!.interval!
        let ib = Summary(b, level: level)!.interval!
        let apart = ia.lower > ib.upper || ib.lower > ia.upper
        return Comparison(outcome: apart ? direction(meanA - meanB) : .tied, method: .intervalOverlap,
                          difference: meanA - meanB, pValue: nil, n: n)
    }
}
