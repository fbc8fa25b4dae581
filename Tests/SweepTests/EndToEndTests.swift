import Foundation
import Testing

/// The sweep as a user drives it: the real binary, real (tiny) training, real signals.
/// Serialized: each test trains for real and the machine has two cores.
@Suite(.serialized)
struct EndToEndTests {
    static let experiment = "tiny"

    /// One uninterrupted sweep of the tiny 2×2 grid (2 repeats), run once: the fresh-sweep
    /// test inspects it and the kill -9 test compares its resumed results with it.
    struct Reference: Sendable {
        let harness: SweepHarness
        let code: Int32
        let output: String
        let errors: String
    }

    static let reference: Reference? = {
        guard let h = try? SweepHarness("reference"), let file = try? h.write("tiny.yaml", TinyExperiments.grid()),
              let result = try? h.run(["sweep", file, "--results", "results", "--jobs", "2"]) else { return nil }
        return Reference(harness: h, code: result.code, output: result.output, errors: result.errors)
    }()

    @Test func tinySweepWritesEveryFile_andASecondLaunchTrainsNothing() throws {
        let reference = try #require(Self.reference)
        let h = reference.harness
        #expect(reference.code == 0, "\(reference.output)\n\(reference.errors)")

        let plan = try #require(FileManager.default.contents(atPath: h.path("results/tiny/plan.json")))
        let planned = try h.run(["plan", "tiny.yaml", "--json"])
        #expect(String(decoding: plan, as: UTF8.self) == planned.output, "plan.json is exactly `finetune plan --json`")
        let ids = h.runIDs(Self.experiment)
        #expect(ids.count == 8)
        for id in ids {
            for name in ["config.yaml", "result.json", "history.jsonl", "log.txt"] {
                #expect(FileManager.default.fileExists(atPath: "\(h.runsFolder(Self.experiment))/\(id)/\(name)"), "\(id)/\(name)")
            }
        }
        #expect(Set(h.statuses(Self.experiment).values) == ["done"])

        let before = try modificationTimes(h)
        let second = try h.run(["sweep", "tiny.yaml", "--results", "results"])
        #expect(second.code == 0)
        #expect(second.output.contains("8 runs: 0 to run, 8 skipped (done)"), "\(second.output)")
        #expect(second.output.contains("nothing to train"))
        #expect(try modificationTimes(h) == before, "a second launch must not rewrite any result")
    }

    /// Results measured at another numbers version are stale: the next sweep trains them
    /// again, `--keep-stale` keeps them, and the report then names the versions it mixes.
    @Test func staleResultsAreTrainedAgain_unlessKept() throws {
        let reference = try #require(Self.reference).harness
        try #require(reference.metrics(Self.experiment).count == 8, "the reference sweep trained every run")
        let h = try SweepHarness("stale")
        defer { h.remove() }
        _ = try h.write("tiny.yaml", TinyExperiments.grid())
        try FileManager.default.copyItem(atPath: reference.path("results"), toPath: h.path("results"))
        // Two results as a later finetune would have written them, at another numbers version.
        for id in h.runIDs(Self.experiment).prefix(2) {
            let file = "\(h.runsFolder(Self.experiment))/\(id)/result.json"
            var result = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
            var versions = try #require(result["versions"] as? [String: Any])
            versions["numbers"] = 99
            result["versions"] = versions
            try JSONSerialization.data(withJSONObject: result).write(to: URL(fileURLWithPath: file))
        }
        let stale = try h.run(["sweep", "tiny.yaml", "--results", "results", "--dry-run"])
        #expect(stale.code == 0, "\(stale.errors)")
        #expect(stale.output.contains("8 runs: 2 to run, 6 skipped (done)"), "\(stale.output)")
        #expect(stale.output.contains("stale: measured at numbers version 99"), "\(stale.output)")
        let kept = try h.run(["sweep", "tiny.yaml", "--results", "results", "--keep-stale"])
        #expect(kept.code == 0, "\(kept.errors)")
        #expect(kept.output.contains("8 runs: 0 to run"), "\(kept.output)")
        let report = try String(contentsOfFile: h.path("results/tiny/report.md"), encoding: .utf8)
        #expect(report.contains("mix numbers versions 1, 99"), "\(report)")
    }

