import Testing
@testable import Experiment

/// `data.folds: K` without `fold` runs every cell on all K folds; the folds share the cell,
/// so the report aggregates them like repeats. `fold: i` keeps its meaning: that fold only.
@Suite("k-fold cross-validation in the plan")
struct KFoldPlanTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var data: String
        var sweep: String
        var repeats: Int
        var expectedNames: [String]
        var expectedFolds: Int?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "folds without fold: every fold", data: "data: {source: digits, folds: 3}", sweep: "", repeats: 1,
             expectedNames: ["fold=0", "fold=1", "fold=2"], expectedFolds: 3),
        Case(name: "folds × repeats × a grid", data: "data: {source: digits, folds: 2}",
             sweep: "sweep:\n  optimizer.lr: [0.1, 0.2]", repeats: 2,
             expectedNames: ["lr=0.1,fold=0,seed=1", "lr=0.1,fold=1,seed=1", "lr=0.1,fold=0,seed=2", "lr=0.1,fold=1,seed=2",
                             "lr=0.2,fold=0,seed=1", "lr=0.2,fold=1,seed=1", "lr=0.2,fold=0,seed=2", "lr=0.2,fold=1,seed=2"],
             expectedFolds: 2),
        Case(name: "fold: i keeps its meaning", data: "data: {source: digits, folds: 3, fold: 1}", sweep: "", repeats: 1,
             expectedNames: ["base"], expectedFolds: nil),
        Case(name: "a swept fold keeps its meaning", data: "data: {source: digits, folds: 3}",
             sweep: "sweep:\n  data.fold: [0, 2]", repeats: 1, expectedNames: ["fold=0", "fold=2"], expectedFolds: nil),
    ]

    @Test(arguments: cases)
    func kFold(_ c: Case) throws {
        let text = "experiment: t\nrepeats: \(c.repeats)\n\(c.data)\nmodel: {architecture: cnn}\n\(c.sweep)\n"
        let outcome = plan(text)
        let plan = try #require(outcome.plan, "\(outcome.diagnostics.map(rendered))")
        #expect(plan.runs.map(\.name) == c.expectedNames)
        #expect(plan.folds == c.expectedFolds)
        if c.expectedFolds != nil {
            // Folds of a cell share it, carry their fold in the config, and differ in their id.
            for run in plan.runs { #expect(run.config.at("data.fold")?.int == run.fold) }
            #expect(Set(plan.runs.map(\.id)).count == plan.runs.count)
            #expect(Set(plan.runs.map(\.cell)).count == plan.runs.count / (c.repeats * c.expectedFolds!))
        } else {
            #expect(plan.runs.allSatisfy { $0.fold == nil })
        }
    }

    /// The run limit counts folds: 10 folds × 1,001 grid values is refused before expanding.
    @Test func theRunLimitCountsTheFolds() {
        let values = (1...1001).map { "\($0)e-5" }.joined(separator: ", ")
        let outcome = plan("experiment: t\ndata: {source: digits, folds: 10}\nmodel: {architecture: cnn}\nsweep:\n  optimizer.lr: [\(values)]\n")
        #expect(outcome.plan == nil)
        #expect(outcome.errors.map(\.message) == ["the sweep expands to 10010 runs, more than 10000; narrow the grid"])
    }
}
