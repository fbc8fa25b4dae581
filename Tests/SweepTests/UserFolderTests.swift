import TestProcess
import Foundation
import Testing

/// finetune as a new user meets it: a folder outside the checkout, the machine-wide asset
/// cache, and every file a sweep writes checked against the committed schemas by Python's
/// jsonschema (installed by `make deps`; missing, the tests fail rather than skip).
@Suite(.serialized)
struct UserFolderTests {
    static let repository = SweepHarness.package.path

    /// file → errors `schemas/<schema>` finds in it, from Draft 2020-12 jsonschema.
    static func schemaErrors(_ schema: String, _ files: [String]) throws -> [String: [String]] {
        // The python3 on PATH, the one `make deps` installs jsonschema for.
        let script = """
            import json, sys
            from jsonschema import Draft202012Validator
            schema = json.load(open(sys.argv[1], encoding="utf-8"))
            Draft202012Validator.check_schema(schema)
            validator = Draft202012Validator(schema)
            print(json.dumps({p: sorted("/".join(map(str, e.absolute_path)) + ": " + e.message
                                        for e in validator.iter_errors(json.load(open(p, encoding="utf-8"))))
                              for p in sys.argv[2:]}))
            """
        let done = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", script, "\(repository)/schemas/\(schema)"] + files)
        #expect(done.status == 0, "python3 with jsonschema is needed (`make deps` installs it): \(done.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: done.stdoutData) as? [String: [String]], "\(done.stderr)")
    }

    /// Every result.json (runs and baselines) under an experiment's results folder.
    static func resultFiles(_ folder: String) -> [String] {
        ["runs", "baselines"].flatMap { sub -> [String] in
            let parent = "\(folder)/\(sub)"
            let ids = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
            return ids.sorted().map { "\(parent)/\($0)/result.json" }.filter { FileManager.default.fileExists(atPath: $0) }
        }
    }

    @Test func aMissingAssetStopsTheSweepBeforeAnythingTrains() throws {
        let h = try SweepHarness("no-assets")
        defer { h.remove() }
        let empty = h.path("empty-cache")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let file = try h.write("my.yaml", TinyExperiments.grid(name: "mine", repeats: 1, grid: false))
        for command in [["validate", file], ["plan", file], ["sweep", file, "--results", "results"]] {
            let result = try h.run(command, environment: ["FINETUNE_ASSETS": empty])
            #expect(result.code == 2, "\(command[0]): \(result.output)\(result.errors)")
            #expect(result.errors.contains("my.yaml:6:11: error: data.source: the built-in dataset 'digits' is not in the asset cache \(empty)"),
                    "\(command[0]): \(result.errors)")
            #expect(result.errors.contains("run `finetune fetch digits` to download it"))
        }
        #expect(!FileManager.default.fileExists(atPath: h.path("results/mine/runs")), "nothing trained")
    }

    /// A 2-fold CV sweep in the user's own folder: every cell on both folds, the report says
    /// "K-fold CV", and every file it writes validates against its schema.
    @Test func aKFoldSweepInTheUsersFolderWritesFilesThatFitTheirSchemas() throws {
        let h = try SweepHarness("kfold")
        defer { h.remove() }
        let text = TinyExperiments.grid(name: "cv", repeats: 1, grid: false)
            .replacingOccurrences(of: "  split: {train: 0.5, validation: 0.25, test: 0.25, stratify: true}",
                                  with: "  split: {train: 0.5, validation: 0.25, test: 0.25, stratify: true}\n  folds: 2")
            + "sweep:\n  model.dropout: [0.0, 0.1]\n"
        let file = try h.write("cv.yaml", text)
        let result = try h.run(["sweep", file, "--results", "results", "--jobs", "2"])
        #expect(result.code == 0, "\(result.output)\n\(result.errors)")
        let folder = h.path("results/cv")
        let results = Self.resultFiles(folder)
        #expect(results.count == 4, "2 cells × 2 folds")
        let report = try String(contentsOfFile: folder + "/report.md", encoding: .utf8)
        #expect(report.contains("K-fold CV: 2-fold cross-validation"))
        #expect(report.contains("(n = 2)"))
        let resultErrors = try Self.schemaErrors("result.schema.json", results)
        for file in results { #expect(resultErrors[file] == [], "\(file)") }
        let summaryErrors = try Self.schemaErrors("summary.schema.json", [folder + "/summary.json"])
        #expect(summaryErrors[folder + "/summary.json"] == [])
        // The folds of a run differ only in the fold; their test split is the same.
        let tests = try results.map { path -> Int in
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
            return try #require((json["data"] as? [String: Any])?["test"] as? Int)
        }
        #expect(Set(tests).count == 1)
    }

    /// The shipped-style sweep with a pre-trained model and scratch baselines: its result.json
    /// files (runs and baselines) and summary.json fit the committed schemas.
    @Test func aTransferSweepWritesFilesThatFitTheirSchemas() throws {
        let h = try SweepHarness("transfer-schema")
        defer { h.remove() }
        let pretrain = TinyExperiments.grid(name: "src", repeats: 1, grid: false, extra: "output: {save_model: true}")
        let transfer = TinyExperiments.grid(name: "dst", repeats: 2, grid: false,
                                            extra: "  baselines: [scratch]\nfreeze: {strategy: head-only}")
            .replacingOccurrences(of: "  classes: [0, 1, 2]", with: "  classes: [3, 4, 5]")
            .replacingOccurrences(of: "  hidden: [16]", with: "  hidden: [16]\n  pretrained: {experiment: src}")
        let files = [try h.write("src.yaml", pretrain), try h.write("dst.yaml", transfer)]
        let result = try h.run(["sweep"] + files + ["--results", "results", "--jobs", "2"])
        #expect(result.code == 0, "\(result.output)\n\(result.errors)")
        let results = ["src", "dst"].flatMap { Self.resultFiles(h.path("results/\($0)")) }
        #expect(results.count >= 4, "\(results)")
        #expect(results.contains { $0.contains("/baselines/") }, "a scratch baseline was trained")
        let errors = try Self.schemaErrors("result.schema.json", results)
        for file in results { #expect(errors[file] == [], "\(file)") }
        let summaries = ["src", "dst"].map { h.path("results/\($0)/summary.json") }
        let summaryErrors = try Self.schemaErrors("summary.schema.json", summaries)
        for file in summaries { #expect(summaryErrors[file] == [], "\(file)") }
    }
}
