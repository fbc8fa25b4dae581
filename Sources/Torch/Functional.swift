internal import CTorch

/// How a loss combines its per-element values.
public enum Reduction: Sendable {
    /// One value per sample.
    case none
    /// The mean over samples (over elements for `mseLoss`).
    case mean
    /// The sum over samples.
    case sum
    /// The sum divided by the batch size; the mathematically correct KL divergence
    /// (only accepted by ``Functional/klDiv(_:_:logTarget:reduction:)``).
    case batchMean

    func code(_ operation: String) throws -> Int32 {
        switch self {
        case .none: Int32(FT_REDUCTION_NONE.rawValue)
        case .mean: Int32(FT_REDUCTION_MEAN.rawValue)
        case .sum: Int32(FT_REDUCTION_SUM.rawValue)
        case .batchMean: throw TorchError(operation: operation, message: "reduction batchMean is only defined for klDiv")
        }
    }
}

/// Stateless neural-network functions; the layers (``Linear``, ``Conv2d``, …) hold the
/// parameters and call these. Shapes follow PyTorch: images are `[n, c, h, w]`.
public enum Functional {
    /// `x · wᵀ + b` with `w` shaped `[out, in]`.
    public static func linear(_ x: Tensor, _ weight: Tensor, _ bias: Tensor? = nil) throws -> Tensor {
        try withExtendedLifetime((x, weight, bias)) {
            try wrap("linear", ft_linear(x.handle, weight.handle, bias?.handle))
        }
    }

    /// 2-D convolution of `[n, cin, h, w]` with `weight` `[cout, cin/groups, kh, kw]`.
    public static func conv2d(
        _ x: Tensor, _ weight: Tensor, _ bias: Tensor? = nil,
        stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
        dilation: (Int, Int) = (1, 1), groups: Int = 1
    ) throws -> Tensor {
        let s = [Int64(stride.0), Int64(stride.1)]
        let p = [Int64(padding.0), Int64(padding.1)]
        let d = [Int64(dilation.0), Int64(dilation.1)]
        return try withExtendedLifetime((x, weight, bias)) {
            try wrap("conv2d", ft_conv2d(x.handle, weight.handle, bias?.handle, s, p, d, Int64(groups)))
        }
    }

    /// Batch normalisation over dim 1. In training it normalises with the batch statistics and
    /// updates `runningMean`/`runningVar` in place (`new = (1 - momentum)·old + momentum·batch`);
    /// in evaluation it uses the running statistics.
    public static func batchNorm(
        _ x: Tensor, weight: Tensor?, bias: Tensor?, runningMean: Tensor?, runningVar: Tensor?,
        training: Bool, momentum: Double = 0.1, eps: Double = 1e-5
    ) throws -> Tensor {
        try withExtendedLifetime((x, weight, bias, runningMean, runningVar)) {
            try wrap("batchNorm", ft_batch_norm(
                x.handle, weight?.handle, bias?.handle, runningMean?.handle, runningVar?.handle,
                training ? 1 : 0, momentum, eps))
        }
    }

    /// Layer normalisation over the trailing `normalizedShape` dims.
    public static func layerNorm(
        _ x: Tensor, normalizedShape: [Int], weight: Tensor?, bias: Tensor?, eps: Double = 1e-5
    ) throws -> Tensor {
        let shape = normalizedShape.map(Int64.init)
        return try withExtendedLifetime((x, weight, bias)) {
            try wrap("layerNorm", ft_layer_norm(x.handle, shape, Int32(shape.count), weight?.handle, bias?.handle, eps))
        }
    }

    /// Max pooling; `stride` defaults to the kernel size, as in PyTorch.
    public static func maxPool2d(_ x: Tensor, kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) throws -> Tensor {
        try pool2d(FT_MAX_POOL, "maxPool2d", x, kernel, stride ?? kernel, padding)
    }

    /// Average pooling (padding counted in the average); `stride` defaults to the kernel size.
    public static func avgPool2d(_ x: Tensor, kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) throws -> Tensor {
        try pool2d(FT_AVG_POOL, "avgPool2d", x, kernel, stride ?? kernel, padding)
    }

    private static func pool2d(_ kind: ft_pool, _ name: String, _ x: Tensor, _ kernel: (Int, Int), _ stride: (Int, Int), _ padding: (Int, Int)) throws -> Tensor {
        let k = [Int64(kernel.0), Int64(kernel.1)]
        let s = [Int64(stride.0), Int64(stride.1)]
        let p = [Int64(padding.0), Int64(padding.1)]
        return try withExtendedLifetime(x) {
            try wrap(name, ft_pool2d(Int32(kind.rawValue), x.handle, k, s, p))
        }
    }

    /// Average pooling to a fixed output size, whatever the input size.
    public static func adaptiveAvgPool2d(_ x: Tensor, outputSize: (Int, Int)) throws -> Tensor {
        let o = [Int64(outputSize.0), Int64(outputSize.1)]
        return try withExtendedLifetime(x) {
            try wrap("adaptiveAvgPool2d", ft_adaptive_avg_pool2d(x.handle, o))
        }
    }

