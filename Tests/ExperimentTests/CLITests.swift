import Foundation
import Testing
@testable import Experiment

/// The built `finetune` binary: exit codes, where diagnostics go, and the plan's two forms.
@Suite("CLI: validate and plan exit codes and output")
struct CLITests {
    static let binary = repositoryRoot + "/.build/debug/finetune"
    static let isBuilt = FileManager.default.isExecutableFile(atPath: binary)
    static let transfer = repositoryRoot + "/experiments/digits-transfer.yaml"

    static func finetune(_ arguments: String...) throws -> ProcessResult {
        try run(binary, arguments, currentDirectory: repositoryRoot)
    }

    @Test(.enabled(if: isBuilt, "build the CLI first: swift build"))
    func validateExitsZeroWhenEveryFileIsValid() throws {
        let files = Fixtures.shippedExperiments
        let result = try run(Self.binary, ["validate"] + files)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let unintended = result.stderr.split(separator: "\n").map(String.init)
            .filter { line in !files.contains { Fixtures.isIntended(line, in: $0) } }
        #expect(unintended == [])
        for file in files {
            #expect(result.stdout.contains("\(file): ok ("))
        }
    }

    /// One invocation (the binary loads libtorch, so each start costs about a second): a
    /// valid file, a file with two mistakes, a missing file, a binary file and a folder.
    @Test(.enabled(if: isBuilt, "build the CLI first: swift build"))
    func validateExitsTwoWithEveryDiagnosticOnStderrAndNeverCrashes() throws {
        let workspace = Workspace()
        let marked = MarkedText("""
            experiment: broken
            data: {source: digits}
            model: {architecture: cnn, dropout: ⟨1⟩1.5}
            optimizer: {lr: ⟨2⟩-0.003}
            """)
        let bad = workspace.write("bad.yaml", marked.text)
        let missing = workspace.path("missing.yaml")
        let binary = workspace.write("binary.yaml", bytes: [0x7F, 0x45, 0x4C, 0x46, 0x00, 0xFF, 0xFE])
        let folder = workspace.path("folder.yaml")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let result = try run(Self.binary, ["validate", Self.transfer, bad, missing, binary, folder])
        #expect(result.status == 2)
        let p1 = marked.position("1"), p2 = marked.position("2")
        #expect(result.stderr == """
            \(bad):\(p1): error: model.dropout must be < 1 (got 1.5)
            \(bad):\(p2): error: optimizer.lr must be > 0 (got -0.003)
            \(missing):1:1: error: cannot read file: No such file or directory
            \(binary):1:6: error: file is not valid UTF-8 (unexpected byte 0xFF); save it with UTF-8 encoding
            \(folder):1:1: error: cannot read file: Is a directory

            """)
        #expect(result.stdout == "\(Self.transfer): ok (36 runs)\n", "the valid file is still checked")
    }

    @Test(.enabled(if: isBuilt, "build the CLI first: swift build"))
    func planJSONListsEveryRunWithIdNameOverridesAndConfig() throws {
        let result = try Self.finetune("plan", Self.transfer, "--json")
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let runs = try #require(json["runs"] as? [[String: Any]])
        #expect(runs.count == 36)
        #expect(json["count"] as? Int == 36)
        #expect(json["experiment"] as? String == "digits-transfer")
        for run in runs {
            #expect(run["id"] is String && run["name"] is String)
            #expect(run["overrides"] is [String: Any])
            let config = try #require(run["config"] as? [String: Any])
            #expect(config["experiment"] as? String == "digits-transfer")
            #expect(config["sweep"] == nil)
        }
        // Ids are the same in another process as in this one.
        let inProcess = try #require(Planner.plan(file: Self.transfer).plan)
        #expect(runs.compactMap { $0["id"] as? String } == inProcess.runs.map(\.id))
        #expect(runs.compactMap { $0["name"] as? String } == inProcess.runs.map(\.name))
        let overrides = try #require(runs.first?["overrides"] as? [String: Any])
        #expect(Set(overrides.keys) == ["freeze.strategy", "data.train_fraction"])
    }

    @Test(.enabled(if: isBuilt, "build the CLI first: swift build"))
    func planTableListsRunsAndEndsWithTheCount() throws {
        let result = try Self.finetune("plan", Self.transfer)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 38)
        #expect(lines.first?.hasPrefix("id") == true)
        #expect(lines.last == "36 runs (axes: freeze.strategy, data.train_fraction; repeats: 3)")
        let plan = try #require(Planner.plan(file: Self.transfer).plan)
        for (line, run) in zip(lines.dropFirst(), plan.runs) {
            #expect(line.hasPrefix(run.id + "  "))
            #expect(line.contains(run.name))
        }
    }

    @Test(.enabled(if: isBuilt, "build the CLI first: swift build"))
    func planRefusesAnInvalidFileWithExitTwo() throws {
        let workspace = Workspace()
        let bad = workspace.write("bad.yaml", "experiment: x\ndata: {source: digits}\nmodel: {architecture: cnn}\nsweep: {optimizer.lrr: [1]}\n")
        let result = try Self.finetune("plan", bad, "--json")
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr == "\(bad):4:9: error: sweep: unknown path 'optimizer.lrr'; did you mean 'optimizer.lr'?\n")
    }

    @Test(.enabled(if: isBuilt, "build the CLI first: swift build"))
    func schemaPrintsTheCommittedSchema() throws {
        let result = try Self.finetune("schema")
        #expect(result.status == 0)
        let committed = try String(contentsOfFile: JSONSchemaTests.committedPath, encoding: .utf8)
        #expect(result.stdout == committed, "run `make schema`")
    }
}
