import Experiment
import YAML

/// Orders plans so an experiment whose runs start from another experiment's saved model
/// (`model.pretrained: {experiment: NAME}`) comes after that experiment.
///
/// Only experiments among the files given are ordered; a name outside them must already
/// have results (the run itself says so clearly when it has none).
public enum DependencyOrder {
    public struct Outcome: Sendable {
        /// The plans, dependencies first, otherwise in the order given; empty on error.
        public var plans: [Plan]
        /// For each experiment, the experiments among the files it waits for.
        public var dependencies: [String: Set<String>]
        public var diagnostics: [Diagnostic]
    }

    public static func order(_ plans: [Plan]) -> Outcome {
        var diagnostics: [Diagnostic] = []
        var index: [String: Int] = [:]
        for (i, plan) in plans.enumerated() {
            if let first = index[plan.experiment] {
                diagnostics.append(Diagnostic(.error, at: plan.experimentMark,
                    "experiment '\(plan.experiment)' is also defined by \(plans[first].file); both would write the same results folder",
                    notes: [.init(mark: plans[first].experimentMark, message: "first defined here")]))
            } else {
                index[plan.experiment] = i
            }
        }
        guard diagnostics.isEmpty else { return Outcome(plans: [], dependencies: [:], diagnostics: diagnostics) }

        // Edges to experiments among the files; a self-reference is a cycle of one.
        let edges: [[Int]] = plans.map { plan in
            plan.pretrainedExperiments.keys.compactMap { index[$0] }.sorted()
        }
        var dependencies: [String: Set<String>] = [:]
        for (i, plan) in plans.enumerated() { dependencies[plan.experiment] = Set(edges[i].map { plans[$0].experiment }) }

        // Kahn's algorithm, always taking the earliest file that is ready: a stable order.
        var remaining = Array(edges.map(Set.init))
        var placed = Array(repeating: false, count: plans.count)
        var ordered: [Plan] = []
        while let next = (0..<plans.count).first(where: { !placed[$0] && remaining[$0].isEmpty }) {
            placed[next] = true
            ordered.append(plans[next])
            for i in remaining.indices { remaining[i].remove(next) }
        }
        guard ordered.count < plans.count else { return Outcome(plans: ordered, dependencies: dependencies, diagnostics: []) }

        // Whatever is left is on a cycle or waits for one; report each cycle once.
        var reported = Set<Int>()
        for start in 0..<plans.count where !placed[start] && !reported.contains(start) {
            var path: [Int] = []
            var node: Int? = start
            while let current = node, !path.contains(current), !reported.contains(current) {
                path.append(current)
                // An unplaced experiment always waits for another unplaced one.
                node = edges[current].first(where: { !placed[$0] })
            }
            guard let node, let loopStart = path.firstIndex(of: node), !reported.contains(node) else { continue }
            // Start the cycle at the earliest file given, so the error lands in a predictable place.
            var cycle = Array(path[loopStart...])
            if let first = cycle.indices.min(by: { cycle[$0] < cycle[$1] }) { cycle = Array(cycle[first...] + cycle[..<first]) }
            reported.formUnion(cycle)
            diagnostics.append(cycleDiagnostic(cycle, plans: plans))
        }
        return Outcome(plans: [], dependencies: dependencies, diagnostics: diagnostics.ordered())
    }

    /// One error at the first file's mention of the next experiment, notes at the others'.
    private static func cycleDiagnostic(_ cycle: [Int], plans: [Plan]) -> Diagnostic {
        let names = (cycle + [cycle[0]]).map { plans[$0].experiment }
        let chain = names.joined(separator: " → ")
        func mention(_ k: Int) -> (Mark?, String) {
            let from = plans[cycle[k]], to = plans[cycle[(k + 1) % cycle.count]]
            return (from.pretrainedExperiments[to.experiment] ?? from.experimentMark, to.experiment)
        }
        let (mark, target) = mention(0)
        let message = cycle.count == 1
            ? "model.pretrained: experiment '\(target)' starts from its own model; an experiment cannot depend on itself"
            : "model.pretrained: experiments depend on each other's models in a cycle (\(chain)); none of them can run first"
        let notes = (1..<cycle.count).map { k -> Diagnostic.Note in
            let (noteMark, noteTarget) = mention(k)
            return .init(mark: noteMark, message: "\(plans[cycle[k]].experiment) takes its model from '\(noteTarget)' here")
        }
        return Diagnostic(.error, at: mark, message, notes: notes)
    }
}
