import Experiment
import Foundation
import Results
import Testing
@testable import Reports

/// Each wording rule of the report, held by a case: the report says only what the numbers
/// support. A case builds a results folder, renders report.md and lists text that must and
/// must not appear.
@Suite("Report wording: only what the numbers support")
struct ReportWordingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var rule: String
        var folder: @Sendable (RunResult) -> ResultsFolder
        var present: [String]
        var absent: [String]
        var testDescription: String { rule }
    }

    /// Runs of `cell` with one value per seed (seeds 1, 2, 3, …) and the given overrides.
    static func cell(_ template: RunResult, _ name: String, _ values: [Double], _ overrides: [String: Value] = [:],
                     drop: Double? = nil) -> [LoadedRun] {
        values.enumerated().map { index, value in
            var run = constructedRun(template, cell: name, seed: index + 1, value: value, overrides: overrides)
            if let drop {
                let json = #"{"metric": "accuracy", "before": 0.9, "after": \#(0.9 - drop), "drop": \#(drop), "examples": 10, "split": "test"}"#
                run.result?.forgetting = try! JSONDecoder().decode(RunResult.Forgetting.self, from: Data(json.utf8))
            }
            return run
        }
    }

    static let cases: [Case] = [
        Case(rule: "a tie is never presented as a winner", folder: { t in
            constructedFolder(cell(t, "a", [0.81, 0.83, 0.80]) + cell(t, "b", [0.80, 0.84, 0.79]))
        }, present: ["**No single best cell**: `a` has the highest mean", "tied with 1 of the 1 other cells", "highest mean, tied (no single best)"],
           absent: ["**Best cell", "**best**"]),
        Case(rule: "a cell ahead of every other beyond the noise is the best", folder: { t in
            constructedFolder(cell(t, "a", [0.90, 0.91, 0.92]) + cell(t, "b", [0.50, 0.52, 0.51]))
        }, present: ["**Best cell: `a`**", "better than the other cell by more than the noise", "| **best** |"],
           absent: ["No single best"]),
        Case(rule: "no best among a single value", folder: { t in
            constructedFolder(cell(t, "only", [0.7, 0.8, 0.75]))
        }, present: ["Only one cell, `only`", "| only cell |"], absent: ["**Best cell", "**best**", "best on average"]),
        Case(rule: "no best on average when the pooled means are tied", folder: { t in
            constructedFolder(cell(t, "freeze=none,lr=1", [0.80, 0.82, 0.81], ["freeze.strategy": .string("none"), "optimizer.lr": .int(1)])
                              + cell(t, "freeze=none,lr=2", [0.83, 0.80, 0.82], ["freeze.strategy": .string("none"), "optimizer.lr": .int(2)])
                              + cell(t, "freeze=gradual,lr=1", [0.81, 0.80, 0.83], ["freeze.strategy": .string("gradual"), "optimizer.lr": .int(1)])
                              + cell(t, "freeze=gradual,lr=2", [0.82, 0.81, 0.80], ["freeze.strategy": .string("gradual"), "optimizer.lr": .int(2)]),
                              axes: ["freeze.strategy", "optimizer.lr"])
        }, present: ["`freeze.strategy`: no value is best on average", "are tied (difference within noise)"],
           absent: ["is best on average, ahead", "best on average is"]),
        Case(rule: "a slice's tie has no single best", folder: { t in
            constructedFolder(cell(t, "freeze=none,lr=1", [0.80, 0.82, 0.81], ["freeze.strategy": .string("none"), "optimizer.lr": .int(1)])
                              + cell(t, "freeze=gradual,lr=1", [0.81, 0.80, 0.83], ["freeze.strategy": .string("gradual"), "optimizer.lr": .int(1)])
                              + cell(t, "freeze=none,lr=2", [0.50, 0.51, 0.52], ["freeze.strategy": .string("none"), "optimizer.lr": .int(2)])
                              + cell(t, "freeze=gradual,lr=2", [0.90, 0.91, 0.92], ["freeze.strategy": .string("gradual"), "optimizer.lr": .int(2)]),
                              axes: ["freeze.strategy", "optimizer.lr"])
        }, present: ["`optimizer.lr=1`: no single best (`gradual`, `none` tied)", "`optimizer.lr=2`: `gradual`"],
           absent: ["`optimizer.lr=1`: `gradual`;"]),
        Case(rule: "zipped axes are summarised by their zip group", folder: { t in
            constructedFolder(cell(t, "layer_decay=0.7,freeze=gradual", [0.90, 0.91, 0.92], ["optimizer.layer_decay": .number(0.7), "freeze.strategy": .string("gradual")])
                              + cell(t, "layer_decay=1.0,freeze=head-only", [0.60, 0.62, 0.61], ["optimizer.layer_decay": .number(1.0), "freeze.strategy": .string("head-only")]),
                              axes: ["optimizer.layer_decay", "freeze.strategy"], zipGroups: [["optimizer.layer_decay", "freeze.strategy"]])
        }, present: ["### optimizer.layer_decay + freeze.strategy", "`0.7 + gradual`", "vary together (zip)"],
           absent: ["### optimizer.layer_decay\n", "### freeze.strategy\n"]),
        Case(rule: "intervals are clipped to the metric's range", folder: { t in
            constructedFolder(cell(t, "a", [1.0, 0.99, 0.95]))
        }, present: ["0.980 [0.914, 1.000]"], absent: ["0.980 ± 0.066"]),
        Case(rule: "a shared extreme of forgetting names every cell that has it", folder: { t in
            constructedFolder(cell(t, "head-only,0.02", [0.5, 0.6, 0.7], drop: 0) + cell(t, "head-only,1.0", [0.6, 0.5, 0.7], drop: 0)
                              + cell(t, "none,1.0", [0.7, 0.6, 0.5], drop: 0.2))
        }, present: ["smallest (0.000) in 2 cells alike: `head-only,0.02`, `head-only,1.0`", "largest in `none,1.0` (+0.200)"],
           absent: ["smallest in `head-only,0.02`"]),
        Case(rule: "forgetting that is the same everywhere singles out no cell", folder: { t in
            constructedFolder(cell(t, "a", [0.5, 0.6, 0.7], drop: 0) + cell(t, "b", [0.6, 0.5, 0.7], drop: 0))
        }, present: ["is 0.000 in every cell (2 cells)"], absent: ["largest in", "smallest in"]),
        Case(rule: "k-fold CV says so in the Method and counts folds in n", folder: { t in
            let runs = (0..<3).flatMap { fold in
                [0.80, 0.82].enumerated().map { index, value -> LoadedRun in
                    var run = constructedRun(t, cell: "base", seed: index + 1, value: value + Double(fold) / 100)
                    run.planned.fold = fold
                    run.planned.id += "\(fold)"
                    return run
                }
            }
            return constructedFolder(runs, folds: 3)
        }, present: ["K-fold CV: 3-fold cross-validation", "(n = 6)", "n = 3 folds × 3 seeds"], absent: []),
    ]

    @Test(arguments: cases)
    func wording(_ c: Case) throws {
        let folder = c.folder(try templateResult())
        let summary = SummaryBuilder.build(folder)
        let markdown = ReportWriter(summary: summary, folder: folder, figures: []).markdown
        for text in c.present { #expect(markdown.contains(text), "missing: \(text)\n\(markdown)") }
        for text in c.absent { #expect(!markdown.contains(text), "must not say: \(text)") }
    }

    /// Intervals in summary.json stay inside the metric's range too.
    @Test func summaryIntervalsStayInTheMetricRange() throws {
        let folder = constructedFolder(Self.cell(try templateResult(), "a", [1.0, 0.99, 0.95]))
        let interval = try #require(SummaryBuilder.build(folder).cells.first?.selection?.interval)
        #expect(interval.upper == 1)
        #expect(interval.lower > 0.9)
    }
}
