import Foundation

/// The fully resolved configuration of one run: what `finetune run` trains.
public struct ExperimentConfig: Codable, Sendable, Hashable {
    public struct Output: Codable, Sendable, Hashable {
        public var saveModel: Bool
    }

    public var experiment: String
    public var description: String
    public var seed: Int
    public var data: DataConfig
    public var model: ModelConfig
    public var freeze: FreezeConfig
    public var optimizer: OptimizerConfig
    public var schedule: ScheduleConfig
    public var regularization: RegularizationConfig
    public var augmentation: [AugmentationStep]
    public var evaluation: EvaluationConfig
    public var output: Output

    /// The whole language; `finetune schema` prints it as JSON Schema.
    public static let shape = ObjectShape(doc: "A finetune experiment: one question, answered by a grid of real training runs.", [
        Field("experiment", .string(StringShape(pattern: #"^[A-Za-z0-9][A-Za-z0-9._-]*$"#,
                                               patternHelp: "a name of letters, digits, '.', '_' or '-' (it names the results folder)")),
              required: true, doc: "The experiment's name; results go to results/<experiment>/."),
        Field("description", .string(StringShape()), default: .string(""), doc: "The question this experiment answers."),
        Field("extends", .nullable(.string(StringShape())), doc: "A base file, relative to this one; mappings merge deeply, lists replace, this file wins."),
        Field("seed", .integer(.nonNegative), default: .int(1), doc: "Seed of the first repeat; repeat k uses seed + k - 1."),
        Field("repeats", .integer(Bounds(min: 1)), default: .int(1), doc: "Runs per grid cell, with consecutive seeds."),
        Field("data", .object(DataConfig.shape), required: true, doc: "The data."),
        Field("model", .object(ModelConfig.shape), required: true, doc: "The network."),
        Field("freeze", .object(FreezeConfig.shape), doc: "Freezing and thawing."),
        Field("optimizer", .object(OptimizerConfig.shape), doc: "The optimizer."),
        Field("schedule", .object(ScheduleConfig.shape), doc: "Epochs, batches and the learning-rate curve."),
        Field("regularization", .object(RegularizationConfig.shape), doc: "Regularization."),
        Field("augmentation", .array(of: AugmentationStep.shape), default: .array([]), doc: "Training-batch augmentations, applied in order."),
        Field("evaluation", .object(EvaluationConfig.shape), doc: "Metrics and selection."),
        Field("output", .object(ObjectShape(doc: "What a run keeps besides its results.", [
            Field("save_model", .boolean, default: .bool(false), doc: "Write the best model as model.safetensors."),
        ])), doc: "What a run keeps."),
        Field("sweep", .sweep(fixed: SweepSpec.fixedFields), doc: "Dotted paths mapped to lists of values; the grid is their product."),
    ])

    /// Decodes a resolved (validated, defaults filled) configuration value.
    public init(resolved value: Value) throws {
        let data = Foundation.Data(value.canonicalJSON.utf8)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        self = try decoder.decode(ExperimentConfig.self, from: data)
    }
}
