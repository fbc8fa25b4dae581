/// Batch normalisation over the channels of `[n, c, h, w]` inputs.
///
/// Parameters `weight`, `bias`; buffers `running_mean`, `running_var` and
/// `num_batches_tracked` (int64, counted in training as PyTorch does, so PyTorch
/// checkpoints load strictly; it does not affect the output because `momentum` is fixed).
public final class BatchNorm2d: Module, Layer {
    public let weight: Tensor
    public let bias: Tensor
    public let runningMean: Tensor
    public let runningVar: Tensor
    public let numBatchesTracked: Tensor
    public let momentum: Double
    public let eps: Double

    /// Weight ones, bias zeros, running mean 0 and variance 1.
    public init(_ features: Int, momentum: Double = 0.1, eps: Double = 1e-5) throws {
        weight = try Tensor.ones([features])
        bias = try Tensor.zeros([features])
        runningMean = try Tensor.zeros([features])
        runningVar = try Tensor.ones([features])
        numBatchesTracked = try Tensor.zeros([], dtype: .int64)
        self.momentum = momentum
        self.eps = eps
        super.init()
        try registerParameter("weight", weight)
        try registerParameter("bias", bias)
        try registerBuffer("running_mean", runningMean)
        try registerBuffer("running_var", runningVar)
        try registerBuffer("num_batches_tracked", numBatchesTracked)
    }

    /// Training: normalises with batch statistics and updates the running ones.
    /// Evaluation: normalises with the running statistics.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        if isTraining { try numBatchesTracked.addInPlace(1) }
        return try F.batchNorm(
            input, weight: weight, bias: bias, runningMean: runningMean, runningVar: runningVar,
            training: isTraining, momentum: momentum, eps: eps)
    }
}
