import Experiment
import Results

extension Comparison.Outcome: SchemaEnum {}
extension Comparison.Method: SchemaEnum {}
extension RunStatus: SchemaEnum {}
extension EvaluationConfig.Correction: SchemaEnum {}
extension Claim.Kind: SchemaEnum {}

extension Summary: SchemaRefined {
    public static var schemaDescriptions: [String: String] {
        ["std": "Sample standard deviation; absent for a single value.",
         "interval": "95% confidence interval of the mean, cut at the metric's range; absent for a single value."]
    }

    /// One value has no spread: std and interval are absent then, present otherwise.
    public static func refineSchema(_ schema: [String: Value]) -> [String: Value] {
        var schema = schema
        schema["if"] = .object(["properties": .object(["count": .object(["const": .int(1)])])])
        schema["then"] = .object(["not": .object(["anyOf": .array([.object(["required": .array([.string("std")])]),
                                                                    .object(["required": .array([.string("interval")])])])])])
        schema["else"] = .object(["required": .array([.string("std"), .string("interval")])])
        return schema
    }
}

extension Comparison: SchemaRefined {
    /// A paired test has its p-value and at least two pairs; no method means no verdict.
    public static func refineSchema(_ schema: [String: Value]) -> [String: Value] {
        var schema = schema
        schema["allOf"] = .array([
            .object(["if": .object(["properties": .object(["method": .object(["const": .string("paired_t_test")])])]),
                     "then": .object(["required": .array([.string("p_value"), .string("difference")]),
                                      "properties": .object(["n": .object(["minimum": .int(2)])])])]),
            .object(["if": .object(["properties": .object(["method": .object(["const": .string("none")])])]),
                     "then": .object(["properties": .object(["outcome": .object(["const": .string("inconclusive")])])])]),
        ])
        return schema
    }
}

/// The schemas of the files a sweep writes, generated from their Swift types
/// (`finetune schema result|summary`, committed by `make schema`).
public enum ResultSchemas {
    public static func result() -> Value { RunResult.jsonSchemaDocument }

    public static func summary() -> Value {
        TypeSchema.document(ExperimentSummary.self, id: "https://finetune.dev/schemas/summary.schema.json",
                            title: "finetune experiment summary (results/<experiment>/summary.json)",
                            description: "Runs grouped by grid cell with mean, std and 95% CI over repeats (and folds), the leaderboard and each axis's marginals. Generated from the Swift type ExperimentSummary. Statistics of no data are absent, never NaN.",
                            options: .init(nonFiniteStrings: false))
    }
}
