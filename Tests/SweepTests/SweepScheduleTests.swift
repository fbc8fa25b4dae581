import Experiment
import Foundation
import Results
import Sweep
import Testing

/// The schedule is decided before anything runs: these cases need no engine and no cluster.
struct SweepScheduleTests {
    /// Plans of tiny grids (8 runs each); `b` starts from `a`'s model.
    private func order(_ names: [(String, String?)]) throws -> DependencyOrder.Outcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("finetune-schedule-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plans = try names.map { name, source in
            let file = folder.appendingPathComponent("\(name).yaml").path
            try TinyExperiments.grid(name: name).replacingOccurrences(
                of: "  architecture: mlp\n",
                with: "  architecture: mlp\n" + (source.map { "  pretrained: {experiment: \($0)}\n" } ?? "")
            ).write(toFile: file, atomically: true, encoding: .utf8)
            let outcome = Planner.plan(file: file)
            return try #require(outcome.plan, "\(outcome.diagnostics)")
        }
        return DependencyOrder.order(plans)
    }

    @Test func freshRunsAllTrain_inDependencyOrder() throws {
        let schedule = SweepSchedule.make(order: try order([("b", "a"), ("a", nil)]), policy: .init(rerunFailed: false)) { _, _ in nil }
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
            id == first.id ? status : .done
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
        let schedule = SweepSchedule.make(order: order, policy: .init(rerunFailed: true), status: { _, id in
            id == runs[0].id ? .failed : nil  // a failed result that a queued task will replace
        }, active: active)
        #expect(schedule.active == 2)
        #expect(schedule.jobs.count == 6)
        #expect(!schedule.jobs.contains { $0.spec.id == runs[0].id || $0.spec.id == runs[1].id })
        let part = try #require(schedule.parts.first)
        #expect(schedule.summary(of: part).contains("6 to run, 2 skipped (queued or running)"), "\(schedule.summary(of: part))")
        #expect(schedule.details(of: part)[1].contains("skip \(runs[1].id)") && schedule.details(of: part)[1].contains("task 7_1 RUNNING"))
    }
}
