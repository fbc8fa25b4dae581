import Experiment
import Results

/// What a (re-)launched sweep will do, decided before anything runs: for every planned run,
/// in dependency order, whether it trains and why, and what each experiment waits for.
///
/// A pure value of the plans, the status each run's result.json holds, and the runs a
/// scheduler already has queued or running; the launchers only carry it out, so every
/// decision is testable without training anything.
public struct SweepSchedule: Sendable {
    /// One experiment's share.
    public struct Part: Sendable {
        public var plan: Plan
        /// Every planned run with its decision, in plan order.
        public var decisions: [(spec: RunSpec, decision: ResumePolicy.Decision)]
        /// Experiments among the sweep's files whose runs must end first, sorted.
        public var waitsFor: [String]

        public var experiment: String { plan.experiment }
        public var toRun: [RunSpec] { decisions.filter { $0.decision.runs }.map(\.spec) }
    }

    public var parts: [Part]
    /// Statuses of the kept results (runs not trained again), counted.
    public var kept: [RunResult.Status: Int]
    /// Runs left alone because a scheduler already has them queued or running.
    public var active: Int

    /// The runs to train, in the order they may start.
    public var jobs: [SweepJob] {
        parts.flatMap { part in
            part.toRun.map { spec in
                SweepJob(plan: part.plan, spec: spec, waitsFor: Set(part.waitsFor))
            }
        }
    }

    /// - Parameters:
    ///   - order: The plans in dependency order (``DependencyOrder``).
    ///   - kept: What a run's result.json says (status and numbers version), nil when it has
    ///     none (or it cannot be read).
    ///   - active: `experiment/id` → what already runs it (`Slurm job 12_3 RUNNING`).
    public static func make(order: DependencyOrder.Outcome, policy: ResumePolicy,
                            kept: (_ experiment: String, _ id: String) -> ResumePolicy.Kept?,
                            active: [String: String] = [:]) -> SweepSchedule {
        var keptCounts: [RunResult.Status: Int] = [:]
        var activeCount = 0
        let parts = order.plans.map { plan -> Part in
            let decisions = plan.runs.map { spec -> (spec: RunSpec, decision: ResumePolicy.Decision) in
                if let where_ = active[key(plan.experiment, spec.id)] {
                    activeCount += 1
                    return (spec, .skip(reason: "already \(where_)"))
                }
                let current = kept(plan.experiment, spec.id)
                let decision = policy.decide(current)
                if !decision.runs, let current { keptCounts[current.status, default: 0] += 1 }
                return (spec, decision)
            }
            return Part(plan: plan, decisions: decisions, waitsFor: (order.dependencies[plan.experiment] ?? []).sorted())
        }
        return SweepSchedule(parts: parts, kept: keptCounts, active: activeCount)
    }

    /// The key ``make(order:policy:kept:active:)`` reads `active` by.
    public static func key(_ experiment: String, _ id: String) -> String { experiment + "/" + id }

    /// One line per experiment: how many runs, how many to run, what is skipped and why.
    public func summary(of part: Part) -> String {
        var skipped: [String: Int] = [:]
        for (_, decision) in part.decisions where !decision.runs {
            skipped[Self.category(decision.reason), default: 0] += 1
        }
        let skipText = skipped.isEmpty ? "0 skipped"
            : skipped.sorted { $0.key < $1.key }.map { "\($0.value) skipped (\($0.key))" }.joined(separator: ", ")
        let count = part.plan.runs.count
        return "\(part.experiment) (\(part.plan.file)): \(count) run\(count == 1 ? "" : "s"): \(part.toRun.count) to run, \(skipText)"
            + (part.waitsFor.isEmpty ? "" : "; after \(part.waitsFor.joined(separator: ", "))")
    }

    /// `run`/`skip`, id, name and reason of every run of `part` (`--dry-run`).
    public func details(of part: Part) -> [String] {
        part.decisions.map { "  \($0.decision.runs ? "run " : "skip") \($0.spec.id) \($0.spec.name) (\($0.decision.reason))" }
    }

    /// A skip reason's first words, so "already Slurm job 12_3 PENDING" counts as "already queued".
    private static func category(_ reason: String) -> String {
        if reason.hasPrefix("already ") { return "queued or running" }
        if reason.hasPrefix("diverged") { return "diverged" }
        return reason
    }
}
