import Foundation
import Testing

/// `finetune sweep --executor slurm` against a real one-node cluster on 127.0.0.1: the
/// same metrics as a local sweep, a cancelled task recorded and retrained, dependent
/// experiments in order, a second submission refused. One cluster at a time.
@Suite(.serialized)
struct SlurmTests {
    static let experiment = "tiny"

    /// A 2×2 grid × 2 seeds (8 runs) trained locally at one thread per run, then on Slurm with
    /// one core per task: the metrics are the same, run by run.
    @Test func aSweepThroughSlurmGivesTheLocalMetrics() throws {
        let cluster = try SlurmCluster.start()
        defer { cluster.stop() }
        let h = try SweepHarness("slurm-same")
        defer { h.remove() }
        let file = try h.write("tiny.yaml", TinyExperiments.grid())
        // One job per core: one thread per run, whatever the machine.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let local = try h.run(["sweep", file, "--results", "local", "--jobs", String(cores)])
        #expect(local.code == 0, "\(local.output)\n\(local.errors)")
        let slurm = try h.run(["sweep", file, "--results", "results", "--executor", "slurm", "--cpus-per-task", "1", "--wait"],
                              environment: cluster.environment)
        #expect(slurm.code == 0, "\(slurm.output)\n\(slurm.errors)")
        #expect(slurm.output.contains("submitted tiny: Slurm job"), "\(slurm.output)")
        #expect(slurm.output.contains("slurm: 0 pending, 0 running, 8 done, 0 failed"), "\(slurm.output)")
        #expect(slurm.output.contains("report: "), "\(slurm.output)")
        let metrics = h.metrics(Self.experiment)
        #expect(metrics.count == 8)
        #expect(metrics == h.metrics(Self.experiment, root: "local"), "Slurm and local runs trained the same")
        let results = h.results(Self.experiment)
        #expect(results.values.allSatisfy { (($0["scheduler"] as? [String: Any])?["state"] as? String) == "COMPLETED" })
        #expect(results.values.allSatisfy { (($0["runtime"] as? [String: Any])?["torchThreads"] as? Int) == 1 })
        #expect(FileManager.default.fileExists(atPath: h.path("results/tiny/report.md")))
        let relaunch = try h.run(["sweep", file, "--results", "results", "--executor", "slurm"], environment: cluster.environment)
        #expect(relaunch.code == 0 && relaunch.output.contains("nothing to train"), "\(relaunch.output)\n\(relaunch.errors)")
    }

    /// A task cancelled with scancel while it trains: the following sweep records it as failed,
    /// with Slurm's state and the logs; a relaunch trains it again and completes the sweep.
    @Test func aCancelledTaskIsRecordedAsFailed_andARelaunchCompletes() throws {
        let cluster = try SlurmCluster.start()
        defer { cluster.stop() }
        let h = try SweepHarness("slurm-cancel")
        defer { h.remove() }
        let file = try h.write("tiny.yaml", TinyExperiments.grid(repeats: 1))
        let held = try #require(try h.plannedRuns(file).first)
        let sweep = try h.launch(["sweep", file, "--results", "results", "--executor", "slurm", "--wait"],
                                 environment: cluster.environment.merging(["FINETUNE_FAULT": "pause:\(held.id):1"]) { $1 })
        let paused = SweepHarness.waitUntil(seconds: 120) { h.log(Self.experiment, held.id).contains("paused before epoch 1") }
        try #require(paused, "the held run never started: \(sweep.output)\n\(sweep.errors)")
        let submission = try #require(try String(contentsOfFile: h.path("results/tiny/slurm/submissions.jsonl"), encoding: .utf8)
            .split(separator: "\n").first.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        let job = try #require(submission["job"] as? String)
        let index = try #require((submission["runs"] as? [String])?.firstIndex(of: held.id))
        let cancelled = try cluster.client(["scancel", "\(job)_\(index)"])
        #expect(cancelled.code == 0, "\(cancelled.output)")
        #expect(sweep.wait() == 1, "a failed run fails the sweep: \(sweep.output)\n\(sweep.errors)")
        #expect(sweep.output.contains("FAILED") && sweep.output.contains("was cancelled"), "\(sweep.output)")
        let failed = try #require(h.results(Self.experiment)[held.id])
        #expect(failed["status"] as? String == "failed")
        let scheduler = try #require(failed["scheduler"] as? [String: Any])
        #expect(scheduler["state"] as? String == "CANCELLED")
        #expect(scheduler["job"] as? String == "\(job)_\(index)")
        #expect((failed["error"] as? String)?.contains("log.txt") == true, "\(failed["error"] ?? "")")
        #expect(Set(h.statuses(Self.experiment).filter { $0.key != held.id }.values) == ["done"])

        let relaunch = try h.run(["sweep", file, "--results", "results", "--executor", "slurm", "--wait"], environment: cluster.environment)
        #expect(relaunch.code == 0, "\(relaunch.output)\n\(relaunch.errors)")
        #expect(relaunch.output.contains("4 runs: 1 to run, 3 skipped (done)"), "\(relaunch.output)")
        #expect(h.statuses(Self.experiment).count == 4 && Set(h.statuses(Self.experiment).values) == ["done"])
    }

