import Foundation
import Testing
@testable import Reports

/// The corrections, intervals and power of the report against statsmodels and scipy, from
/// Fixtures/statistics-reference.json (made by scripts/parity/report_statistics.py in the bench venv).
@Suite("statistics against statsmodels and scipy")
struct StatisticsParityTests {
    struct Reference: Decodable {
        struct HolmCase: Decodable { let p: [Double]; let adjusted: [Double] }
        struct PairedCase: Decodable { let a: [Double]; let b: [Double]; let p: Double; let lower: Double; let upper: Double }
        struct NCTCase: Decodable { let t: Double; let df: Double; let nc: Double; let cdf: Double }
        struct PowerCase: Decodable { let effect: Double; let n: Int; let alpha: Double; let power: Double }
        struct SeedsCase: Decodable { let effect: Double; let alpha: Double; let seeds: Int }
        let holm: [HolmCase]
        let pairedIntervals: [PairedCase]
        let nctCdf: [NCTCase]
        let power: [PowerCase]
        let seeds: [SeedsCase]
    }

    static let reference: Reference = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let data = try! Data(contentsOf: URL(fileURLWithPath: testsFolder + "/Fixtures/statistics-reference.json"))
        return try! decoder.decode(Reference.self, from: data)
    }()

    @Test func holmEqualsStatsmodels() {
        for c in Self.reference.holm {
            let adjusted = Holm.adjust(c.p).map { $0! }
            #expect(zip(adjusted, c.adjusted).allSatisfy { abs($0 - $1) < 1e-12 }, "p \(c.p): \(adjusted) vs \(c.adjusted)")
        }
    }

    @Test func holmLeavesUntestedEntriesOut() {
        // nil is no test: the family has 2 members, not 3.
        let adjusted = Holm.adjust([0.01, nil, 0.04])
        #expect(adjusted[0] == 0.02 && adjusted[1] == nil && adjusted[2] == 0.04)
    }

    @Test func pairedIntervalsEqualScipy() {
        for c in Self.reference.pairedIntervals {
            let a = Dictionary(uniqueKeysWithValues: c.a.enumerated().map { ($0.offset, $0.element) })
            let b = Dictionary(uniqueKeysWithValues: c.b.enumerated().map { ($0.offset, $0.element) })
            let comparison = NoiseTest.compare(a, b, higherIsBetter: true)
            let interval = try! #require(comparison.interval)
            #expect(abs(interval.lower - c.lower) < 1e-9 && abs(interval.upper - c.upper) < 1e-9, "\(interval) vs [\(c.lower), \(c.upper)]")
            #expect(abs(comparison.pValue! - c.p) < 1e-9)
        }
    }

    @Test func noncentralTEqualsScipy() {
        for c in Self.reference.nctCdf {
            let value = NoncentralT.cdf(c.t, degreesOfFreedom: c.df, noncentrality: c.nc)
            #expect(abs(value - c.cdf) < 1e-9, "nct.cdf(\(c.t), \(c.df), \(c.nc)) = \(value), scipy \(c.cdf)")
        }
    }

    @Test func pairedPowerEqualsStatsmodels() {
        for c in Self.reference.power {
            let value = SeedsEstimate.pairedPower(effect: c.effect, pairs: c.n, alpha: c.alpha)
            #expect(abs(value - c.power) < 1e-9, "power(d \(c.effect), n \(c.n), α \(c.alpha)) = \(value), statsmodels \(c.power)")
        }
    }

    @Test func seedsEstimateIsStatsmodelsSolvePowerRoundedUp() {
        for c in Self.reference.seeds {
            #expect(SeedsEstimate.seeds(effect: c.effect, alpha: c.alpha) == c.seeds, "d \(c.effect), α \(c.alpha)")
            #expect(SeedsEstimate.seeds(effect: -c.effect, alpha: c.alpha) == c.seeds)
        }
        #expect(SeedsEstimate.seeds(effect: 0, alpha: 0.05) == nil)
        #expect(SeedsEstimate.seeds(effect: 0.001, alpha: 0.05) == nil)  // past 1000 seeds
    }

    /// Holm turns a 5% "better" into a tie when the family is large, and the tie gets its
    /// seeds estimate; without correction the same comparison stays "better".
    @Test func correctionReDecidesVerdicts() {
        let close = Comparison(outcome: .better, method: .pairedTTest, difference: 0.02, pValue: 0.03, n: 3,
                               differenceStandardDeviation: 0.01)
        let far = Comparison(outcome: .better, method: .pairedTTest, difference: 0.2, pValue: 0.001, n: 3,
                             differenceStandardDeviation: 0.01)
        let holm = NoiseTest.correct([close, nil, far, close], higherIsBetter: true, correction: .holm)
        #expect(holm[0]?.outcome == .tied && holm[0]?.adjustedPValue == 0.06 && holm[0]?.seedsNeeded != nil)
        #expect(holm[1] == nil)
        #expect(holm[2]?.outcome == .better && holm[2]?.adjustedPValue == 0.003 && holm[2]?.seedsNeeded == nil)
        let none = NoiseTest.correct([close, far], higherIsBetter: true, correction: .none)
        #expect(none[0]?.outcome == .better && none[0]?.adjustedPValue == nil)
    }
}
