import Testing
@testable import Reports

@Suite("Verdicts: better only beyond the noise, said in words")
struct VerdictTests {
    /// (scenario, A by seed, B by seed, higher is better, outcome, method)
    static let cases: [(String, [Int: Double], [Int: Double], Bool, Comparison.Outcome, Comparison.Method)] = [
        ("a consistent gain over the same seeds", [1: 0.90, 2: 0.80, 3: 0.70], [1: 0.85, 2: 0.76, 3: 0.64], true, .better, .pairedTTest),
        ("a consistent loss over the same seeds", [1: 0.85, 2: 0.76, 3: 0.64], [1: 0.90, 2: 0.80, 3: 0.70], true, .worse, .pairedTTest),
        ("a gain that flips sign between seeds", [1: 0.90, 2: 0.80, 3: 0.70], [1: 0.80, 2: 0.85, 3: 0.71], true, .tied, .pairedTTest),
        ("a lower loss is better", [1: 0.20, 2: 0.30, 3: 0.25], [1: 0.30, 2: 0.41, 3: 0.34], false, .better, .pairedTTest),
        ("identical runs", [1: 0.5, 2: 0.6], [1: 0.5, 2: 0.6], true, .tied, .pairedTTest),
        ("different seeds, intervals apart", [1: 0.90, 2: 0.91, 3: 0.92], [4: 0.50, 5: 0.51, 6: 0.52], true, .better, .intervalOverlap),
        ("different seeds, intervals overlap", [1: 0.90, 2: 0.80, 3: 0.85], [4: 0.88, 5: 0.78, 6: 0.83], true, .tied, .intervalOverlap),
        ("one run on a side", [1: 0.9], [1: 0.5, 2: 0.6], true, .inconclusive, .none),
        ("no runs on a side", [:], [1: 0.5], true, .inconclusive, .none),
    ]

    @Test(arguments: cases)
    func outcome(_ scenario: String, _ a: [Int: Double], _ b: [Int: Double], _ higher: Bool,
                 _ outcome: Comparison.Outcome, _ method: Comparison.Method) {
        let comparison = NoiseTest.compare(a, b, higherIsBetter: higher)
        #expect(comparison.outcome == outcome, "\(scenario)")
        #expect(comparison.method == method, "\(scenario)")
    }

    @Test func theLeaderboardWordsSayBetterOrTiedExplicitly() {
        let better = Comparison(outcome: .better, method: .pairedTTest, difference: 0.05, pValue: 0.0123, n: 3)
        #expect(VerdictText.bestVersusThis(better) == "top cell is better (p = 0.012, paired over 3 seeds)")
        let tied = Comparison(outcome: .tied, method: .pairedTTest, difference: 0.01, pValue: 0.31, n: 3)
        #expect(VerdictText.bestVersusThis(tied) == "tied with the top cell (difference within noise; p = 0.310, paired over 3 seeds)")
        let apart = Comparison(outcome: .better, method: .intervalOverlap, difference: 0.3, pValue: nil, n: 3)
        #expect(VerdictText.bestVersusThis(apart) == "top cell is better (95% CIs do not overlap)")
        let overlap = Comparison(outcome: .tied, method: .intervalOverlap, difference: 0.01, pValue: nil, n: 2)
        #expect(VerdictText.bestVersusThis(overlap) == "tied with the top cell (difference within noise; 95% CIs overlap)")
        let single = Comparison(outcome: .inconclusive, method: .none, difference: 0.1, pValue: nil, n: 1)
        #expect(VerdictText.bestVersusThis(single) == "n = 1: nothing can be concluded about noise")
        let tiny = Comparison(outcome: .better, method: .pairedTTest, difference: 0.05, pValue: 0.00001, n: 5)
        #expect(VerdictText.fineTunedVersusScratch(tiny) == "fine-tuning is better (p < 0.001, paired over 5 seeds)")
        let worse = Comparison(outcome: .worse, method: .pairedTTest, difference: -0.05, pValue: 0.02, n: 3)
        #expect(VerdictText.fineTunedVersusScratch(worse) == "scratch is better (p = 0.020, paired over 3 seeds)")
    }

    @Test func theAnswerSaysNothingCanBeConcludedWithOneRunPerCell() throws {
        let template = try templateResult()
        let folder = constructedFolder([
            constructedRun(template, cell: "a", seed: 1, value: 0.9),
            constructedRun(template, cell: "b", seed: 1, value: 0.5),
        ])
        let summary = SummaryBuilder.build(folder)
        let markdown = ReportWriter(summary: summary, folder: folder, figures: []).markdown
        #expect(markdown.contains("With one run per cell nothing can be concluded about noise"))
        #expect(markdown.contains("| 2 | `b` | 0.500 | 1/1 | 0.500 | n = 1: nothing can be concluded about noise |"))
        #expect(!markdown.contains("better than"))
    }

    @Test func theAnswerNamesTheCellsTiedWithTheBest() throws {
        let template = try templateResult()
        let folder = constructedFolder([
            constructedRun(template, cell: "a", seed: 1, value: 0.90), constructedRun(template, cell: "a", seed: 2, value: 0.80),
            constructedRun(template, cell: "a", seed: 3, value: 0.85),
            constructedRun(template, cell: "b", seed: 1, value: 0.80), constructedRun(template, cell: "b", seed: 2, value: 0.85),
            constructedRun(template, cell: "b", seed: 3, value: 0.84),
            constructedRun(template, cell: "c", seed: 1, value: 0.50), constructedRun(template, cell: "c", seed: 2, value: 0.41),
            constructedRun(template, cell: "c", seed: 3, value: 0.45),
        ])
        let markdown = ReportWriter(summary: SummaryBuilder.build(folder), folder: folder, figures: []).markdown
        #expect(markdown.contains("**No single best cell**: `a` has the highest mean"))
        #expect(markdown.contains("but is tied with 1 of the 2 other cells (difference within noise): `b`; it is better than the other 1 by more than the noise."))
        #expect(markdown.contains("| 3 | `c` |"))
        #expect(markdown.contains("p < 0.001, adjusted p < 0.001, paired over 3 seeds)"))
        #expect(markdown.contains("top cell is better (95% CI of the difference ["))
    }
}
