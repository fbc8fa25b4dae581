/// A lookup table of `count` vectors of size `dimension`, parameter `weight` `[count, dimension]`.
public final class Embedding: Module, Layer {
    public let weight: Tensor

    /// Weight drawn from N(0, 1), PyTorch's default.
    public init(_ count: Int, _ dimension: Int) throws {
        weight = try Tensor.randn([count, dimension])
        super.init()
        try registerParameter("weight", weight)
    }

    /// The rows for int64 `indices` of any shape; output shape is `indices.shape + [dimension]`.
    public func callAsFunction(_ indices: Tensor) throws -> Tensor {
        try F.embedding(weight, indices)
    }
}
