/// Which network a run trains and where its starting weights come from.
public struct ModelConfig: Codable, Sendable, Hashable {
    public enum Architecture: String, Codable, Sendable, CaseIterable {
        case mlp, cnn, bert
    }

    /// Where the starting weights come from.
    public enum Pretrained: Codable, Sendable, Hashable {
        case none
        /// A safetensors file, a Hugging Face-style folder, or a built-in model name.
        case path(String)
        /// The best model of another experiment in the same results folder.
        case experiment(String)

        private enum Keys: String, CodingKey { case experiment, path }

        public init(from decoder: Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                self = text == "none" ? .none : .path(text)
                return
            }
            let c = try decoder.container(keyedBy: Keys.self)
            if let name = try c.decodeIfPresent(String.self, forKey: .experiment) {
                self = .experiment(name)
            } else {
                self = .path(try c.decode(String.self, forKey: .path))
            }
        }

        public func encode(to encoder: Encoder) throws {
            switch self {
            case .none:
                var c = encoder.singleValueContainer()
                try c.encode("none")
            case .path(let p):
                var c = encoder.container(keyedBy: Keys.self)
                try c.encode(p, forKey: .path)
            case .experiment(let e):
                var c = encoder.container(keyedBy: Keys.self)
                try c.encode(e, forKey: .experiment)
            }
        }
    }

    public enum Pooling: String, Codable, Sendable, CaseIterable { case cls, mean }

    /// The number format matrix products compute in.
    public enum Precision: String, Codable, Sendable, CaseIterable { case fp32, bf16 }

    public struct Head: Codable, Sendable, Hashable {
        public var replace: Bool
    }

    public var architecture: Architecture
    public var pretrained: Pretrained
    public var head: Head
    public var dropout: Double
    public var hidden: [Int]
    public var channels: [Int]
    public var residual: Bool
    public var maxLength: Int
    public var pooling: Pooling
    /// Nil in configurations written before the field existed: fp32.
    public var precision: Precision?

    /// The built-in pre-trained models, found in the asset cache.
    public static let builtinModels = ["all-MiniLM-L6-v2"]

    /// Number of freezable body blocks below the head; nil when only the weights can tell.
    public var blockCount: Int? {
        switch architecture {
        case .mlp: return hidden.count
        case .cnn: return channels.count
        case .bert: return pooling == .cls ? 8 : 7  // embeddings + MiniLM's 6 encoder layers (+ pooler for cls)
        }
    }

    static let pretrainedShape: Shape = .oneOf([
        .string(StringShape()),
        .object(ObjectShape(doc: "The best model of another experiment in the same results folder.", [
            Field("experiment", .string(StringShape()), required: true, doc: "That experiment's name."),
        ])),
        .object(ObjectShape(doc: "A weights file or folder.", [
            Field("path", .string(StringShape()), required: true, doc: "Path, relative to the experiment file."),
        ])),
    ], summary: "none, a built-in model name, a path, {experiment: NAME} or {path: P}")

    static let shape = ObjectShape(doc: "The network and its starting weights.", [
        Field("architecture", .string(StringShape(values: Architecture.allCases.map(\.rawValue))), required: true,
              doc: "mlp for tabular features, cnn for images, bert for text."),
        Field("pretrained", pretrainedShape, default: .string("none"),
              doc: "none, a built-in model (\(builtinModels.joined(separator: ", "))), a path, or {experiment: NAME}. For bert a path names a Hugging Face-style folder (config.json, model.safetensors, vocab.txt); none means random weights in all-MiniLM-L6-v2's shape and vocabulary."),
        Field("head", .object(ObjectShape(doc: "The output layer.", [
            Field("replace", .boolean, default: .bool(true), doc: "A new output layer sized to the target labels."),
        ])), doc: "The output layer."),
        Field("dropout", .number(Bounds(min: 0, below: 1)), default: .number(0.1), doc: "Dropout probability in the body and before the head."),
        Field("hidden", .array(of: .integer(Bounds(min: 1)), minItems: 1), default: .array([.int(128), .int(64)]),
              doc: "MLP: width of each hidden block."),
        Field("channels", .array(of: .integer(Bounds(min: 1)), minItems: 1), default: .array([.int(16), .int(32)]),
              doc: "CNN: channels of each convolution block."),
        Field("residual", .boolean, default: .bool(false), doc: "CNN: add residual connections inside blocks."),
        Field("max_length", .integer(Bounds(min: 2, max: 512)), default: .int(64), doc: "BERT: tokens per example, longer texts are truncated."),
        Field("pooling", .string(StringShape(values: Pooling.allCases.map(\.rawValue))), default: .string("mean"),
              doc: "BERT: sentence vector from the [CLS] token or the mean over tokens."),
        Field("precision", .string(StringShape(values: Precision.allCases.map(\.rawValue))), default: .string("fp32"),
              doc: "fp32, or bf16: CPU autocast, matrix products and convolutions in bfloat16 while weights, optimizer state, losses and reductions stay float32. Measured on sentiment-movies (MiniLM, 2 seeds): test accuracy 0.781 with bf16 and 0.781 with fp32, but steps took 1.7x as long on a 2-core Xeon with AVX512-BF16, so fp32 is the default."),
    ])
}
