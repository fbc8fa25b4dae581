import Experiment
import Foundation
import Testing
@testable import Reports

@Suite("Summary: runs grouped by cell, statistics over done runs, verdicts against the top cell")
struct SummaryBuilderTests {
    @Test func theFixtureGroupsIntoItsFourCellsInGridOrder() throws {
        let summary = SummaryBuilder.build(try ResultsFolder.load(fixtureFolder))
        #expect(summary.cells.map(\.cell) == [
            "freeze=none,train_fraction=0.05", "freeze=none,train_fraction=1.0",
            "freeze=head-only,train_fraction=0.05", "freeze=head-only,train_fraction=1.0",
        ])
        for cell in summary.cells {
            #expect(cell.runs.map(\.seed) == [1, 2])
            #expect(cell.selection?.count == 2)
            #expect(cell.selection?.interval != nil)
            #expect(cell.scratch?.comparison.method == .pairedTTest)
        }
        #expect(summary.statusCounts["done"] == 8 && summary.statusCounts["missing"] == 0)
        #expect(summary.selection.metric.text == "validation.macro_f1" && summary.selection.higherIsBetter)
        #expect(summary.primaryMetric.text == "test.macro_f1")
        #expect(summary.marginals.map(\.axis) == ["freeze.strategy", "data.train_fraction"])
        #expect(summary.marginals[1].numeric && !summary.marginals[0].numeric)
        #expect(summary.marginals[1].levels.map(\.label) == ["0.05", "1.0"])
    }

    @Test func aCellWithOneDoneRunHasNoSpreadAndNoNaNInJSON() throws {
        let template = try templateResult()
        let folder = constructedFolder([
            constructedRun(template, cell: "a", seed: 1, value: 0.8),
            constructedRun(template, cell: "a", seed: 2, value: nil, status: .failed),
            constructedRun(template, cell: "b", seed: 1, value: 0.7),
            constructedRun(template, cell: "b", seed: 2, value: 0.72),
        ])
        let summary = SummaryBuilder.build(folder)
        let a = try #require(summary.cell("a"))
        #expect(a.selection?.count == 1)
        #expect(a.selection?.standardDeviation == nil && a.selection?.interval == nil)
        #expect(a.runs.map(\.status) == [.done, .failed])
        let json = String(decoding: try summary.encoded(), as: UTF8.self)
        #expect(!json.lowercased().contains("nan"))
        // The n = 1 summary encodes as count and mean only.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let cells = try #require(object["cells"] as? [[String: Any]])
        let selection = try #require(cells[0]["selection"] as? [String: Any])
        #expect(Set(selection.keys) == ["count", "mean"])
        // And the comparison with it says nothing about noise.
        #expect(summary.leaderboard.map(\.cell) == ["a", "b"])
        #expect(summary.leaderboard[1].bestVersusThis?.outcome == .inconclusive)
    }

    @Test func diverged_andNonFiniteValues_stayOutOfTheStatistics() throws {
        let template = try templateResult()
        let folder = constructedFolder([
            constructedRun(template, cell: "a", seed: 1, value: 0.8),
            constructedRun(template, cell: "a", seed: 2, value: .nan),
            constructedRun(template, cell: "a", seed: 3, value: 0.9, status: .diverged),
        ])
        let a = try #require(SummaryBuilder.build(folder).cell("a"))
        #expect(a.selection?.count == 1 && a.selection?.mean == 0.8)
    }

    @Test func thePairedTestIsUsedWhenTheSeedsMatch_elseTheIntervals() throws {
        let template = try templateResult()
        let paired = SummaryBuilder.build(constructedFolder([
            constructedRun(template, cell: "a", seed: 1, value: 0.90), constructedRun(template, cell: "a", seed: 2, value: 0.80),
            constructedRun(template, cell: "a", seed: 3, value: 0.85),
            constructedRun(template, cell: "b", seed: 1, value: 0.88), constructedRun(template, cell: "b", seed: 2, value: 0.78),
            constructedRun(template, cell: "b", seed: 3, value: 0.83),
        ]))
        // Seeds differ a lot, but b is 0.02 below a on every seed: paired, it is a clear loss.
        let verdict = try #require(paired.leaderboard[1].bestVersusThis)
        #expect(verdict.method == .pairedTTest && verdict.outcome == .better && verdict.n == 3)
        #expect(verdict.pValue! < 0.001)
        let unpaired = SummaryBuilder.build(constructedFolder([
            constructedRun(template, cell: "a", seed: 1, value: 0.90), constructedRun(template, cell: "a", seed: 2, value: 0.80),
            constructedRun(template, cell: "a", seed: 3, value: 0.85),
            constructedRun(template, cell: "b", seed: 4, value: 0.88), constructedRun(template, cell: "b", seed: 5, value: 0.78),
            constructedRun(template, cell: "b", seed: 6, value: 0.83),
        ]))
        // The same numbers on different seeds: the intervals overlap, so they are tied.
        let tied = try #require(unpaired.leaderboard[1].bestVersusThis)
        #expect(tied.method == .intervalOverlap && tied.outcome == .tied && tied.pValue == nil)
    }

    @Test func lowerIsBetterMetricsRankAscending() throws {
        var template = try templateResult()
        template.selection.metric = .validationLoss
        template.selection.higherIsBetter = false
        let summary = SummaryBuilder.build(constructedFolder([
            constructedRun(template, cell: "high", seed: 1, value: 0.9), constructedRun(template, cell: "high", seed: 2, value: 0.95),
            constructedRun(template, cell: "low", seed: 1, value: 0.2), constructedRun(template, cell: "low", seed: 2, value: 0.25),
        ]))
        #expect(summary.leaderboard.map(\.cell) == ["low", "high"])
        #expect(summary.leaderboard[1].bestVersusThis?.outcome == .better)
        #expect(summary.primaryMetric.text == "test.loss")
    }

    @Test func fineTunedIsComparedWithItsScratchBaselineBySeed() throws {
        let template = try templateResult()
        let summary = SummaryBuilder.build(constructedFolder([
            constructedRun(template, cell: "a", seed: 1, value: 0.9, test: 0.91, scratch: 0.70),
            constructedRun(template, cell: "a", seed: 2, value: 0.8, test: 0.82, scratch: 0.60),
            constructedRun(template, cell: "a", seed: 3, value: 0.85, test: 0.86, scratch: 0.66),
        ]))
        let scratch = try #require(summary.cell("a")?.scratch)
        #expect(scratch.comparison.method == .pairedTTest && scratch.comparison.outcome == .better)
        #expect(abs(scratch.comparison.difference! - 0.21) < 1e-9)
        #expect(scratch.test["macro_f1"]?.count == 3)
    }

    @Test func marginalsPoolEveryRunWithTheValue() throws {
        let template = try templateResult()
        let summary = SummaryBuilder.build(constructedFolder([
            constructedRun(template, cell: "x=a,f=0.1", seed: 1, value: 0.5, overrides: ["x": .string("a"), "f": .number(0.1)]),
            constructedRun(template, cell: "x=a,f=1.0", seed: 1, value: 0.7, overrides: ["x": .string("a"), "f": .int(1)]),
            constructedRun(template, cell: "x=b,f=0.1", seed: 1, value: 0.3, overrides: ["x": .string("b"), "f": .number(0.1)]),
            constructedRun(template, cell: "x=b,f=1.0", seed: 1, value: 0.9, overrides: ["x": .string("b"), "f": .int(1)]),
        ], axes: ["x", "f"]))
        let x = summary.marginals[0], f = summary.marginals[1]
        #expect(x.levels.map(\.label) == ["a", "b"] && !x.numeric)
        #expect(x.levels.map { $0.selection!.mean } == [0.6, 0.6])
        #expect(x.levels[1].cellMeans == .init(min: 0.3, max: 0.9))
        #expect(f.numeric && f.levels.map(\.label) == ["0.1", "1.0"])
        #expect(abs(f.levels[1].selection!.mean - 0.8) < 1e-12)
    }
}
