internal import CTorch

// Element-wise functions, reductions and selection.

extension Tensor {
    func unary(_ op: ft_unary_op, _ name: String) throws -> Tensor {
        try wrap(name, ft_unary(Int32(op.rawValue), handle))
    }

    public func neg() throws -> Tensor { try unary(FT_NEG, "neg") }
    public func exp() throws -> Tensor { try unary(FT_EXP, "exp") }
    public func log() throws -> Tensor { try unary(FT_LOG, "log") }
    public func sqrt() throws -> Tensor { try unary(FT_SQRT, "sqrt") }
    public func rsqrt() throws -> Tensor { try unary(FT_RSQRT, "rsqrt") }
    public func square() throws -> Tensor { try unary(FT_SQUARE, "square") }
    public func abs() throws -> Tensor { try unary(FT_ABS, "abs") }
    public func erf() throws -> Tensor { try unary(FT_ERF, "erf") }
    public func relu() throws -> Tensor { try unary(FT_RELU, "relu") }
    /// GELU in its exact form, x·Φ(x) with the erf, as BERT uses (not the tanh approximation).
    public func gelu() throws -> Tensor { try unary(FT_GELU, "gelu") }
    public func tanh() throws -> Tensor { try unary(FT_TANH, "tanh") }
    public func sigmoid() throws -> Tensor { try unary(FT_SIGMOID, "sigmoid") }
    /// min(max(x, 0), 6) as torch's ReLU6 computes it (hardtanh), whose backward is one
    /// kernel where `clamp(min: 0, max: 6)`'s is three.
    public func relu6() throws -> Tensor { try unary(FT_RELU6, "relu6") }
    /// The same values laid out channels-last (NHWC) when 4-D, contiguous otherwise: the layout
    /// oneDNN's CPU convolutions are fastest on. Shapes and indexing are unchanged.
    public func channelsLast() throws -> Tensor { try unary(FT_CHANNELS_LAST, "channelsLast") }

    /// Limits every element to [min, max]; a nil bound is not applied.
    public func clamp(min: Double? = nil, max: Double? = nil) throws -> Tensor {
        try wrap("clamp", ft_clamp(handle, min == nil ? 0 : 1, min ?? 0, max == nil ? 0 : 1, max ?? 0))
    }

    /// Softmax along `dim`.
    public func softmax(dim: Int) throws -> Tensor { try wrap("softmax", ft_softmax(handle, Int64(dim), 0)) }

    /// Log-softmax along `dim`, computed stably.
    public func logSoftmax(dim: Int) throws -> Tensor { try wrap("logSoftmax", ft_softmax(handle, Int64(dim), 1)) }

    /// Elements of `a` where `condition` is true, of `b` elsewhere (broadcasting).
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        try withExtendedLifetime((condition, a, b)) {
            try wrap("where", ft_where(condition.handle, a.handle, b.handle))
        }
    }

    /// A copy with `value` wherever the bool `mask` is true (mask broadcasts).
    public func maskedFill(_ mask: Tensor, _ value: Double) throws -> Tensor {
        try withExtendedLifetime(mask) {
            try wrap("maskedFill", ft_masked_fill(handle, mask.handle, value))
        }
    }

    /// A bool tensor: true where the element is neither infinite nor NaN.
    public func isFinite() throws -> Tensor { try unary(FT_ISFINITE, "isFinite") }

    /// Whether every element is finite (the divergence check of a training loop).
    public func allFinite() throws -> Bool {
        let finite = try isFinite()
        return try finite.reduce(FT_ALL, "allFinite", dims: nil, keepDim: false).item() != 0
    }

    /// The p-norm of all elements as a scalar tensor.
    public func norm(p: Double = 2) throws -> Tensor { try wrap("norm", ft_norm(handle, p)) }

    /// A copy converted to `dtype` (this tensor itself when the type already matches).
    public func toType(_ dtype: DType) throws -> Tensor { try wrap("toType", ft_to_dtype(handle, dtype.rawValue)) }
}

// MARK: Reductions

extension Tensor {
    func reduce(_ op: ft_reduce_op, _ name: String, dims: [Int]?, keepDim: Bool) throws -> Tensor {
        let d = (dims ?? []).map(Int64.init)
        if let dims, dims.isEmpty {
            throw TorchError(operation: name, message: "empty dimension list")
        }
        return try wrap(name, ft_reduce(Int32(op.rawValue), handle, d, Int32(d.count), keepDim ? 1 : 0))
    }

    /// Sum of all elements, as a scalar tensor.
    public func sum() throws -> Tensor { try reduce(FT_SUM, "sum", dims: nil, keepDim: false) }
    /// Sum over `dims`.
    public func sum(dims: [Int], keepDim: Bool = false) throws -> Tensor { try reduce(FT_SUM, "sum", dims: dims, keepDim: keepDim) }
    /// Sum over one dim.
    public func sum(dim: Int, keepDim: Bool = false) throws -> Tensor { try sum(dims: [dim], keepDim: keepDim) }

    /// Mean of all elements, as a scalar tensor.
    public func mean() throws -> Tensor { try reduce(FT_MEAN, "mean", dims: nil, keepDim: false) }
    /// Mean over `dims`.
    public func mean(dims: [Int], keepDim: Bool = false) throws -> Tensor { try reduce(FT_MEAN, "mean", dims: dims, keepDim: keepDim) }
    /// Mean over one dim.
    public func mean(dim: Int, keepDim: Bool = false) throws -> Tensor { try mean(dims: [dim], keepDim: keepDim) }

    /// Maximum along `dim`: the values and their int64 indices.
    public func max(dim: Int, keepDim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        var values: OpaquePointer?
        var indices: OpaquePointer?
        try check("max", ft_max_dim(handle, Int64(dim), keepDim ? 1 : 0, &values, &indices))
        return (try wrap("max", values), try wrap("max", indices))
    }

    /// Index of the maximum along `dim` (int64).
    public func argmax(dim: Int, keepDim: Bool = false) throws -> Tensor {
        var indices: OpaquePointer?
        try check("argmax", ft_max_dim(handle, Int64(dim), keepDim ? 1 : 0, nil, &indices))
        return try wrap("argmax", indices)
    }

    /// Largest element, as a scalar tensor.
    public func max() throws -> Tensor { try wrap("max", ft_max_all(handle)) }

    /// Smallest element, as a scalar tensor.
    public func min() throws -> Tensor { try wrap("min", ft_min_all(handle)) }
}
