import Testing
@testable import Experiment

/// A fixed value that a sweep axis replaces is still checked (an editor reading the JSON
/// Schema marks it too) and noted as never used; a valid one is a note, never an error.
@Suite("Values a sweep replaces are validated and noted")
struct ReplacedValueTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// YAML with ⟨E⟩ before the replaced value.
        var marked: String
        /// The error expected at ⟨E⟩, or nil when the value is valid.
        var error: String?
        var path: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a misspelled strategy under a freeze.strategy axis", marked: """
            \(minimalExperiment)
            freeze: {strategy: ⟨E⟩gradul}
            sweep:
              freeze.strategy: [none, gradual]
            """, error: "freeze.strategy must be one of \(FreezeConfig.Strategy.allCases.map(\.rawValue).joined(separator: ", ")) (got 'gradul'); did you mean 'gradual'?",
            path: "freeze.strategy"),
        Case(name: "a negative learning rate under an optimizer.lr axis", marked: """
            \(minimalExperiment)
            optimizer: {lr: ⟨E⟩-0.003}
            sweep:
              optimizer.lr: [1e-3, 3e-3]
            """, error: "optimizer.lr must be > 0 (got -0.003)", path: "optimizer.lr"),
        Case(name: "a bad value under a zipped axis", marked: """
            \(minimalExperiment)
            optimizer: {layer_decay: ⟨E⟩2}
            sweep:
              zip:
                optimizer.layer_decay: [0.7, 1.0]
                freeze.strategy: [gradual, none]
            """, error: "optimizer.layer_decay must be <= 1 (got 2)", path: "optimizer.layer_decay"),
        Case(name: "a valid value a sweep replaces", marked: """
            \(minimalExperiment)
            optimizer: {lr: ⟨E⟩0.01}
            sweep:
              optimizer.lr: [1e-3, 3e-3]
            """, error: nil, path: "optimizer.lr"),
    ]

    @Test(arguments: cases)
    func replacedValue(_ c: Case) {
        let text = MarkedText(c.marked)
        let outcome = plan(text.text)
        let at = text.position()
        let note = rendered(at, .note, "\(c.path) is never used: the sweep axis '\(c.path)' replaces it in every run")
        #expect(outcome.diagnostics.map(rendered).contains(note))
        if let error = c.error {
            #expect(outcome.errors.map(rendered).contains(rendered(at, .error, error)), "\(outcome.diagnostics.map(rendered))")
            #expect(outcome.plan == nil)
        } else {
            #expect(outcome.errors.isEmpty, "\(outcome.errors.map(rendered))")
            #expect(outcome.plan != nil, "a note does not stop a plan")
        }
    }

    @Test func aValueNoAxisReplacesGetsNoNote() {
        let outcome = plan("\(minimalExperiment)\noptimizer: {lr: 0.01}\nsweep:\n  freeze.strategy: [none, gradual]\n")
        #expect(!outcome.diagnostics.contains { $0.severity == .note }, "\(outcome.diagnostics.map(rendered))")
    }
}
