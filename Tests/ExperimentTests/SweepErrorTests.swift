import Foundation
import Testing
@testable import Experiment

@Suite("Sweep mistakes: reported at the path or at the value that is wrong")
struct SweepErrorTests {
    static let paths: [RuleCase] = [
        RuleCase("a misspelled leaf of a path", """
            \(minimalExperiment)
            sweep:
              ⟨E⟩optimizer.lrr: [1e-3, 3e-3]
            """, "sweep: unknown path 'optimizer.lrr'; did you mean 'optimizer.lr'?"),
        RuleCase("a misspelled section of a path", """
            \(minimalExperiment)
            sweep:
              ⟨E⟩optimiser.lr: [1e-3, 3e-3]
            """, "sweep: unknown path 'optimiser.lr'; did you mean 'optimizer.lr'?"),
        RuleCase("a path with nothing close", """
            \(minimalExperiment)
            sweep:
              ⟨E⟩trainer.lr: [1e-3, 3e-3]
            """, "sweep: unknown path 'trainer.lr'"),
        RuleCase("a path below a number", """
            \(minimalExperiment)
            sweep:
              ⟨E⟩optimizer.lr.max: [1]
            """, "sweep: unknown path 'optimizer.lr.max' (optimizer.lr has no keys below it)"),
        RuleCase("sweeping the seed", """
            \(minimalExperiment)
            sweep:
              ⟨E⟩seed: [1, 2, 3]
            """, "sweep cannot vary seed: use repeats to vary the seed"),
        RuleCase("sweeping the experiment name", """
            \(minimalExperiment)
            sweep:
              ⟨E⟩experiment: [a, b]
            """, "sweep cannot vary experiment: an experiment has one name"),
        RuleCase("sweeping repeats", """
            \(minimalExperiment)
            sweep:
              ⟨E⟩repeats: [1, 2]
            """, "sweep cannot vary repeats: repeats multiply every cell already"),
        RuleCase("one path in the grid and in a zip group", """
            \(minimalExperiment)
            sweep:
              optimizer.lr: [1e-3, 3e-3]
              zip:
                - {⟨E⟩optimizer.lr: [1e-2, 1e-1], schedule.epochs: [3, 4]}
            """, "sweep varies optimizer.lr twice"),
    ]

    @Test("unknown, reserved and repeated paths", arguments: paths)
    func path(_ rule: RuleCase) { expectDiagnostic(rule) }