    /// Pads the last two dims with `value`: `left`, `right` columns and `top`, `bottom` rows
    /// (F.pad's order). TensorFlow's "SAME" stride-2 convolutions pad bottom/right by one more.
    public static func pad2d(_ x: Tensor, left: Int, right: Int, top: Int, bottom: Int, value: Double = 0) throws -> Tensor {
        if left == 0, right == 0, top == 0, bottom == 0 { return x }
        let p = [Int64(left), Int64(right), Int64(top), Int64(bottom)]
        return try withExtendedLifetime(x) {
            try wrap("pad2d", ft_pad2d(x.handle, p, value))
        }
    }

    /// Bicubic resize of `[n, c, h, w]` to `size` (align_corners false), antialiased as
    /// `F.interpolate(…, mode="bicubic", antialias=True)`: how timm resamples position embeddings.
    public static func resizeBicubic(_ x: Tensor, size: (Int, Int), antialias: Bool = true) throws -> Tensor {
        let o = [Int64(size.0), Int64(size.1)]
        return try withExtendedLifetime(x) {
            try wrap("resizeBicubic", ft_resize_bicubic(x.handle, o, antialias ? 1 : 0))
        }
    }

    /// Zeroes elements with probability `p` and scales the rest by 1/(1-p) in training;
    /// the identity otherwise.
    public static func dropout(_ x: Tensor, p: Double, training: Bool) throws -> Tensor {
        if !training || p == 0 { return x }
        return try withExtendedLifetime(x) {
            try wrap("dropout", ft_dropout(x.handle, p, 1))
        }
    }

    /// softmax(q·kᵀ/√d + mask)·v in one fused kernel (libtorch's `scaled_dot_product_attention`):
    /// the scores are never materialised as separate tensors. No dropout on the probabilities.
    /// q, k, v `[batch, heads, length, d]`; `additiveMask` broadcasts to `[batch, heads, length, length]`.
    public static func attention(_ q: Tensor, _ k: Tensor, _ v: Tensor, additiveMask: Tensor?) throws -> Tensor {
        try withExtendedLifetime((q, k, v, additiveMask)) {
            try wrap("attention", ft_attention(q.handle, k.handle, v.handle, additiveMask?.handle))
        }
    }

    /// Rows of `weight` `[vocab, dim]` picked by the int64 `indices` (any shape).
    public static func embedding(_ weight: Tensor, _ indices: Tensor) throws -> Tensor {
        try withExtendedLifetime((weight, indices)) {
            try wrap("embedding", ft_embedding(weight.handle, indices.handle))
        }
    }

    /// Cross entropy of `logits` `[n, classes]` against int64 class `targets` `[n]`, with
    /// optional label smoothing (PyTorch's definition).
    public static func crossEntropy(
        _ logits: Tensor, _ targets: Tensor, labelSmoothing: Double = 0, reduction: Reduction = .mean
    ) throws -> Tensor {
        let r = try reduction.code("crossEntropy")
        return try withExtendedLifetime((logits, targets)) {
            try wrap("crossEntropy", ft_cross_entropy(logits.handle, targets.handle, labelSmoothing, r))
        }
    }

    /// Cross entropy against soft targets: `targetProbabilities` are class probabilities
    /// shaped like `logits` (e.g. a teacher's softened outputs).
    public static func softCrossEntropy(_ logits: Tensor, _ targetProbabilities: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        try crossEntropy(logits, targetProbabilities, reduction: reduction)
    }

    /// Negative log-likelihood of log-probabilities `[n, classes]` at int64 `targets` `[n]`.
    public static func nllLoss(_ logProbabilities: Tensor, _ targets: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        let r = try reduction.code("nllLoss")
        return try withExtendedLifetime((logProbabilities, targets)) {
            try wrap("nllLoss", ft_nll_loss(logProbabilities.handle, targets.handle, r))
        }
    }

    /// Mean squared error (mean over all elements by default).
    public static func mseLoss(_ prediction: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        let r = try reduction.code("mseLoss")
        return try withExtendedLifetime((prediction, target)) {
            try wrap("mseLoss", ft_mse_loss(prediction.handle, target.handle, r))
        }
    }

    /// KL(target ‖ input) where `logInput` holds log-probabilities and `target` probabilities
    /// (or log-probabilities when `logTarget`). `.batchMean` divides the sum by the batch size.
    public static func klDiv(_ logInput: Tensor, _ target: Tensor, logTarget: Bool = false, reduction: Reduction = .batchMean) throws -> Tensor {
        let code = reduction == .batchMean ? Int32(FT_REDUCTION_SUM.rawValue) : try reduction.code("klDiv")
        let loss = try withExtendedLifetime((logInput, target)) {
            try wrap("klDiv", ft_kl_div(logInput.handle, target.handle, code, logTarget ? 1 : 0))
        }
        guard reduction == .batchMean else { return loss }
        let batch = logInput.shape.first ?? 1
        return try loss / Double(Swift.max(batch, 1))
    }

    /// Hinton's distillation loss: KL between the teacher's and the student's softmax at
    /// `temperature`, scaled by temperature² so its gradients match the hard-label loss.
    public static func distillationLoss(studentLogits: Tensor, teacherLogits: Tensor, temperature: Double) throws -> Tensor {
        let student = try (studentLogits / temperature).logSoftmax(dim: -1)
        let teacher = try (teacherLogits / temperature).logSoftmax(dim: -1)
        return try klDiv(student, teacher, logTarget: true, reduction: .batchMean) * (temperature * temperature)
    }
}

/// Short name for ``Functional`` in model code: `F.linear(x, w, b)`.
public typealias F = Functional
