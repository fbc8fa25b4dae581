import TestProcess
import Experiment
import Foundation
import Results
import Testing
@testable import Reports

/// The package root, found from this file's path.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

let testsFolder = repositoryRoot + "/Tests/ReportsTests"
/// Real results of tiny runs (see Fixtures/README.md).
let fixtureFolder = testsFolder + "/Fixtures/results/fixture-transfer"
let snapshotFolder = testsFolder + "/Snapshots"

/// A temporary folder removed when the value goes away.
final class Workspace {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "reports-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A copy of the fixture results folder to write into.
    func fixtureCopy() throws -> String {
        let copy = path + "/fixture-transfer"
        try FileManager.default.copyItem(atPath: fixtureFolder, toPath: copy)
        return copy
    }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let file = path + "/" + name
        try? FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        return file
    }
}

/// A real result from the fixtures, as a template to build constructed inputs from.
func templateResult() throws -> RunResult {
    let folder = try ResultsFolder.load(fixtureFolder)
    return try #require(folder.runs.first?.result)
}

/// A loaded run in `cell` with `seed` whose selection metric (validation.macro_f1) is `value`;
/// nil `value` with a status other than done makes an unfinished run.
func constructedRun(_ template: RunResult, cell: String, seed: Int, value: Double?, status: RunResult.Status = .done,
                    test: Double? = nil, scratch: Double? = nil, overrides: [String: Value] = [:]) -> LoadedRun {
    var result = template
    result.id = String(format: "%012x", abs((cell + "\(seed)").hashValue) % 0xffffffffffff)
    result.cell = cell
    result.seed = seed
    result.name = "\(cell),seed=\(seed)"
    result.status = status
    result.selection.value = value
    result.metrics = value.map { ["validation": ["macro_f1": $0], "test": ["macro_f1": test ?? $0]] } ?? [:]
    result.baselines = [:]
    if let scratch {
        // The nested types' initializers are internal to Training: decode one instead.
        let json = #"{"id": "000000000000", "status": "done", "best_epoch": 1, "reused": false, "metrics": {"test": {"macro_f1": \#(scratch)}}}"#
        result.baselines["scratch"] = try! JSONDecoder().decode(RunResult.Baseline.self, from: Data(json.utf8))
    }
    result.error = status == .done ? nil : "boom"
    result.forgetting = nil
    let planned = PlanFile.Run(id: result.id, name: result.name, cell: cell, seed: seed, overrides: overrides, config: .object([:]))
    return LoadedRun(planned: planned, result: result, problem: nil, history: [])
}

/// A results folder made of constructed runs.
func constructedFolder(_ runs: [LoadedRun], axes: [String] = [], zipGroups: [[String]]? = nil, folds: Int? = nil) -> ResultsFolder {
    let plan = PlanFile(experiment: "constructed", file: "constructed.yaml", description: "A constructed question?",
                        axes: axes, repeats: 3, count: runs.count, runs: runs.map(\.planned), zipGroups: zipGroups, folds: folds)
    return ResultsFolder(directory: "/nonexistent", plan: plan, runs: runs)
}

// MARK: - Python's jsonschema as an independent validator

func executable(named name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
        let candidate = "\(folder)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}


func runProcess(_ program: String, _ arguments: [String]) throws -> ProcessOutput {
    try ProcessRunner.run(program, arguments)
}

enum SchemaChecker {
    /// python3 when it can import jsonschema; nil otherwise (the schema tests are skipped).
    static let python: String? = {
        guard let python = executable(named: "python3"),
              let probe = try? runProcess(python, ["-c", "import jsonschema"]), probe.status == 0 else { return nil }
        return python
    }()

    static let script = #"""
        import json, sys
        from jsonschema import Draft202012Validator
        schema = json.load(open(sys.argv[1], encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        validator = Draft202012Validator(schema)
        report = {}
        for path in sys.argv[2:]:
            document = json.load(open(path, encoding="utf-8"))
            report[path] = sorted("/".join(map(str, e.absolute_path)) + ": " + e.message for e in validator.iter_errors(document))
        print(json.dumps(report))
        """#

    /// file → the errors the committed `schemas/<schema>` finds in it.
    static func errors(schema: String, files: [String]) throws -> [String: [String]] {
        let python = try #require(python)
        let workspace = Workspace()
        let checker = workspace.write("check.py", script)
        let output = try runProcess(python, [checker, repositoryRoot + "/schemas/" + schema] + files)
        #expect(output.status == 0, "the checker failed: \(output.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: [String]],
                            "checker output: \(output.stdout)")
    }
}
