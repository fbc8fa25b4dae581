/// The optimizer and its per-block learning rates.
public struct OptimizerConfig: Codable, Sendable, Hashable {
    public enum Name: String, Codable, Sendable, CaseIterable { case sgd, adam, adamw }

    public var name: Name
    public var lr: Double
    public var weightDecay: Double
    public var momentum: Double
    public var nesterov: Bool
    public var betas: [Double]
    public var eps: Double
    public var layerDecay: Double
    public var clipGradNorm: Double?

    static let shape = ObjectShape(doc: "The optimizer and its per-block learning rates.", [
        Field("name", .string(StringShape(values: Name.allCases.map(\.rawValue))), default: .string("adamw"), doc: "sgd, adam or adamw."),
        Field("lr", .number(.positive), default: .number(1e-3), doc: "Peak learning rate of the head."),
        Field("weight_decay", .number(.nonNegative), default: .number(0.01), doc: "Not applied to biases and norm weights."),
        Field("momentum", .number(Bounds(min: 0, below: 1)), default: .number(0.9), doc: "sgd: momentum."),
        Field("nesterov", .boolean, default: .bool(false), doc: "sgd: Nesterov momentum."),
        Field("betas", .array(of: .number(Bounds(min: 0, below: 1)), minItems: 2), default: .array([.number(0.9), .number(0.999)]),
              doc: "adam/adamw: the two moment decay rates."),
        Field("eps", .number(.positive), default: .number(1e-8), doc: "adam/adamw: denominator term."),
        Field("layer_decay", .number(Bounds(above: 0, max: 1)), default: .number(1.0),
              doc: "Discriminative learning rates: the block at depth d below the head gets lr * layer_decay^d."),
        Field("clip_grad_norm", .nullable(.number(.positive)), doc: "Clip the global gradient norm to this value."),
    ])
}
