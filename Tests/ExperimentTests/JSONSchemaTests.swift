import Foundation
import Testing
@testable import Experiment

@Suite("JSON Schema: committed, referenced by every experiment, and agreeing with an independent validator")
struct JSONSchemaTests {
    static let committedPath = repositoryRoot + "/schemas/experiment.schema.json"
    static let header = "# yaml-language-server: $schema=../schemas/experiment.schema.json"

    static let basePath = repositoryRoot + "/schemas/base.schema.json"
    static let baseHeader = "# yaml-language-server: $schema=../../schemas/base.schema.json"

    @Test(arguments: [("experiment.schema.json", JSONSchema.experiment()), ("base.schema.json", JSONSchema.base())])
    func theCommittedSchemaIsTheGeneratedOne(_ name: String, _ schema: Value) throws {
        let committed = try String(contentsOfFile: repositoryRoot + "/schemas/" + name, encoding: .utf8)
        // `finetune schema` prints the JSON and a newline; `make schema` saves exactly that.
        let generated = schema.prettyJSON() + "\n"
        guard committed != generated else { return }
        // Name the first differing line instead of printing two long documents.
        let a = committed.split(separator: "\n", omittingEmptySubsequences: false)
        let b = generated.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        let was = line < a.count ? String(a[line]) : "(end of file)"
        let now = line < b.count ? String(b[line]) : "(end of file)"
        Issue.record("""
            schemas/\(name) is out of date with the Swift definitions: run `make schema` and commit it.
            First difference at line \(line + 1): committed `\(was)`, generated `\(now)`
            """)
    }

    @Test func theSchemaIsDraft202012AndParsesAsJSON() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.committedPath))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(object["additionalProperties"] as? Bool == false)
        // What a complete file needs is required only of a file without `extends`.
        #expect(object["required"] == nil)
        let then = try #require(object["then"] as? [String: Any])
        #expect(then["required"] as? [String] == ["experiment", "data", "model"])
    }

    @Test func everyShippedFileStartsWithItsSchemaComment() throws {
        #expect(!Fixtures.shippedExperiments.isEmpty)
        #expect(!Fixtures.shippedBases.isEmpty)
        for (file, header) in Fixtures.shippedExperiments.map({ ($0, Self.header) }) + Fixtures.shippedBases.map({ ($0, Self.baseHeader) }) {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let first = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
            #expect(first == header, "\(file) must start with the yaml-language-server schema comment")
        }
    }

    @Test func everyShippedExperimentIsValidForFinetune() {
        for file in Fixtures.shippedExperiments {
            let outcome = Planner.plan(file: file)
            #expect(outcome.diagnostics.map(\.description).filter { !Fixtures.isIntended($0, in: file) } == [], "\(file)")
            #expect(outcome.plan != nil, "\(file)")
        }
    }

    // MARK: An independent validator

    static let python: String? = {
        guard let python = executable(named: "python3"),
              let probe = try? run(python, ["-c", "import jsonschema, ruamel.yaml"]), probe.status == 0 else { return nil }
        return python
    }()

    /// Validates each file on its own, as yaml-language-server does in an editor: YAML 1.2
    /// read by ruamel.yaml (PyYAML would read 1e-3 as a string), no `extends` merged, against
    /// the schema its first-line comment names, with jsonschema's Draft 2020-12 validator.
    /// Prints a JSON object: file → list of error messages.
    static let checker = #"""
        import json, os, re, sys
        from jsonschema import Draft202012Validator
        from ruamel.yaml import YAML

        def load(path):
            with open(path, encoding="utf-8") as f:
                return YAML(typ="safe", pure=True).load(f)

        def schema_of(path, fallback):
            first = open(path, encoding="utf-8").readline()
            m = re.match(r"#\s*yaml-language-server:\s*\$schema=(\S+)", first)
            named = os.path.normpath(os.path.join(os.path.dirname(path), m.group(1))) if m else fallback
            return named if os.path.exists(named) else fallback  # a copy outside the checkout

        validators = {}
        report = {}
        for path in sys.argv[2:]:
            schema_path = schema_of(path, sys.argv[1])
            if schema_path not in validators:
                schema = json.load(open(schema_path, encoding="utf-8"))
                Draft202012Validator.check_schema(schema)
                validators[schema_path] = Draft202012Validator(schema)
            errors = validators[schema_path].iter_errors(load(path))
            report[path] = sorted("/".join(map(str, e.absolute_path)) + ": " + e.message for e in errors)
        print(json.dumps(report))
        """#

    /// file → errors the schema its header names (else experiment.schema.json) finds in it.
    /// jsonschema is installed by `make deps`: without it this fails, never skips.
    static func schemaErrors(_ files: [String]) throws -> [String: [String]] {
        let python = try #require(Self.python, "python3 with jsonschema and ruamel.yaml is missing; `make deps` installs them")
        let workspace = Workspace()
        let script = workspace.write("check.py", Self.checker)
        let result = try run(python, [script, Self.committedPath] + files)
        #expect(result.status == 0, "the checker failed: \(result.stderr)")
        let data = Data(result.stdout.utf8)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String]], "output: \(result.stdout)")
    }

    /// Every shipped experiment and base file is clean in an editor, and so is the rich fixture.
    @Test func theSchemaAcceptsEveryShippedFileAndTheRichFixture() throws {
        let workspace = Workspace()
        workspace.write("experiments/base/digits-cnn.yaml", Fixtures.digitsBase)
        let rich = workspace.write("experiments/rich.yaml", Fixtures.rich)
        #expect(Planner.plan(file: rich).errors.map(\.description) == [], "the rich fixture is valid for finetune")
        let files = Fixtures.shippedExperiments + Fixtures.shippedBases + [rich]
        let errors = try Self.schemaErrors(files)
        for file in files {
            #expect(errors[file] == [], "\(file)")
        }
    }

    /// A file with `extends` need not repeat what its base provides; one without names it all;
    /// a base file validates as a base file.
    @Test func theSchemaFitsFilesThatExtendABase() throws {
        let workspace = Workspace()
        workspace.write("schemas/experiment.schema.json", try String(contentsOfFile: Self.committedPath, encoding: .utf8))
        workspace.write("schemas/base.schema.json", try String(contentsOfFile: Self.basePath, encoding: .utf8))
        let extending = workspace.write("experiments/child.yaml", "\(Self.header)\nexperiment: child\nextends: base/b.yaml\nfreeze: {strategy: gradual}\n")
        let base = workspace.write("experiments/base/b.yaml", "\(Self.baseHeader)\ndata: {split: {train: 0.5, validation: 0.25, test: 0.25}}\nmodel: {dropout: 0.2}\n")
        let incomplete = workspace.write("experiments/incomplete.yaml", "\(Self.header)\nexperiment: lonely\ndata: {classes: [1, 2]}\nmodel: {architecture: cnn}\n")
        let badBase = workspace.write("experiments/base/bad.yaml", "\(Self.baseHeader)\nmodel: {dropout: 2}\n")
        let errors = try Self.schemaErrors([extending, base, incomplete, badBase])
        #expect(errors[extending] == [])
        #expect(errors[base] == [])
        #expect(errors[incomplete] == ["data: 'source' is a required property"])
        #expect(errors[badBase]?.isEmpty == false, "a base file is still checked value by value")
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

    @Test func theSchemaRefusesWhatFinetuneRefuses() throws {
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
