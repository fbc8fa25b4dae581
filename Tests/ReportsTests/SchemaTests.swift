import Foundation
import Testing
import Experiment
@testable import Reports

/// jsonschema is installed by `make deps`, so these fail (never skip) without it.
@Suite("JSON Schemas of result.json and summary.json, generated from the Swift types, checked by Python's jsonschema")
struct SchemaTests {
    @Test(arguments: [("result.schema.json", ResultSchemas.result()), ("summary.schema.json", ResultSchemas.summary())])
    func theCommittedSchemaIsTheGeneratedOne(_ name: String, _ schema: Value) throws {
        let committed = try String(contentsOfFile: repositoryRoot + "/schemas/" + name, encoding: .utf8)
        #expect(committed == schema.prettyJSON() + "\n", "schemas/\(name) is out of date with the Swift types: run `make schema` and commit it")
    }

    /// The generator sees what the types hold: a key the encoder writes is in the schema.
    @Test func theGeneratedResultSchemaKnowsEveryKeyARunWrites() throws {
        guard case .object(let root) = ResultSchemas.result(), case .object(let properties)? = root["properties"],
              case .object(let timings)? = properties["timings"], case .object(let timingKeys)? = timings["properties"] else {
            Issue.record("no properties")
            return
        }
        for key in ["feature_cache", "runtime", "learning_rates", "timings", "error"] { #expect(properties[key] != nil, "\(key)") }
        for key in ["peak_rss_mb", "phases", "step_seconds", "steps"] { #expect(timingKeys[key] != nil, "timings.\(key)") }
        #expect(root["additionalProperties"] == .bool(false))
    }

    /// Every result.json of the fixture: the runs' and their scratch baselines'.
    static func realResults() throws -> [String] {
        var files: [String] = []
        for sub in ["runs", "baselines"] {
            let folder = fixtureFolder + "/" + sub
            for id in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
                files.append("\(folder)/\(id)/result.json")
            }
        }
        return files
    }

    @Test func realResultsValidate() throws {
        let files = try Self.realResults()
        #expect(files.count == 12)
        let errors = try SchemaChecker.errors(schema: "result.schema.json", files: files)
        for file in files { #expect(errors[file] == [], "\(file)") }
    }

    @Test func theGeneratedSummaryValidates() throws {
        let workspace = Workspace()
        let folder = try workspace.fixtureCopy()
        let output = try ReportGenerator.generate(experimentDirectory: folder)
        // And a summary with failures, a missing run and single-run cells (std and CI absent).
        try FileManager.default.removeItem(atPath: folder + "/runs/a00a5f6325ca/result.json")
        try "{ torn".write(toFile: folder + "/runs/f5d58f434449/result.json", atomically: true, encoding: .utf8)
        let damagedFolder = workspace.path + "/damaged.json"
        try ReportGenerator.generate(experimentDirectory: folder)
        try FileManager.default.copyItem(atPath: output.summaryPath, toPath: damagedFolder)
        let files = [output.summaryPath, damagedFolder]
        let errors = try SchemaChecker.errors(schema: "summary.schema.json", files: files)
        for file in files { #expect(errors[file] == [], "\(file)") }
    }

    @Test func theSchemasRefuseWhatTheFormatsDoNotAllow() throws {
        let workspace = Workspace()
        var result = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: try Self.realResults()[0]))) as? [String: Any])
        result["status"] = "finished"
        let badStatus = workspace.write("bad-status.json", String(decoding: try JSONSerialization.data(withJSONObject: result), as: UTF8.self))
        result["status"] = "failed"
        result["error"] = nil
        let failedWithoutError = workspace.write("failed.json", String(decoding: try JSONSerialization.data(withJSONObject: result), as: UTF8.self))
        let resultErrors = try SchemaChecker.errors(schema: "result.schema.json", files: [badStatus, failedWithoutError])
        #expect(resultErrors[badStatus]?.isEmpty == false)
        #expect(resultErrors[failedWithoutError]?.isEmpty == false)

        var summary = try #require(try JSONSerialization.jsonObject(with: ReportGenerator.render(experimentDirectory: fixtureFolder).summary.encoded()) as? [String: Any])
        var cells = try #require(summary["cells"] as? [[String: Any]])
        cells[0]["selection"] = ["count": 1, "mean": 0.5, "std": 0.1]
        summary["cells"] = cells
        let spreadWithOneRun = workspace.write("n1.json", String(decoding: try JSONSerialization.data(withJSONObject: summary), as: UTF8.self))
        let summaryErrors = try SchemaChecker.errors(schema: "summary.schema.json", files: [spreadWithOneRun])
        #expect(summaryErrors[spreadWithOneRun]?.isEmpty == false)
    }
}
