import Experiment
import Foundation
import Results
import Sweep
import Testing

/// The schedule is decided before anything runs: these cases need no engine and no cluster.
struct SweepScheduleTests {
    /// Plans of tiny grids (8 runs each), in dependency order.
    private func order(_ names: [(String, String?)]) throws -> DependencyOrder.Outcome {
        DependencyOrder.order(try TinyExperiments.plans(names))
    }

    @Test func freshRunsAllTrain_inDependencyOrder() throws {
        let schedule = SweepSchedule.make(order: try order([("b", "a"), ("a", nil)]), policy: .init(rerunFailed: false), kept: { _, _ in nil })
        #expect(schedule.parts.map(\.experiment) == ["a", "b"])
        #expect(schedule.jobs.count == 16)
        #expect(schedule.jobs.prefix(8).allSatisfy { $0.experiment == "a" && $0.waitsFor.isEmpty })
        #expect(schedule.jobs.suffix(8).allSatisfy { $0.experiment == "b" && $0.waitsFor == ["a"] })
        #expect(schedule.kept.isEmpty && schedule.active == 0)
    }

    /// Status of run i (in plan order) → whether it trains, with and without --rerun-failed.
    @Test(arguments: [
        (RunResult.Status?.none, false, true),
        (.done, false, false), (.done, true, false),
        (.failed, false, true), (.interrupted, false, true), (.running, false, true),
        (.diverged, false, false), (.diverged, true, true),
    ] as [(RunResult.Status?, Bool, Bool)])
    func keptResultsAreSkipped(status: RunResult.Status?, rerunFailed: Bool, trains: Bool) throws {
        let order = try order([("a", nil)])
        let first = try #require(order.plans.first?.runs.first)
        let schedule = SweepSchedule.make(order: order, policy: .init(rerunFailed: rerunFailed)) { _, id in
            (id == first.id ? status : .done).map { ResumePolicy.Kept(status: $0) }
        }
        #expect(schedule.jobs.map(\.spec.id) == (trains ? [first.id] : []))
        let keptCount = schedule.kept.values.reduce(0, +)
        #expect(keptCount == (trains || status == nil ? 7 : 8))
    }

    @Test func runsAScheduler_holdsAreNeitherTrainedNorCountedAsKept() throws {
        let order = try order([("a", nil)])
        let runs = try #require(order.plans.first?.runs)
        let active = [SweepSchedule.key("a", runs[0].id): "queued or running on Slurm: task 7_0 PENDING",
                      SweepSchedule.key("a", runs[1].id): "queued or running on Slurm: task 7_1 RUNNING"]
        let schedule = SweepSchedule.make(order: order, policy: .init(rerunFailed: true), kept: { _, id in
            id == runs[0].id ? ResumePolicy.Kept(status: .failed) : nil  // a failed result that a queued task will replace
        }, active: active)
        #expect(schedule.active == 2)
        #expect(schedule.jobs.count == 6)
        #expect(!schedule.jobs.contains { $0.spec.id == runs[0].id || $0.spec.id == runs[1].id })
        let part = try #require(schedule.parts.first)
        #expect(schedule.summary(of: part).contains("6 to run, 2 skipped (queued or running)"), "\(schedule.summary(of: part))")
        #expect(schedule.details(of: part)[1].contains("skip \(runs[1].id)") && schedule.details(of: part)[1].contains("task 7_1 RUNNING"))
    }
}
