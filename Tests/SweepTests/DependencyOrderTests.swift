import Experiment
import Foundation
import Sweep
import Testing

struct DependencyOrderTests {
    /// Plans for experiments named by the keys, each starting from the model of its value.
    private func plans(_ edges: [(String, String?)]) throws -> [Plan] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("finetune-order-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try edges.map { name, source in
            let file = folder.appendingPathComponent("\(name).yaml").path
            try TinyExperiments.grid(name: name).replacingOccurrences(
                of: "  architecture: mlp\n",
                with: "  architecture: mlp\n" + (source.map { "  pretrained: {experiment: \($0)}\n" } ?? "")
            ).write(toFile: file, atomically: true, encoding: .utf8)
            let outcome = Planner.plan(file: file)
            return try #require(outcome.plan, "\(outcome.diagnostics)")
        }
    }

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
