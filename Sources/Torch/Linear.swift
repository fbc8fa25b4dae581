/// A fully connected layer, `y = x·Wᵀ + b`, with parameters `weight` `[out, in]` and `bias` `[out]`.
public final class Linear: Module, Layer {
    public let weight: Tensor
    public let bias: Tensor?

    /// PyTorch's initialisation: kaiming-uniform weight (a = √5), bias U(±1/√in).
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true) throws {
        weight = try Init.kaimingUniform([outFeatures, inFeatures], fanIn: inFeatures)
        self.bias = bias ? try Init.fanInUniform([outFeatures], fanIn: inFeatures) : nil
        super.init()
        try registerParameter("weight", weight)
        if let b = self.bias { try registerParameter("bias", b) }
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try F.linear(input, weight, bias)
    }
}
