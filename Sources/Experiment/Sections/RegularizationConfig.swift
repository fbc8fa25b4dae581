/// Penalties that keep a fine-tuned model close to what it was or away from overconfidence.
public struct RegularizationConfig: Codable, Sendable, Hashable {
    public struct Distillation: Codable, Sendable, Hashable {
        public var weight: Double
        public var temperature: Double
    }

    public var labelSmoothing: Double
    public var l2Sp: Double
    public var distillation: Distillation

    static let shape = ObjectShape(doc: "Regularization beyond weight decay and dropout.", [
        Field("label_smoothing", .number(Bounds(min: 0, below: 1)), default: .number(0), doc: "Mix this much of a uniform target into each label."),
        Field("l2_sp", .number(.nonNegative), default: .number(0), doc: "Penalty pulling body weights toward the pre-trained ones."),
        Field("distillation", .object(ObjectShape(doc: "Learning without forgetting: keep the old model's outputs.", [
            Field("weight", .number(.unit), default: .number(0), doc: "Weight of the distillation loss (0 disables it)."),
            Field("temperature", .number(.positive), default: .number(2.0), doc: "Softmax temperature of both models."),
        ])), doc: "Distillation from the frozen pre-trained model through its old head."),
    ])
}
