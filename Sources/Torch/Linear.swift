/// A fully connected layer, `y = x·Wᵀ + b`, with parameters `weight` `[out, in]` and `bias` `[out]`.
///
/// It may carry a LoRA update (``attachLoRA(rank:alpha:dropout:)``): then
/// `y = x·Wᵀ + b + (B·A·dropout(x))·alpha/rank`, with `lora_A.weight` and `lora_B.weight`
/// registered under the layer, as PEFT names them, so freezing and saving see them by name.
public final class Linear: Module, Layer {
    public let weight: Tensor
    public let bias: Tensor?
    /// The low-rank update, when one is attached.
    public private(set) var lora: LoRAUpdate?

    /// PyTorch's initialisation: kaiming-uniform weight (a = √5), bias U(±1/√in).
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true) throws {
        weight = try Init.kaimingUniform([outFeatures, inFeatures], fanIn: inFeatures)
        self.bias = bias ? try Init.fanInUniform([outFeatures], fanIn: inFeatures) : nil
        super.init()
        try registerParameter("weight", weight)
        if let b = self.bias { try registerParameter("bias", b) }
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        let base = try F.linear(input, weight, bias)
        guard let lora else { return base }
        return try base + lora(input)
    }

    /// Adds a LoRA update initialised as PEFT does: A kaiming-uniform (a = √5, like a Linear's
    /// weight), B zero, so the layer's output is unchanged until B trains.
    public func attachLoRA(rank: Int, alpha: Double, dropout: Double) throws {
        let shape = weight.shape
        let update = try LoRAUpdate(inFeatures: shape[1], outFeatures: shape[0], rank: rank, alpha: alpha, dropout: dropout)
        try registerModule("lora_A", update.a)
        try registerModule("lora_B", update.b)
        try registerModule("lora_dropout", update.dropout)
        lora = update
    }

    /// `W + B·A·alpha/rank`: the weight a plain Linear needs to compute what this one does.
    public func mergedWeight() throws -> Tensor {
        guard let lora else { return try weight.detach() }
        return try Torch.withNoGrad { try weight.detach() + lora.delta() }
    }
}

/// The low-rank path of a LoRA Linear: `B·A·dropout(x)·scaling`, scaling = alpha / rank.
public final class LoRAUpdate {
    /// `lora_A`: `[rank, in]`, no bias.
    public let a: Linear
    /// `lora_B`: `[out, rank]`, no bias, zero at the start.
    public let b: Linear
    public let dropout: Dropout
    public let rank: Int
    public let alpha: Double
    public var scaling: Double { alpha / Double(rank) }

    init(inFeatures: Int, outFeatures: Int, rank: Int, alpha: Double, dropout p: Double) throws {
        guard rank >= 1 else { throw TorchError(operation: "attachLoRA", message: "rank must be at least 1 (got \(rank))") }
        a = try Linear(inFeatures, rank, bias: false)
        let b = try Linear(rank, outFeatures, bias: false)
        try Torch.withNoGrad { try b.weight.zero() }
        self.b = b
        dropout = try Dropout(p)
        self.rank = rank
        self.alpha = alpha
    }

    func callAsFunction(_ x: Tensor) throws -> Tensor {
        let input = dropout.p > 0 ? try dropout(x) : x
        return try F.linear(F.linear(input, a.weight, nil), b.weight, nil) * scaling
    }

    /// `B·A·scaling`, `[out, in]`.
    public func delta() throws -> Tensor {
        try b.weight.detach().matmul(a.weight.detach()) * scaling
    }
}
