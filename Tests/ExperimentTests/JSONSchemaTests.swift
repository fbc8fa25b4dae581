import Foundation
import Testing
@testable import Experiment

@Suite("JSON Schema: committed, referenced by every experiment, and agreeing with an independent validator")
struct JSONSchemaTests {
    static let committedPath = repositoryRoot + "/schemas/experiment.schema.json"
    static let header = "# yaml-language-server: $schema=../schemas/experiment.schema.json"

    @Test func theCommittedSchemaIsTheGeneratedOne() throws {
        let committed = try String(contentsOfFile: Self.committedPath, encoding: .utf8)
        // `finetune schema` prints the JSON and a newline; `make schema` saves exactly that.
        let generated = JSONSchema.experiment().prettyJSON() + "\n"
        guard committed != generated else { return }
        // Name the first differing line instead of printing two long documents.
        let a = committed.split(separator: "\n", omittingEmptySubsequences: false)
        let b = generated.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        let was = line < a.count ? String(a[line]) : "(end of file)"
        let now = line < b.count ? String(b[line]) : "(end of file)"
        Issue.record("""
            schemas/experiment.schema.json is out of date with the Swift definitions: run `make schema` and commit it.
            First difference at line \(line + 1): committed `\(was)`, generated `\(now)`
            """)
    }

    @Test func theSchemaIsDraft202012AndParsesAsJSON() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.committedPath))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(object["required"] as? [String] == ["experiment", "data", "model"])
        #expect(object["additionalProperties"] as? Bool == false)
    }

    @Test func everyShippedExperimentStartsWithTheSchemaComment() throws {
        let files = Fixtures.shippedExperiments
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let first = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
            #expect(first == Self.header, "\(file) must start with the yaml-language-server schema comment")
        }
    }

    @Test func everyShippedExperimentIsValidForFinetune() {
        for file in Fixtures.shippedExperiments {
            let outcome = Planner.plan(file: file)
            #expect(outcome.diagnostics.map(\.description) == [], "\(file)")
            #expect(outcome.plan != nil, "\(file)")
        }
    }

    // MARK: An independent validator

    static let python: String? = {
        guard let python = executable(named: "python3"),
              let probe = try? run(python, ["-c", "import jsonschema, ruamel.yaml"]), probe.status == 0 else { return nil }
        return python
    }()

    /// Reads YAML 1.2 with ruamel.yaml (PyYAML would read 1e-3 as a string), resolves
    /// `extends` by the language's own rule (mappings merge deeply, lists replace, this file
    /// wins) and validates with jsonschema's Draft 2020-12 validator. Prints a JSON object:
    /// file → list of error messages.
    static let checker = #"""
        import json, os, sys
        from jsonschema import Draft202012Validator
        from ruamel.yaml import YAML

        def load(path):
            with open(path, encoding="utf-8") as f:
                return YAML(typ="safe", pure=True).load(f)

        def merge(base, over):
            if isinstance(base, dict) and isinstance(over, dict):
                out = dict(base)
                for k, v in over.items():
                    out[k] = merge(base[k], v) if k in base else v
                return out
            return over

        def resolve(path, depth=0):
            doc = load(path)
            if isinstance(doc, dict) and isinstance(doc.get("extends"), str) and depth < 32:
                base = resolve(os.path.join(os.path.dirname(path), doc["extends"]), depth + 1)
                doc = merge(base, doc)
            return doc

        schema = json.load(open(sys.argv[1], encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        validator = Draft202012Validator(schema)
        report = {}
        for path in sys.argv[2:]:
            errors = validator.iter_errors(resolve(path))
            report[path] = sorted("/".join(map(str, e.absolute_path)) + ": " + e.message for e in errors)
        print(json.dumps(report))
        """#

    /// file → errors the schema finds in it (after merging its bases).
    static func schemaErrors(_ files: [String]) throws -> [String: [String]] {
        let python = try #require(Self.python)
        let workspace = Workspace()
        let script = workspace.write("check.py", Self.checker)
        let result = try run(python, [script, Self.committedPath] + files)
        #expect(result.status == 0, "the checker failed: \(result.stderr)")
        let data = Data(result.stdout.utf8)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String]], "output: \(result.stdout)")
    }

    @Test(.enabled(if: python != nil, "python3 with jsonschema and ruamel.yaml is missing; `make deps` installs them"))
    func theSchemaAcceptsEveryShippedExperimentAndTheRichFixture() throws {
        let workspace = Workspace()
        workspace.write("experiments/base/digits-cnn.yaml", Fixtures.digitsBase)
        let rich = workspace.write("experiments/rich.yaml", Fixtures.rich)
        #expect(Planner.plan(file: rich).errors.map(\.description) == [], "the rich fixture is valid for finetune")
        let files = Fixtures.shippedExperiments + [rich]
        let errors = try Self.schemaErrors(files)
        for file in files {
            #expect(errors[file] == [], "\(file)")
        }
    }

    /// Mistakes the schema can express are refused by it too, so an editor underlines them.
    static let invalid: [(String, String)] = [
        ("a misspelled section", "optimiser: {lr: 0.1}"),
        ("a misspelled nested key", "schedule: {warmpu: 0.1}"),
        ("a negative learning rate", "optimizer: {lr: -0.003}"),
        ("a quoted number", "optimizer: {lr: \"1e-3\"}"),
        ("yes for a boolean", "output: {save_model: yes}"),
        ("an unknown enum value", "freeze: {strategy: gradul}"),
        ("a fractional epoch count", "schedule: {epochs: 2.5}"),
        ("an augmentation of no kind", "augmentation: [{kind: blur}]"),
        ("a bad experiment name", "experiment: my experiment"),
        ("a sweep path that is not dotted", "sweep: {lr: [1, 2]}"),
        ("a sweep value that is a scalar", "sweep: {optimizer.lr: 0.1}"),
    ]

    @Test(.enabled(if: python != nil, "python3 with jsonschema and ruamel.yaml is missing; `make deps` installs them"))
    func theSchemaRefusesWhatFinetuneRefuses() throws {
        let workspace = Workspace()
        var files: [String] = []
        for (index, (scenario, yaml)) in Self.invalid.enumerated() {
            let text = yaml.hasPrefix("experiment:")
                ? "\(yaml)\ndata: {source: digits}\nmodel: {architecture: cnn}\n"
                : "\(minimalExperiment)\n\(yaml)\n"
            let file = workspace.write("case\(index).yaml", text)
            files.append(file)
            #expect(Planner.plan(file: file).plan == nil, "finetune refuses \(scenario)")
        }
        let errors = try Self.schemaErrors(files)
        for (file, (scenario, _)) in zip(files, Self.invalid) {
            #expect(errors[file]?.isEmpty == false, "the schema refuses \(scenario)")
        }
    }
}
