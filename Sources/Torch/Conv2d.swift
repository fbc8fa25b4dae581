/// A 2-D convolution with `weight` `[out, in/groups, kh, kw]` and optional `bias` `[out]`.
public final class Conv2d: Module, Layer {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: (Int, Int)
    public let padding: (Int, Int)
    public let groups: Int

    /// PyTorch's initialisation: kaiming-uniform weight (a = √5), bias U(±1/√fanIn) with
    /// fanIn = in/groups · kh · kw.
    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: (Int, Int),
        stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0), groups: Int = 1, bias: Bool = true
    ) throws {
        let fanIn = inChannels / max(groups, 1) * kernelSize.0 * kernelSize.1
        weight = try Init.kaimingUniform([outChannels, inChannels / max(groups, 1), kernelSize.0, kernelSize.1], fanIn: fanIn)
        self.bias = bias ? try Init.fanInUniform([outChannels], fanIn: fanIn) : nil
        self.stride = stride
        self.padding = padding
        self.groups = groups
        super.init()
        try registerParameter("weight", weight)
        if let b = self.bias { try registerParameter("bias", b) }
    }

    /// A square kernel.
    public convenience init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0, bias: Bool = true) throws {
        try self.init(inChannels, outChannels, kernelSize: (kernelSize, kernelSize), stride: (stride, stride), padding: (padding, padding), bias: bias)
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try convolve(input, weight: weight, bias: bias)
    }
}