    /// An experiment that starts from another's model is submitted with afterok on that one's
    /// array, so its runs start only after every source run ended well.
    @Test func twoDependentExperimentsRunInOrder() throws {
        let cluster = try SlurmCluster.start()
        defer { cluster.stop() }
        let h = try SweepHarness("slurm-order")
        defer { h.remove() }
        let source = TinyExperiments.grid(name: "src", repeats: 2, grid: false, extra: "output: {save_model: true}")
        let transfer = TinyExperiments.grid(name: "dst", repeats: 2, grid: false, extra: "freeze: {strategy: head-only}")
            .replacingOccurrences(of: "  classes: [0, 1, 2]", with: "  classes: [3, 4, 5]")
            .replacingOccurrences(of: "  hidden: [16]", with: "  hidden: [16]\n  pretrained: {experiment: src}")
        // Given in the wrong order: the sweep orders them.
        let files = [try h.write("dst.yaml", transfer), try h.write("src.yaml", source)]
        let result = try h.run(["sweep"] + files + ["--results", "results", "--executor", "slurm", "--wait"], environment: cluster.environment)
        #expect(result.code == 0, "\(result.output)\n\(result.errors)")
        let sourceJob = try #require(result.output.firstMatch(of: /submitted src: Slurm job (\d+)/)?.1)
        #expect(result.output.contains("submitted dst: Slurm job") && result.output.contains("after job \(sourceJob)"), "\(result.output)")
        func times(_ experiment: String, _ key: String) -> [Date] {
            h.results(experiment).values.compactMap { (($0["timings"] as? [String: Any])?[key] as? String).flatMap(ISO8601DateFormatter().date(from:)) }
        }
        let sourceEnds = times("src", "finished"), transferStarts = times("dst", "started")
        #expect(sourceEnds.count == 2 && transferStarts.count == 2)
        #expect(transferStarts.min()! >= sourceEnds.max()!, "dst started \(transferStarts) before src ended \(sourceEnds)")
        #expect(h.results("dst").values.allSatisfy { (($0["pretrained"] as? [String: Any])?["source"] as? String)?.contains("src") == true })
    }

    /// While the first submission's tasks are queued, a second one has nothing to add: it is
    /// refused (exit 3) and names the jobs; nothing is submitted twice.
    @Test func aSecondSubmissionWhileTheFirstIsQueuedIsRefused() throws {
        let cluster = try SlurmCluster.start()
        defer { cluster.stop() }
        let h = try SweepHarness("slurm-twice")
        defer { h.remove() }
        let file = try h.write("tiny.yaml", TinyExperiments.grid(repeats: 1))
        // Held in the queue for an hour: still queued when the second submission looks.
        let hold = ["--executor", "slurm", "--slurm-arg=--begin=now+3600"]
        let first = try h.run(["sweep", file, "--results", "results"] + hold, environment: cluster.environment)
        #expect(first.code == 0 && first.output.contains("submitted tiny: Slurm job"), "\(first.output)\n\(first.errors)")
        let job = try #require(first.output.firstMatch(of: /Slurm job (\d+)/)?.1)
        let second = try h.run(["sweep", file, "--results", "results"] + hold, environment: cluster.environment)
        #expect(second.code == 3, "\(second.output)\n\(second.errors)")
        #expect(second.errors.contains("already queued or running on Slurm (job \(job))"), "\(second.errors)")
        #expect(second.output.contains("4 runs: 0 to run, 4 skipped (queued or running)"), "\(second.output)")
        let submissions = try String(contentsOfFile: h.path("results/tiny/slurm/submissions.jsonl"), encoding: .utf8)
        #expect(submissions.split(separator: "\n").count == 1, "one submission recorded")
        // Nor does a local sweep train what Slurm holds.
        let local = try h.run(["sweep", file, "--results", "results"], environment: cluster.environment)
        #expect(local.code == 3 && local.output.contains("4 skipped (queued or running)"), "\(local.output)\n\(local.errors)")
        #expect(h.statuses(Self.experiment).isEmpty, "nothing trained locally")
        let queue = try cluster.client(["squeue", "-h", "-r", "-o", "%i %T"])
        #expect(queue.output.split(separator: "\n").count == 4, "\(queue.output)")
    }

