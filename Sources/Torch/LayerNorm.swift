/// Layer normalisation over the trailing `normalizedShape` dims, with `weight` and `bias`.
public final class LayerNorm: Module, Layer {
    public let weight: Tensor
    public let bias: Tensor
    public let normalizedShape: [Int]
    public let eps: Double

    /// Weight ones and bias zeros (PyTorch's default); BERT uses eps 1e-12.
    public init(_ normalizedShape: [Int], eps: Double = 1e-5) throws {
        weight = try Tensor.ones(normalizedShape)
        bias = try Tensor.zeros(normalizedShape)
        self.normalizedShape = normalizedShape
        self.eps = eps
        super.init()
        try registerParameter("weight", weight)
        try registerParameter("bias", bias)
    }

    /// Normalises over the last dim of size `features`.
    public convenience init(_ features: Int, eps: Double = 1e-5) throws {
        try self.init([features], eps: eps)
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try F.layerNorm(input, normalizedShape: normalizedShape, weight: weight, bias: bias, eps: eps)
    }
}