    /// TensorBoard's own reader (EventAccumulator, tensorboard 2.21) finds every run of the
    /// sweep under its name, with its per-epoch curves equal to history.jsonl, its overrides as
    /// HParams and its end status.
    @Test func tensorBoardsReaderSeesEveryRun() throws {
        let reference = try #require(Self.reference).harness
        try #require(trackingPython != nil, trackingVenvMissing)
        let logdir = reference.path("results/\(Self.experiment)/tensorboard")
        let read = try #require(try trackingScript("read_tensorboard.py", [logdir]) as? [String: [String: Any]])
        let plan = try reference.plannedRuns(reference.path("tiny.yaml"))
        #expect(Set(read.keys) == Set(plan.map(\.name)))
        for run in plan {
            let board = try #require(read[run.name], "\(run.name)")
            #expect(board["files"] as? Int == 1, "one attempt, one event file")
            let scalars = try #require(board["scalars"] as? [String: [[Double]]])
            let history = try String(contentsOfFile: "\(reference.runsFolder(Self.experiment))/\(run.id)/history.jsonl", encoding: .utf8)
                .split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
            for (split, metric) in [("train", "loss"), ("validation", "loss"), ("validation", "accuracy")] {
                let curve = try #require(scalars["\(split)/\(metric)"], "\(run.name): \(split)/\(metric)")
                let expected = history.map { (($0["metrics"] as! [String: [String: Double]])[split]![metric]!) }
                #expect(curve.map { Int($0[0]) } == Array(1...history.count))
                #expect(zip(curve.map { $0[1] }, expected).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) }, "\(run.name) \(split)/\(metric)")
            }
            #expect(scalars.keys.contains { $0.hasPrefix("lr/") } && scalars["time/step_seconds"] != nil && scalars["time/data_seconds"] != nil)
            #expect(scalars["final/test/accuracy"]?.count == 1)
            let start = try #require(board["session_start"] as? [String: Any])
            let hparams = try #require(start["hparams"] as? [String: [Any]])
            #expect(Set(hparams.keys) == ["optimizer.lr", "model.dropout", "seed"])
            #expect(board["session_end"] as? String == "STATUS_SUCCESS")
        }
    }

    /// A run forked from the sweep (libtorch loaded by the parent, threads set at run time)
    /// trains exactly as `finetune run` in a fresh process does.
    @Test func aForkedRunEqualsTheSameRunInItsOwnProcess() throws {
        let reference = try #require(Self.reference)
        let h = reference.harness
        let swept = h.metrics(Self.experiment)
        try #require(swept.count == 8, "the reference sweep trained every run")
        for id in h.runIDs(Self.experiment).prefix(2) {
            let solo = try h.run(["run", "tiny.yaml", "--run", id, "--results", "solo", "--threads", "1"])
            #expect(solo.code == 0, "\(solo.output)\n\(solo.errors)")
            #expect(h.metrics(Self.experiment, root: "solo")[id] == swept[id], "run \(id)")
        }
    }