    static let values: [RuleCase] = [
        RuleCase("a negative learning rate among the values", """
            \(minimalExperiment)
            sweep:
              optimizer.lr: [1e-3, ⟨E⟩-1]
            """, "optimizer.lr must be > 0 (got -1)"),
        RuleCase("a bad value on its own line", """
            \(minimalExperiment)
            sweep:
              optimizer.lr:
                - 1e-3
                - ⟨E⟩"3e-3"
            """, #"optimizer.lr must be a number (got string "3e-3"); remove the quotes to write a number"#),
        RuleCase("a misspelled strategy among the values", """
            \(minimalExperiment)
            sweep:
              freeze.strategy: [none, ⟨E⟩gradul]
            """, "freeze.strategy must be one of none, head-only, bottom, gradual, two-stage, lora, bitfit (got 'gradul'); did you mean 'gradual'?"),
        RuleCase("a value that breaks a cross-field rule", """
            \(minimalExperiment)
            freeze: {strategy: bottom}
            sweep:
              freeze.layers: [1, ⟨E⟩5]
            """, "freeze.layers must be at most 2, the number of blocks in this cnn (one per entry of model.channels) (got 5)"),
        RuleCase("a swept class list with a label the dataset lacks", """
            \(minimalExperiment)
            sweep:
              data.classes: [[0, 1], [0, ⟨E⟩x]]
            """, "data.classes: 'x' is not a label of digits (labels: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)"),
        RuleCase("a bad value inside a zip group", """
            \(minimalExperiment)
            sweep:
              zip:
                - optimizer.lr: [1e-3, 1e-2]
                  schedule.epochs: [5, ⟨E⟩0]
            """, "schedule.epochs must be >= 1 (got 0)"),
        RuleCase("a value listed twice", """
            \(minimalExperiment)
            sweep:
              schedule.epochs: [5, 10, ⟨E⟩5]
            """, "sweep schedule.epochs lists the same value twice"),
        RuleCase("two spellings of one value", """
            \(minimalExperiment)
            sweep:
              optimizer.lr: [1, ⟨E⟩1.0]
            """, "runs lr=1 and lr=1.0 resolve to the same configuration"),
        RuleCase("a single value without a list", """
            \(minimalExperiment)
            sweep:
              data.split.train: ⟨E⟩0.5
            """, "sweep data.split.train must be a list of values or {sample: ...} (got number 0.5); write [0.5] for one value"),
        RuleCase("an empty list", """
            \(minimalExperiment)
            sweep:
              optimizer.lr: ⟨E⟩[]
            """, "sweep optimizer.lr needs at least one value"),
        RuleCase("zip lists of unequal length", """
            \(minimalExperiment)
            sweep:
              zip:
                - {optimizer.lr: [1e-3, 2e-3], schedule.epochs: ⟨E⟩[3]}
            """, "sweep.zip schedule.epochs has 1 values but optimizer.lr has 2; zipped lists must be equally long"),
        RuleCase("a zip item that is not a mapping", """
            \(minimalExperiment)
            sweep:
              zip: [⟨E⟩optimizer.lr]
            """, "sweep.zip items must be mappings from paths to lists of equal length"),
        RuleCase("a sweep that is a list", """
            \(minimalExperiment)
            sweep: ⟨E⟩[optimizer.lr]
            """, "sweep must be a mapping of dotted paths to lists of values (got a list)"),
    ]

    @Test("values, each reported at its own line", arguments: values)
    func value(_ rule: RuleCase) { expectDiagnostic(rule) }

    static let sampling: [RuleCase] = [
        RuleCase("samples without a sampled path", """
            \(minimalExperiment)
            sweep:
              optimizer.lr: [1e-3, 3e-3]
              samples: ⟨E⟩4
            """, "sweep.samples needs at least one path given as {sample: uniform | loguniform | choice, ...}"),
        RuleCase("zero samples", """
            \(minimalExperiment)
            sweep:
              optimizer.lr: {sample: uniform, low: 0.001, high: 0.01}
              samples: ⟨E⟩0
            """, "sweep.samples must be an integer from 1 to 100000 (got number 0)"),
        RuleCase("an unknown distribution", """
            \(minimalExperiment)
            sweep:
              optimizer.lr: {sample: ⟨E⟩normal, low: 0.001, high: 0.01}
              samples: 2
            """, "sweep optimizer.lr must be a list or {sample: uniform | loguniform | choice, ...} (got 'normal')"),
        RuleCase("a misspelled distribution", """
            \(minimalExperiment)
            sweep:
              optimizer.lr: {sample: ⟨E⟩loguniforn, low: 0.001, high: 0.01}
              samples: 2
            """, "sweep optimizer.lr must be a list or {sample: uniform | loguniform | choice, ...} (got 'loguniforn'); did you mean 'loguniform'?"),
        RuleCase("a misspelled bound", """
            \(minimalExperiment)
            sweep:
              optimizer.lr: {sample: uniform, low: 0.001, ⟨E⟩hihg: 0.01}
              samples: 2
            """, "unknown key 'hihg' in sweep optimizer.lr; did you mean 'high'?"),
        RuleCase("a missing bound", """
            \(minimalExperiment)
            sweep:
              optimizer.lr: ⟨E⟩{sample: uniform, low: 0.001}
              samples: 2
            """, "sweep optimizer.lr: sample uniform needs high"),
        RuleCase("bounds the wrong way round", """
            \(minimalExperiment)
            sweep:
              optimizer.lr: {sample: uniform, low: 0.01, high: ⟨E⟩0.001}
              samples: 2
            """, "sweep optimizer.lr: high must be greater than low (got low 0.01, high 0.001)"),
        RuleCase("a log-uniform range starting at zero", """
            \(minimalExperiment)
            sweep:
              optimizer.lr: {sample: loguniform, low: ⟨E⟩0, high: 0.01}
              samples: 2
            """, "sweep optimizer.lr: loguniform needs low > 0 (got 0)"),
        RuleCase("a bound that is not a number", """
            \(minimalExperiment)
            sweep:
              optimizer.lr: {sample: uniform, low: ⟨E⟩small, high: 0.01}
              samples: 2
            """, #"sweep optimizer.lr: low must be a finite number (got string "small")"#),
        RuleCase("an integer path with no integer between the bounds", """
            \(minimalExperiment)
            sweep:
              schedule.epochs: {sample: uniform, low: 2.2, high: ⟨E⟩2.8}
              samples: 2
            """, "sweep schedule.epochs: no integer lies between low 2.2 and high 2.8"),
        RuleCase("a choice without values", """
            \(minimalExperiment)
            sweep:
              freeze.strategy: ⟨E⟩{sample: choice}
              samples: 2
            """, "sweep freeze.strategy: sample choice needs a non-empty values list"),
        RuleCase("a choice with a bad value", """
            \(minimalExperiment)
            sweep:
              freeze.strategy: {sample: choice, values: [⟨E⟩frozen]}
            """, "freeze.strategy must be one of none, head-only, bottom, gradual, two-stage, lora, bitfit (got 'frozen')"),
        RuleCase("a drawn value outside the path's bounds", """
            \(minimalExperiment)
            sweep:
              schedule.epochs: ⟨E⟩{sample: uniform, low: 1e300, high: 1e301}
            """, "schedule.epochs must be an integer (got 8.62397e+300)"),
    ]

    @Test("random search", arguments: sampling)
    func sampled(_ rule: RuleCase) { expectDiagnostic(rule) }

    @Test func aDuplicateValueNotesWhereItWasFirstListed() throws {
        let marked = MarkedText("\(minimalExperiment)\nsweep:\n  schedule.epochs: [⟨first⟩5, 10, ⟨E⟩5]\n")
        let error = try #require(plan(marked.text).errors.first)
        #expect(error.mark.map(Position.init) == marked.position())
        #expect(error.notes.map(\.message) == ["first listed here"])
        #expect(error.notes.first?.mark.map(Position.init) == marked.position("first"))
    }

    @Test func aTooLargeGridIsRefusedAtTheSweepBeforeExpanding() {
        let values = "[" + (1...30).map { "\($0)" }.joined(separator: ", ") + "]"
        let marked = MarkedText("""
            \(minimalExperiment)
            ⟨E⟩sweep:
              schedule.epochs: \(values)
              schedule.batch_size: \(values)
              schedule.patience: \(values)
            """)
        let started = Date()
        let outcome = plan(marked.text)
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(outcome.errors.map(rendered) == [
            rendered(marked.position(), .error, "the sweep expands to 27000 runs, more than 10000; narrow the grid"),
        ])
    }

    @Test func tooManyRepeatsAreRefusedNotSilentlyCapped() {
        let marked = MarkedText("\(minimalExperiment)\nrepeats: ⟨E⟩20000\n")
        let outcome = plan(marked.text)
        #expect(outcome.plan == nil)
        #expect(outcome.errors.map(rendered) == [
            rendered(marked.position(), .error, "the sweep expands to 20000 runs, more than 10000; narrow the grid"),
        ])
    }

    @Test func aBadSweepValueIsReportedOnceNotOncePerRun() {
        let marked = MarkedText("""
            \(minimalExperiment)
            repeats: 3
            sweep:
              freeze.strategy: [none, head-only, bottom, gradual]
              optimizer.lr: [1e-3, ⟨E⟩-1]
            """)
        #expect(plan(marked.text).errors.map(rendered) == [rendered(marked.position(), .error, "optimizer.lr must be > 0 (got -1)")])
    }
}
