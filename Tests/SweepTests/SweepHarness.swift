import Experiment
import Foundation
import Datasets
import Testing

/// Runs the built `finetune` binary in a scratch folder, as a user would.
///
/// The binary is `swift build`'s (`.build/debug/finetune` next to this package); `make test`
/// builds it before testing.
struct SweepHarness {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = package.appendingPathComponent(".build/debug/finetune").path
    /// The machine-wide asset cache, found as finetune finds it.
    static let assets = AssetsRoot.resolve(environment: ProcessInfo.processInfo.environment)

    /// A fresh folder for one test's files and results.
    let folder: URL

    init(_ name: String) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the tool first: swift build (\(Self.binary))")
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("finetune-sweep-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    func path(_ relative: String) -> String { folder.appendingPathComponent(relative).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        return name
    }

    /// A process running `finetune ARGS` in the folder; its output goes to files.
    final class Launched {
        let process = Process()
        let stdout: URL
        let stderr: URL

        init(_ arguments: [String], in folder: URL, environment extra: [String: String] = [:]) throws {
            let tag = UUID().uuidString.prefix(8)
            stdout = folder.appendingPathComponent(".out-\(tag)")
            stderr = folder.appendingPathComponent(".err-\(tag)")
            _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
            _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
            process.executableURL = URL(fileURLWithPath: SweepHarness.binary)
            process.arguments = arguments
            process.currentDirectoryURL = folder
            var environment = ProcessInfo.processInfo.environment
            environment["FINETUNE_ASSETS"] = SweepHarness.assets
            environment[FaultVariable.name] = nil  // only a test that asks for a fault gets one
            environment["MLFLOW_TRACKING_URI"] = nil  // nor does a sweep send runs to a server the tester uses
            environment.merge(extra) { $1 }
            process.environment = environment
            process.standardOutput = try FileHandle(forWritingTo: stdout)
            process.standardError = try FileHandle(forWritingTo: stderr)
            try process.run()
        }

        var pid: Int32 { process.processIdentifier }
        var output: String { (try? String(contentsOf: stdout, encoding: .utf8)) ?? "" }
        var errors: String { (try? String(contentsOf: stderr, encoding: .utf8)) ?? "" }

        /// Waits for the exit; returns the exit code (128 + signal when killed).
        func wait() -> Int32 {
            process.waitUntilExit()
            return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        }
    }

    func launch(_ arguments: [String], environment: [String: String] = [:]) throws -> Launched {
        try Launched(arguments, in: folder, environment: environment)
    }

    /// Runs `finetune ARGS` to the end; `environment` overrides variables (FINETUNE_ASSETS…).
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (code: Int32, output: String, errors: String) {
        let launched = try launch(arguments, environment: environment)
        let code = launched.wait()
        return (code, launched.output, launched.errors)
    }

    /// The ids of the runs `file` plans, in plan order.
    func plannedRuns(_ file: String) throws -> [(id: String, name: String)] {
        let planned = try run(["plan", file, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(planned.output.utf8)) as? [String: Any])
        let runs = try #require(object["runs"] as? [[String: Any]])
        return runs.compactMap { run in (run["id"] as? String).map { ($0, run["name"] as? String ?? "") } }
    }

    /// Polls `condition` every 20 ms until it holds or `seconds` pass.
    static func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    // MARK: - Results

    /// `root` relative to the test's folder, or absolute (a scratch mount).
    func runsFolder(_ experiment: String, root: String = "results") -> String {
        root.hasPrefix("/") ? "\(root)/\(experiment)/runs" : path("\(root)/\(experiment)/runs")
    }

    func runIDs(_ experiment: String, root: String = "results") -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: runsFolder(experiment, root: root))) ?? []).sorted()
    }

    /// result.json of every run that has one, by run id.
    func results(_ experiment: String, root: String = "results") -> [String: [String: Any]] {
        var out: [String: [String: Any]] = [:]
        for id in runIDs(experiment, root: root) {
            let file = "\(runsFolder(experiment, root: root))/\(id)/result.json"
            guard let data = FileManager.default.contents(atPath: file),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { continue }
            out[id] = object
        }
        return out
    }

    /// A run's log.txt, empty when there is none yet.
    func log(_ experiment: String, _ id: String) -> String {
        (try? String(contentsOfFile: "\(runsFolder(experiment))/\(id)/log.txt", encoding: .utf8)) ?? ""
    }

    func statuses(_ experiment: String) -> [String: String] {
        results(experiment).compactMapValues { $0["status"] as? String }
    }

    /// Each run's metrics, as canonical JSON text for exact comparison.
    func metrics(_ experiment: String, root: String = "results") -> [String: String] {
        results(experiment, root: root).compactMapValues { result in
            guard let metrics = result["metrics"],
                  let data = try? JSONSerialization.data(withJSONObject: metrics, options: [.sortedKeys]) else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// Children of `pid` (Linux /proc).
    static func children(of pid: Int32) -> [Int32] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.flatMap { task -> [Int32] in
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? ""
            return text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
    }

    static func isAlive(_ pid: Int32) -> Bool {
        // A zombie is dead for our purposes.
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        let state = stat.split(separator: ")").last?.split(separator: " ").first
        return state != "Z" && state != "X"
    }
}

/// `FINETUNE_FAULT` (Training's `FaultHook`): `kill:RUN:EPOCH` or `pause:RUN:EPOCH`.
enum FaultVariable {
    static let name = "FINETUNE_FAULT"
}

/// Tiny experiments: seconds of real training each.
enum TinyExperiments {
    /// A 2×2 grid with 2 repeats: 8 runs of one epoch of a small MLP on three digit classes.
    /// Smaller variants (`grid: false`) keep only the repeats.
    static func grid(name: String = "tiny", epochs: Int = 1, repeats: Int = 2, grid: Bool = true, extra: String = "") -> String {
        """
        experiment: \(name)
        description: A 2x2 grid, 2 repeats, for the sweep tests.
        seed: 1
        repeats: \(repeats)
        data:
          source: digits
          classes: [0, 1, 2]
          split: {train: 0.5, validation: 0.25, test: 0.25, stratify: true}
        model:
          architecture: mlp
          hidden: [16]
        optimizer:
          name: adam
          lr: 1e-3
        schedule:
          epochs: \(epochs)
          batch_size: 32
        evaluation:
          metrics: [accuracy]
          select: validation.accuracy
        \(extra)

        """ + (grid ? """
        sweep:
          optimizer.lr: [1e-3, 3e-3]
          model.dropout: [0.0, 0.1]

        """ : "")
    }
}

extension TinyExperiments {
    /// Plans of tiny grids named by the keys, each starting from the model of its value.
    static func plans(_ edges: [(String, String?)]) throws -> [Plan] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("finetune-plans-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try edges.map { name, source in
            let file = folder.appendingPathComponent("\(name).yaml").path
            try grid(name: name).replacingOccurrences(
                of: "  architecture: mlp\n",
                with: "  architecture: mlp\n" + (source.map { "  pretrained: {experiment: \($0)}\n" } ?? "")
            ).write(toFile: file, atomically: true, encoding: .utf8)
            let outcome = Planner.plan(file: file)
            return try #require(outcome.plan, "\(outcome.diagnostics)")
        }
    }
}