    @Test func sweepKilledWithSIGKILL_resumesToTheSameResults() throws {
        let reference = try #require(Self.reference).harness
        try #require(reference.metrics(Self.experiment).count == 8, "the reference sweep trained every run")
        let h = try SweepHarness("killed")
        defer { h.remove() }
        let file = try h.write("tiny.yaml", TinyExperiments.grid())
        // The second run waits before its first epoch, so the sweep is provably mid-way (one
        // result written, one run that cannot finish) when it is killed, however fast runs are.
        let held = try #require(try h.plannedRuns(file).dropFirst().first)
        let sweep = try h.launch(["sweep", file, "--results", "results", "--jobs", "2"],
                                 environment: [FaultVariable.name: "pause:\(held.id):1"])
        let midway = SweepHarness.waitUntil(seconds: 120) {
            !h.results(Self.experiment).isEmpty && h.log(Self.experiment, held.id).contains("paused before epoch 1")
        }
        try #require(midway, "no run finished, or the held run never started: \(sweep.output)")
        let children = SweepHarness.children(of: sweep.pid)
        try #require(!children.isEmpty, "the held run is a child of the sweep")
        kill(sweep.pid, SIGKILL)
        #expect(sweep.wait() == 128 + SIGKILL)
        // The children die with the sweep (PR_SET_PDEATHSIG).
        let orphansGone = SweepHarness.waitUntil(seconds: 5) { children.allSatisfy { !SweepHarness.isAlive($0) } }
        #expect(orphansGone, "children \(children) outlived the killed sweep")
        let kept = h.statuses(Self.experiment)
        #expect((1..<8).contains(kept.count), "killed after the first result, before the last: \(kept)")
        #expect(kept[held.id] == nil, "the held run wrote nothing")
        #expect(Set(kept.values) == ["done"], "a killed sweep leaves only complete results: \(kept)")

        let resumed = try h.run(["sweep", file, "--results", "results"])
        #expect(resumed.code == 0, "\(resumed.output)\n\(resumed.errors)")
        #expect(h.statuses(Self.experiment).count == 8)
        #expect(Set(h.statuses(Self.experiment).values) == ["done"])
        #expect(h.metrics(Self.experiment) == reference.metrics(Self.experiment), "runs are deterministic: same ids, same metrics")
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: h.path("results")).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
        // The held run trained twice: its second attempt wrote a new event file, never appending to the first.
        let board = h.path("results/\(Self.experiment)/tensorboard/\(held.name)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: board).filter { $0.contains("tfevents") }.count == 2)
    }

    /// A one-letter results folder (`--results r`) once crashed Foundation's path code.
    @Test func aOneLetterResultsFolderWorks() throws {
        let h = try SweepHarness("one-letter")
        defer { h.remove() }
        let file = try h.write("t.yaml", TinyExperiments.grid(repeats: 1, grid: false))
        let run = try #require(try h.plannedRuns(file).first)
        let single = try h.run(["run", file, "--run", run.id, "--results", "r"])
        #expect(single.code == 0, "\(single.output)\n\(single.errors)")
        let sweep = try h.run(["sweep", file, "--results", "q"])
        #expect(sweep.code == 0, "\(sweep.output)\n\(sweep.errors)")
        #expect(FileManager.default.fileExists(atPath: h.path("q/tiny/report.md")))
    }

    @Test func aSecondSweepOnTheSameResultsIsRefused() throws {
        let h = try SweepHarness("locked")
        defer { h.remove() }
        // Long enough that the first sweep still trains when the second starts (forked runs
        // make a tiny grid finish in about a second).
        let file = try h.write("tiny.yaml", TinyExperiments.grid(epochs: 300))
        let first = try h.launch(["sweep", file, "--results", "results", "--jobs", "1"])
        defer { kill(first.pid, SIGKILL); _ = first.wait() }
        try #require(SweepHarness.waitUntil(seconds: 30) { FileManager.default.fileExists(atPath: h.path("results/tiny/plan.json")) })

        let second = try h.run(["sweep", file, "--results", "results"])
        #expect(second.code == 3)
        #expect(second.errors.contains("results/tiny is being written by another sweep (pid \(first.pid))"), "\(second.errors)")
        #expect(!second.output.contains("training"))
    }

