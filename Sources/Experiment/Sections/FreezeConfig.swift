/// Which blocks train, and when frozen ones thaw; or which parameters train, for the
/// parameter-efficient strategies (LoRA, BitFit) that keep every pre-trained weight frozen.
public struct FreezeConfig: Codable, Sendable, Hashable {
    public enum Strategy: String, Codable, Sendable, CaseIterable {
        case none
        case headOnly = "head-only"
        case bottom
        case gradual
        case twoStage = "two-stage"
        case lora
        case bitfit

        /// LoRA and BitFit train a few parameters inside every block instead of whole blocks.
        public var isParameterEfficient: Bool { self == .lora || self == .bitfit }
    }

    /// Low-rank adaptation (Hu et al. 2021): each targeted Linear gains `B·A·x·alpha/rank`,
    /// A `[rank, in]` random and B `[out, rank]` zero at the start, so training starts from
    /// the pre-trained function; only A, B and the head train.
    public struct LoRA: Codable, Sendable, Hashable {
        public var rank: Int
        public var alpha: Double
        public var dropout: Double
        public var targets: [String]

        /// The module names a target may take, per architecture (what `targets` lists).
        public static let bertTargets = ["query", "key", "value", "attention.output", "intermediate", "output"]
        /// DistilBERT's modules under PEFT's names: `attention.{q,k,v,out}_lin`, `ffn.lin1`, `ffn.lin2`.
        public static let distilbertTargets = ["q_lin", "k_lin", "v_lin", "out_lin", "lin1", "lin2"]
        public static let mlpTargets = ["linear"]
        /// timm's ViT: `attn.qkv`, `attn.proj`, `mlp.fc1`, `mlp.fc2` of every block.
        public static let vitTargets = ["qkv", "proj", "fc1", "fc2"]

        /// The language's defaults: r 8, alpha 16, dropout 0.05 on query and value (the paper's choice).
        public static let `default` = LoRA(rank: 8, alpha: 16, dropout: 0.05, targets: ["query", "value"])

        public init(rank: Int, alpha: Double, dropout: Double, targets: [String]) {
            self.rank = rank
            self.alpha = alpha
            self.dropout = dropout
            self.targets = targets
        }

        static let shape = ObjectShape(doc: "LoRA: the rank, scale, dropout and target modules of the low-rank update.", [
            Field("rank", .integer(Bounds(min: 1)), default: .int(8), doc: "r: the rank of B·A."),
            Field("alpha", .number(.positive), default: .number(16), doc: "The update is scaled by alpha / rank."),
            Field("dropout", .number(Bounds(min: 0, below: 1)), default: .number(0.05), doc: "Dropout on the input of the low-rank path."),
            Field("targets", .array(of: .string(StringShape()), minItems: 1), default: .array([.string("query"), .string("value")]),
                  doc: "Linear modules that get an update. bert: query, key, value, attention.output, intermediate, output (every encoder layer; for a distilbert folder q_lin, k_lin, v_lin, out_lin, lin1, lin2); mlp: linear (every hidden block) or block.N."),
        ])
    }

    public var strategy: Strategy
    public var layers: Int
    /// gradual: epochs between thaws; a fraction thaws within an epoch, counted in optimizer steps.
    public var unfreezeEvery: Double
    public var headEpochs: Int
    public var lora: LoRA

    public init(strategy: Strategy, layers: Int = 1, unfreezeEvery: Double = 1, headEpochs: Int = 1, lora: LoRA = .default) {
        self.strategy = strategy
        self.layers = layers
        self.unfreezeEvery = unfreezeEvery
        self.headEpochs = headEpochs
        self.lora = lora
    }

    private enum CodingKeys: String, CodingKey { case strategy, layers, unfreezeEvery, headEpochs, lora }

    /// Results written before LoRA existed have no `lora` key: they decode with its defaults.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(strategy: try c.decode(Strategy.self, forKey: .strategy),
                  layers: try c.decode(Int.self, forKey: .layers),
                  unfreezeEvery: try c.decode(Double.self, forKey: .unfreezeEvery),
                  headEpochs: try c.decode(Int.self, forKey: .headEpochs),
                  lora: try c.decodeIfPresent(LoRA.self, forKey: .lora) ?? .default)
    }

    static let shape = ObjectShape(doc: "Which blocks train, and when frozen ones thaw.", [
        Field("strategy", .string(StringShape(values: Strategy.allCases.map(\.rawValue))), default: .string("none"),
              doc: "none: full fine-tuning; head-only: feature extraction; bottom: lowest `layers` blocks frozen; gradual: thaw one block top-down every `unfreeze_every` epochs (a fraction such as 0.25 thaws within an epoch); two-stage: head only for `head_epochs`, then everything; lora: low-rank updates of the `lora.targets` Linears and the head train, every pre-trained weight stays frozen; bitfit: only the biases and the head train."),
        Field("layers", .integer(.nonNegative), default: .int(1), doc: "bottom: how many of the lowest blocks stay frozen."),
        Field("unfreeze_every", .number(.positive), default: .int(1),
              doc: "gradual: epochs between thawing the next block; a fraction thaws within an epoch, at the optimizer step where that many epochs have passed (0.25: a block every quarter of an epoch)."),
        Field("head_epochs", .integer(Bounds(min: 1)), default: .int(1), doc: "two-stage: epochs of head-only training first."),
        Field("lora", .object(LoRA.shape), doc: "lora: the low-rank update."),
    ])
}
