import Foundation
import Testing

/// Sweeps sent to a real MLflow tracking server (SQLite store) on loopback, read back with
/// MLflow's own client: every run once, with its parameters, metric history and result, even
/// after a kill -9 and a relaunch, a server that stops mid-sweep, or one that refuses.
/// Serialized: each test trains for real, and each starts its own server.
@Suite(.serialized)
struct MLflowTests {
    static let experiment = "tiny"
    static let epochs = 2

    static func file(_ h: SweepHarness) throws -> String {
        try h.write("tiny.yaml", TinyExperiments.grid(epochs: epochs))
    }

    /// The runs MLflow holds of the experiment, checked against the results folder: one per
    /// planned run (plus the parent, which holds the report), each finished, with every epoch.
    static func expectComplete(_ server: MLflowServer, _ h: SweepHarness, _ file: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let runs = try #require(try server.read([experiment])[experiment], sourceLocation: sourceLocation)
        let plan = try h.plannedRuns(file)
        let children = runs.filter { ($0["tags"] as? [String: String])?["finetune.kind"] != "sweep" }
        let parents = runs.filter { ($0["tags"] as? [String: String])?["finetune.kind"] == "sweep" }
        #expect(children.count == plan.count, "one MLflow run per finetune run: \(children.map { $0["name"] ?? "" })", sourceLocation: sourceLocation)
        #expect(parents.count == 1, sourceLocation: sourceLocation)
        #expect(Set(children.compactMap { ($0["tags"] as? [String: String])?["finetune.run_id"] }) == Set(plan.map(\.id)), sourceLocation: sourceLocation)
        let parentID = parents.first?["id"] as? String
        for run in children {
            let tags = run["tags"] as? [String: String] ?? [:]
            let id = tags["finetune.run_id"] ?? "?"
            #expect(run["status"] as? String == "FINISHED", "\(id)", sourceLocation: sourceLocation)
            #expect(tags["mlflow.parentRunId"] == parentID, sourceLocation: sourceLocation)
            let params = run["params"] as? [String: String] ?? [:]
            #expect(params["experiment"] == experiment && params["optimizer.name"] == "adam" && params["schedule.epochs"] == String(epochs),
                    sourceLocation: sourceLocation)
            let metrics = run["metrics"] as? [String: [[Double]]] ?? [:]
            #expect(metrics["validation.accuracy"]?.map { Int($0[0]) } == Array(1...epochs), "\(id): one point per epoch, no duplicate",
                    sourceLocation: sourceLocation)
            #expect(metrics["final.test.accuracy"]?.count == 1, sourceLocation: sourceLocation)
            #expect(run["artifacts"] as? [String] == ["result.json"], sourceLocation: sourceLocation)
            // The numbers are the run's own.
            let result = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(h.runsFolder(experiment))/\(id)/result.json"))) as? [String: Any]
            let test = ((result?["metrics"] as? [String: Any])?["test"] as? [String: Double])?["accuracy"]
            #expect(metrics["final.test.accuracy"]?.first?[1] == test, sourceLocation: sourceLocation)
        }
        #expect(parents.first?["artifacts"] as? [String] == ["report.md", "summary.json"], sourceLocation: sourceLocation)
    }

    @Test func aSweepAppearsOnce_withParamsMetricsAndResults() throws {
        let server = try MLflowServer()
        defer { server.stop() }
        let h = try SweepHarness("mlflow-once")
        defer { h.remove() }
        let file = try Self.file(h)
        let sweep = try h.run(["sweep", file, "--results", "results", "--mlflow", server.uri])
        #expect(sweep.code == 0, "\(sweep.output)\n\(sweep.errors)")
        #expect(!sweep.errors.contains("warning"), "\(sweep.errors)")
        try Self.expectComplete(server, h, file)
        // A relaunch and `finetune track` send nothing twice.
        let again = try h.run(["sweep", file, "--results", "results"], environment: ["MLFLOW_TRACKING_URI": server.uri])
        #expect(again.code == 0, "\(again.errors)")
        let track = try h.run(["track", "results/\(Self.experiment)", "--mlflow", server.uri])
        #expect(track.code == 0, "\(track.errors)")
        #expect(track.output.contains("tiny: 0 runs had something to send"), "\(track.output)")
        try Self.expectComplete(server, h, file)
    }

    @Test func killNineThenRelaunch_neverDuplicates() throws {
        let server = try MLflowServer()
        defer { server.stop() }
        let h = try SweepHarness("mlflow-kill")
        defer { h.remove() }
        let file = try Self.file(h)
        let held = try #require(try h.plannedRuns(file).dropFirst().first)
        let sweep = try h.launch(["sweep", file, "--results", "results", "--jobs", "2", "--mlflow", server.uri],
                                 environment: ["FINETUNE_FAULT": "pause:\(held.id):2"])
        let midway = SweepHarness.waitUntil(seconds: 120) {
            !h.results(Self.experiment).isEmpty && h.log(Self.experiment, held.id).contains("paused before epoch 2")
        }
        try #require(midway, "no run finished, or the held run never reached epoch 2: \(sweep.output)")
        // Let the sweep send what it has (the held run's first epoch among it), then kill it.
        _ = SweepHarness.waitUntil(seconds: 20) { ((try? server.read([Self.experiment])[Self.experiment]) ?? nil)?.count ?? 0 >= 2 }
        kill(sweep.pid, SIGKILL)
        _ = sweep.wait()
        let resumed = try h.run(["sweep", file, "--results", "results", "--mlflow", server.uri])
        #expect(resumed.code == 0, "\(resumed.output)\n\(resumed.errors)")
        try Self.expectComplete(server, h, file)
    }

    @Test func aServerStoppedMidSweep_trainingFinishes_andTheNextSweepCatchesUp() throws {
        let server = try MLflowServer()
        defer { server.stop() }
        let h = try SweepHarness("mlflow-down")
        defer { h.remove() }
        let file = try Self.file(h)
        let held = try #require(try h.plannedRuns(file).dropFirst().first)
        let gate = h.path("gate")
        let sweep = try h.launch(["sweep", file, "--results", "results", "--jobs", "2", "--mlflow", server.uri],
                                 environment: ["FINETUNE_FAULT": "hold:\(held.id):2", "FINETUNE_FAULT_GATE": gate])
        let midway = SweepHarness.waitUntil(seconds: 120) {
            !h.results(Self.experiment).isEmpty && h.log(Self.experiment, held.id).contains("held before epoch 2")
        }
        try #require(midway, "\(sweep.output)")
        server.halt()
        FileManager.default.createFile(atPath: gate, contents: nil)
        #expect(sweep.wait() == 0, "\(sweep.output)\n\(sweep.errors)")
        #expect(Set(h.statuses(Self.experiment).values) == ["done"])
        #expect(sweep.errors.components(separatedBy: "warning: MLflow").count - 1 == 1, "one warning per sweep: \(sweep.errors)")
        #expect(sweep.errors.contains("tracking.jsonl"))
        try server.start()
        let next = try h.run(["sweep", file, "--results", "results", "--mlflow", server.uri])
        #expect(next.code == 0 && next.output.contains("0 to run"), "\(next.output)\n\(next.errors)")
        try Self.expectComplete(server, h, file)
    }

    @Test func aURIThatRefuses_isOneWarning_andTheSweepSucceeds() throws {
        let h = try SweepHarness("mlflow-refused")
        defer { h.remove() }
        let file = try h.write("tiny.yaml", TinyExperiments.grid(repeats: 1, grid: false))
        let uri = "http://user:secret@127.0.0.1:\(MLflowServer.freePort())"
        let sweep = try h.run(["sweep", file, "--results", "results"], environment: ["MLFLOW_TRACKING_URI": uri])
        #expect(sweep.code == 0, "\(sweep.output)\n\(sweep.errors)")
        #expect(sweep.errors.components(separatedBy: "warning: MLflow").count - 1 == 1, "\(sweep.errors)")
        #expect(!(sweep.output + sweep.errors).contains("secret"), "credentials never printed")
        let results = try String(contentsOfFile: "\(h.runsFolder(Self.experiment))/\(h.runIDs(Self.experiment)[0])/result.json", encoding: .utf8)
        #expect(!results.contains("secret"))
        // What it would have sent waits in tracking.jsonl.
        let tracking = try String(contentsOfFile: "\(h.runsFolder(Self.experiment))/\(h.runIDs(Self.experiment)[0])/tracking.jsonl", encoding: .utf8)
        #expect(tracking.contains("\"event\":\"end\""))
        // A URI finetune cannot speak to is a clear error before anything runs.
        let wrong = try h.run(["sweep", file, "--results", "results", "--mlflow", "databricks"])
        #expect(wrong.code == 2 && wrong.errors.contains("not an http(s) server address"), "\(wrong.errors)")
    }
}