    @Test func ctrlC_marksRunningRunsInterrupted_andARelaunchCompletesThem() throws {
        let h = try SweepHarness("interrupted")
        defer { h.remove() }
        let file = try h.write("tiny.yaml", TinyExperiments.grid(epochs: 3, repeats: 1))
        // Every run waits before its second epoch: once two logs say so, two runs are provably
        // training (past their first epoch) and neither can finish before the Ctrl-C.
        let sweep = try h.launch(["sweep", file, "--results", "results", "--jobs", "2"],
                                 environment: [FaultVariable.name: "pause:*:2"])
        let twoPaused = SweepHarness.waitUntil(seconds: 120) {
            h.runIDs(Self.experiment).filter { h.log(Self.experiment, $0).contains("paused before epoch 2") }.count == 2
        }
        try #require(twoPaused, "\(sweep.output)")
        kill(sweep.pid, SIGINT)
        #expect(sweep.wait() == 130, "\(sweep.output)\n\(sweep.errors)")
        #expect(sweep.output.contains("resume with `finetune sweep tiny.yaml --results results`"), "\(sweep.output)")
        let statuses = h.statuses(Self.experiment)
        #expect(statuses.count == 2 && Set(statuses.values) == ["interrupted"], "the two running runs, and only they: \(statuses)")

        let resumed = try h.run(["sweep", file, "--results", "results"])
        #expect(resumed.code == 0, "\(resumed.output)\n\(resumed.errors)")
        #expect(h.statuses(Self.experiment).count == 4)
        #expect(Set(h.statuses(Self.experiment).values) == ["done"])
    }

    @Test func aChildThatCrashesIsRecordedAsFailed_andTheSweepGoesOn() throws {
        let h = try SweepHarness("crash")
        defer { h.remove() }
        let file = try h.write("tiny.yaml", TinyExperiments.grid(epochs: 2, grid: false))
        let runs = try h.plannedRuns(file)
        try #require(runs.count == 2)
        let (victim, survivor) = (runs[0], runs[1])
        // The victim kills itself before its second epoch: it has trained, it cannot finish.
        let sweep = try h.run(["sweep", file, "--results", "results", "--jobs", "1"],
                              environment: [FaultVariable.name: "kill:\(victim.id):2"])
        #expect(sweep.code == 1, "\(sweep.output)\n\(sweep.errors)")
        #expect(sweep.output.contains("FAILED"), "\(sweep.output)")
        #expect(sweep.output.contains("log: results/tiny/runs/\(victim.id)/log.txt"), "\(sweep.output)")
        #expect(h.statuses(Self.experiment) == [victim.id: "failed", survivor.id: "done"], "the sweep went on after the crash")
        let error = try #require(h.results(Self.experiment)[victim.id]?["error"] as? String)
        #expect(error.contains("killed by signal 9 (SIGKILL)"), "\(error)")
        #expect(error.contains("epoch 1, train loss"), "its log's last lines show it trained: \(error)")
    }

    @Test func filesThatDependOnEachOtherInACycleAreAPositionedError() throws {
        let h = try SweepHarness("cycle")
        defer { h.remove() }
        for (name, other) in [("a", "b"), ("b", "a")] {
            try h.write("\(name).yaml", TinyExperiments.grid(name: name, extra: "") .replacingOccurrences(
                of: "  architecture: mlp\n", with: "  architecture: mlp\n  pretrained: {experiment: \(other)}\n"))
        }
        let result = try h.run(["sweep", "a.yaml", "b.yaml", "--results", "results"])
        #expect(result.code == 2)
        // Line 11 of a.yaml: `  pretrained: {experiment: b}`, the value `b` at column 28.
        #expect(result.errors.contains("a.yaml:11:28: error: model.pretrained: experiments depend on each other's models in a cycle (a → b → a)"), "\(result.errors)")
        #expect(result.errors.contains("b.yaml:11:28: note: b takes its model from 'a' here"))
        #expect(!FileManager.default.fileExists(atPath: h.path("results")), "nothing ran, nothing was written")
    }

    private func modificationTimes(_ h: SweepHarness) throws -> [String: Date] {
        var out: [String: Date] = [:]
        for id in h.runIDs(Self.experiment) {
            let file = "\(h.runsFolder(Self.experiment))/\(id)/result.json"
            out[id] = try FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date
        }
        return out
    }
}
