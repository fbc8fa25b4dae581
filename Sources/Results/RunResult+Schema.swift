import Experiment

extension RunResult.Status: SchemaEnum {}

extension RunResult.InputDigest.Role: SchemaEnum {}

extension RunResult: SchemaRefined {
    public static var schemaDescriptions: [String: String] {
        [
            "id": "Content hash of the resolved configuration.",
            "cell": "The grid cell: the name without the seed (and fold).",
            "error": "Why the run failed or diverged.",
            "overrides": "Swept dotted path -> value.",
            "config": "The fully resolved configuration.",
            "metrics": "Split -> metric name -> value, at the best epoch.",
            "learning_rates": "Learning rate of each optimizer group at the first step of each epoch.",
            "baselines": "Baseline name (scratch) -> its result.",
            "feature_cache": "The cached frozen features a head-only run trained on.",
            "inputs": "The data files and pre-trained weights the run read, with their SHA-256 (a folder's digest covers its files by relative path).",
        ]
    }

    /// Conditions between keys the Swift types cannot say: a finished run has its data,
    /// parameters and freeze record; a failed or diverged one says why.
    public static func refineSchema(_ schema: [String: Value]) -> [String: Value] {
        var schema = schema
        if case .object(var properties)? = schema["properties"] {
            properties["schema_version"] = .object(["const": .int(1)])
            properties["id"] = .object(["type": .string("string"), "pattern": .string("^[0-9a-f]{12}$"),
                                        "description": .string("Content hash of the resolved configuration.")])
            schema["properties"] = .object(properties)
        }
        schema["allOf"] = .array([
            .object(["if": .object(["properties": .object(["status": .object(["const": .string("done")])])]),
                     "then": .object(["required": .array(["data", "parameters", "freeze"].map(Value.string)),
                                      "properties": .object(["metrics": .object(["minProperties": .int(1)]),
                                                             "best_epoch": .object(["minimum": .int(1)])])])]),
            .object(["if": .object(["properties": .object(["status": .object(["enum": .array(["failed", "diverged"].map(Value.string))])])]),
                     "then": .object(["required": .array([.string("error")])])]),
        ])
        return schema
    }

    /// The JSON Schema of result.json, generated from this type (`finetune schema result`).
    public static var jsonSchemaDocument: Value {
        TypeSchema.document(RunResult.self, id: "https://finetune.dev/schemas/result.schema.json",
                            title: "finetune run result (runs/<id>/result.json, baselines/<id>/result.json)",
                            description: "Everything one run measured. Generated from the Swift type RunResult. Non-finite numbers are written as the strings \"nan\", \"inf\" and \"-inf\". Optional sections are absent (not null) when they do not apply.",
                            options: .init(nonFiniteStrings: true))
    }
}