    /// A submission sbatch cannot take (here: no sbatch on PATH) leaves the results as they
    /// were: the failed run it would have retrained still says failed.
    @Test func aRefusedSubmissionKeepsTheResults() throws {
        let h = try SweepHarness("slurm-refused")
        defer { h.remove() }
        let file = try h.write("tiny.yaml", TinyExperiments.grid(repeats: 1, grid: false))
        let run = try #require(try h.plannedRuns(file).first)
        let local = try h.run(["sweep", file, "--results", "results"], environment: ["FINETUNE_FAULT": "kill:\(run.id):1"])
        #expect(local.code == 1 && h.statuses(Self.experiment)[run.id] == "failed", "\(local.output)\n\(local.errors)")
        let refused = try h.run(["sweep", file, "--results", "results", "--executor", "slurm"], environment: ["PATH": "/nonexistent"])
        #expect(refused.code == 1, "\(refused.output)\n\(refused.errors)")
        #expect(refused.errors.contains("sbatch is not on PATH"), "\(refused.errors)")
        #expect(h.statuses(Self.experiment)[run.id] == "failed", "the failed result is kept")
    }

    /// A task over its memory is killed by Slurm (22.05 shows it as FAILED, signal 9); the run
    /// is recorded as failed and says it ran out of memory, with both logs.
    @Test func aTaskOverItsMemoryIsRecordedAsOutOfMemory() throws {
        let cluster = try SlurmCluster.start()
        defer { cluster.stop() }
        let h = try SweepHarness("slurm-memory")
        defer { h.remove() }
        let file = try h.write("tiny.yaml", TinyExperiments.grid(repeats: 1, grid: false))
        // The engine alone (libtorch loaded) needs far more than 40 MB; the run then waits
        // (FINETUNE_FAULT) until Slurm's memory check, once a second, kills it.
        let result = try h.run(["sweep", file, "--results", "results", "--executor", "slurm", "--mem", "40M", "--wait"],
                               environment: cluster.environment.merging(["FINETUNE_FAULT": "pause:*:1"]) { $1 })
        #expect(result.code == 1, "\(result.output)\n\(result.errors)")
        let run = try #require(h.results(Self.experiment).values.first)
        #expect(run["status"] as? String == "failed")
        let error = run["error"] as? String ?? ""
        #expect(error.contains("ran out of memory (raise --mem)") && error.contains(".out"), "\(error)")
        #expect(result.output.contains("FAILED") && result.output.contains("logs: "), "\(result.output)")
    }

    /// Ctrl-C while following leaves the jobs queued (a relaunch with --wait follows them
    /// again); with --cancel-on-interrupt it cancels them.
    @Test func ctrlCWhileWaitingLeavesTheJobs_unlessAskedToCancel() throws {
        let cluster = try SlurmCluster.start()
        defer { cluster.stop() }
        let h = try SweepHarness("slurm-interrupt")
        defer { h.remove() }
        let file = try h.write("tiny.yaml", TinyExperiments.grid(repeats: 1, grid: false))
        let hold = ["sweep", file, "--results", "results", "--executor", "slurm", "--slurm-arg=--begin=now+3600", "--wait"]
        func queued() throws -> Int {
            try cluster.client(["squeue", "-h", "-r", "-o", "%i"]).output.split(separator: "\n").count
        }
        for cancel in [false, true] {
            let sweep = try h.launch(hold + (cancel ? ["--cancel-on-interrupt"] : []), environment: cluster.environment)
            let following = SweepHarness.waitUntil(seconds: 60) { sweep.output.contains("slurm: 1 pending") }
            try #require(following, "\(sweep.output)\n\(sweep.errors)")
            kill(sweep.pid, SIGINT)
            #expect(sweep.wait() == 130, "\(sweep.output)\n\(sweep.errors)")
            if cancel {
                #expect(sweep.output.contains("SIGINT: cancelled Slurm job"), "\(sweep.output)")
                #expect(SweepHarness.waitUntil(seconds: 30) { (try? queued()) == 0 }, "the job was cancelled")
            } else {
                #expect(sweep.output.contains("the Slurm jobs keep running"), "\(sweep.output)")
                #expect(try queued() == 1)
            }
        }
    }
}
