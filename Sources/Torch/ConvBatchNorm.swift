/// A convolution that can run once with other weights: what folding a BatchNorm into it needs.
public protocol Convolution: Layer {
    var weight: Tensor { get }
    var bias: Tensor? { get }
    /// The layer's convolution of `input` with `weight` and `bias` in place of its own.
    func convolve(_ input: Tensor, weight: Tensor, bias: Tensor?) throws -> Tensor
}

extension Conv2d: Convolution {
    public func convolve(_ input: Tensor, weight: Tensor, bias: Tensor?) throws -> Tensor {
        try F.conv2d(input, weight, bias, stride: stride, padding: padding, groups: groups)
    }
}

extension BatchNorm2d {
    /// `self(conv(x))`, with the normalisation folded into the convolution when it is a fixed
    /// affine map and nothing needs gradients (validation, filling the feature cache, predict):
    /// one pass over the activations instead of two, as oneDNN's fused conv + BatchNorm.
    /// Training, and evaluation under autograd, keep the two layers as they are.
    public func after(_ conv: some Convolution, _ x: Tensor) throws -> Tensor {
        guard !isTraining, !Torch.isGradEnabled else { return try self(conv(x)) }
        let scale = try weight * (runningVar + eps).rsqrt()
        let folded = try conv.weight * scale.reshape([-1, 1, 1, 1])
        var shift = try bias - runningMean * scale
        if let convBias = conv.bias { shift = try shift + convBias * scale }
        return try conv.convolve(x, weight: folded, bias: shift)
    }
}
