import Experiment
import Foundation
import Sweep
import Testing

struct DependencyOrderTests {
    private func plans(_ edges: [(String, String?)]) throws -> [Plan] { try TinyExperiments.plans(edges) }

    @Test func dependenciesComeFirst_otherwiseTheGivenOrderIsKept() throws {
        let order = DependencyOrder.order(try plans([("c", "b"), ("x", nil), ("b", "a"), ("a", nil), ("d", "elsewhere")]))
        #expect(order.diagnostics.isEmpty)
        #expect(order.plans.map(\.experiment) == ["x", "a", "b", "c", "d"])
        #expect(order.dependencies["c"] == ["b"])
        #expect(order.dependencies["d"] == [], "an experiment outside the files is not waited for")
    }

    @Test func aSelfReferenceIsACycle() throws {
        let order = DependencyOrder.order(try plans([("a", "a")]))
        #expect(order.plans.isEmpty)
        #expect(order.diagnostics.map(\.message) == ["model.pretrained: experiment 'a' starts from its own model; an experiment cannot depend on itself"])
        #expect(order.diagnostics.first?.mark?.line == 11)
    }

    @Test func aCycleIsReportedOnce_withEachLinkAsANote() throws {
        let order = DependencyOrder.order(try plans([("x", "c"), ("a", "c"), ("b", "a"), ("c", "b")]))
        #expect(order.diagnostics.count == 1)
        #expect(order.diagnostics.first?.message.contains("(a → c → b → a)") == true)
        #expect(order.diagnostics.first?.notes.count == 2)
    }

    @Test func twoFilesWithOneExperimentNameAreRefused() throws {
        let order = DependencyOrder.order(try plans([("a", nil), ("a", nil)]))
        #expect(order.diagnostics.first?.message.hasPrefix("experiment 'a' is also defined by") == true)
    }
}
