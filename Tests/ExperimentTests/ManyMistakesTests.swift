import Foundation
import Testing
@testable import Experiment

@Suite("All mistakes at once: N independent mistakes give N positioned diagnostics")
struct ManyMistakesTests {
    /// Nine unrelated mistakes, numbered in file order: a misspelled top-level key, a class
    /// the dataset lacks, an out-of-range dropout, a misspelled enum value, a negative
    /// learning rate, a misspelled nested key, a quoted integer, a too-long warmup, and an
    /// unknown sweep path (that does not touch a path with another mistake).
    static let file = """
        experiment: nine-mistakes
        ⟨1⟩descripton: every mistake at once
        data:
          source: digits
          classes: [5, 6, ⟨2⟩11]
          split: {train: 0.6, validation: 0.2, test: 0.2}
        model:
          architecture: cnn
          pretrained: {experiment: digits-pretrain}
          dropout: ⟨3⟩1.5
        freeze:
          strategy: ⟨4⟩gradul
        optimizer:
          name: adamw
          lr: ⟨5⟩-0.003
          ⟨6⟩wieght_decay: 0.01
        schedule:
          epochs: ⟨7⟩"10"
          warmup: ⟨8⟩1.5
        sweep:
          ⟨9⟩schedule.batch_sizes: [16, 32]
        """

    static let messages = [
        "unknown key 'descripton'; did you mean 'description'?",
        "data.classes: '11' is not a label of digits (labels: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9); did you mean '1'?",
        "model.dropout must be < 1 (got 1.5)",
        "freeze.strategy must be one of none, head-only, bottom, gradual, two-stage, lora, bitfit (got 'gradul'); did you mean 'gradual'?",
        "optimizer.lr must be > 0 (got -0.003)",
        "unknown key 'optimizer.wieght_decay'; did you mean 'weight_decay'?",
        #"schedule.epochs must be an integer (got string "10"); remove the quotes to write a number"#,
        "schedule.warmup must be shorter than the run: a fraction of all steps below 1 (got 1.5)",
        "sweep: unknown path 'schedule.batch_sizes'; did you mean 'schedule.batch_size'?",
    ]

    @Test func nineIndependentMistakesGiveNineErrorsInPositionOrder() {
        let marked = MarkedText(Self.file)
        let workspace = Workspace()
        let path = workspace.write("nine.yaml", marked.text)
        let outcome = Planner.plan(file: path)
        let expected = Self.messages.enumerated().map { index, message in
            rendered(marked.position("\(index + 1)"), .error, message)
        }
        #expect(outcome.plan == nil)
        #expect(outcome.diagnostics.map(rendered) == expected)
        #expect(outcome.diagnostics.allSatisfy { $0.mark?.file == path })
        let positions = outcome.diagnostics.compactMap { $0.mark.map(Position.init) }
        #expect(positions == positions.sorted(), "diagnostics come in file order")
    }

    /// Fixing one mistake removes exactly one diagnostic: nothing else depended on it.
    @Test(arguments: 1...9)
    func fixingOneMistakeRemovesExactlyItsDiagnostic(_ fixed: Int) {
        let fixes = [
            "⟨1⟩descripton": "description",
            "⟨2⟩11": "7",
            "⟨3⟩1.5": "0.5",
            "⟨4⟩gradul": "gradual",
            "⟨5⟩-0.003": "0.003",
            "⟨6⟩wieght_decay": "weight_decay",
            "⟨7⟩\"10\"": "10",
            "⟨8⟩1.5": "0.1",
            "⟨9⟩schedule.batch_sizes": "schedule.batch_size",
        ]
        let (marker, replacement) = fixes.first { $0.key.hasPrefix("⟨\(fixed)⟩") }!
        let outcome = plan(MarkedText(Self.file.replacingOccurrences(of: marker, with: replacement)).text)
        var expected = Self.messages
        expected.remove(at: fixed - 1)
        #expect(outcome.errors.map(\.message) == expected)
    }
}
