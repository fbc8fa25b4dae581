internal import CTorch

// Views, reshaping and indexing. Dimensions may be negative (counted from the end).

extension Tensor {
    /// The same elements in a new shape; one size may be -1 (inferred).
    public func reshape(_ shape: [Int]) throws -> Tensor {
        let sizes = shape.map(Int64.init)
        return try wrap("reshape", ft_reshape(handle, sizes, Int32(sizes.count)))
    }

    /// Flattens dims `startDim...` into one (e.g. `[n, c, h, w]` → `[n, c·h·w]` from 1).
    public func flatten(from startDim: Int = 0) throws -> Tensor {
        let shape = self.shape
        let start = startDim < 0 ? startDim + shape.count : startDim
        guard start >= 0, start <= shape.count else {
            throw TorchError(operation: "flatten", message: "dim \(startDim) out of range for shape \(shape)")
        }
        return try reshape(Array(shape[..<start]) + [shape[start...].reduce(1, *)])
    }

    /// A broadcast view of size-1 dims to `shape` (-1 keeps a size).
    public func expand(_ shape: [Int]) throws -> Tensor {
        let sizes = shape.map(Int64.init)
        return try wrap("expand", ft_expand(handle, sizes, Int32(sizes.count)))
    }

    /// The dims reordered as `dims`.
    public func permute(_ dims: [Int]) throws -> Tensor {
        let d = dims.map(Int64.init)
        return try wrap("permute", ft_permute(handle, d, Int32(d.count)))
    }

    /// Swaps two dims.
    public func transpose(_ dim0: Int, _ dim1: Int) throws -> Tensor {
        try wrap("transpose", ft_transpose(handle, Int64(dim0), Int64(dim1)))
    }

    /// The same values stored densely in row-major order (needed after permute before some kernels).
    public func contiguous() throws -> Tensor { try unary(FT_CONTIGUOUS, "contiguous") }

    /// Inserts a size-1 dim at `dim`.
    public func unsqueeze(_ dim: Int) throws -> Tensor {
        try wrap("unsqueeze", ft_unsqueeze(handle, Int64(dim)))
    }

    /// Removes `dim` if its size is 1, or every size-1 dim when `dim` is nil.
    public func squeeze(_ dim: Int? = nil) throws -> Tensor {
        try wrap("squeeze", ft_squeeze(handle, dim == nil ? 0 : 1, Int64(dim ?? 0)))
    }

    /// `length` entries of `dim` starting at `start` (a view).
    public func narrow(dim: Int, start: Int, length: Int) throws -> Tensor {
        try wrap("narrow", ft_narrow(handle, Int64(dim), Int64(start), Int64(length)))
    }

    /// Entries `start..<end` of `dim`, every `step`-th (a view; bounds are clipped like Python's).
    public func slice(dim: Int, start: Int = 0, end: Int = Int(Int64.max), step: Int = 1) throws -> Tensor {
        try wrap("slice", ft_slice(handle, Int64(dim), Int64(start), Int64(end), Int64(step)))
    }

    /// The entries of `dim` listed in the int64 vector `index`.
    public func indexSelect(dim: Int, index: Tensor) throws -> Tensor {
        try withExtendedLifetime(index) {
            try wrap("indexSelect", ft_index_select(handle, Int64(dim), index.handle))
        }
    }

    /// `out[i][j] = self[i][index[i][j]]` for dim 1 (libtorch's `gather`).
    public func gather(dim: Int, index: Tensor) throws -> Tensor {
        try withExtendedLifetime(index) {
            try wrap("gather", ft_gather(handle, Int64(dim), index.handle))
        }
    }

    /// Concatenates along an existing dim.
    public static func cat(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
        try join(tensors, dim: dim, stack: false, "cat")
    }

    /// Joins along a new dim.
    public static func stack(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
        try join(tensors, dim: dim, stack: true, "stack")
    }

    private static func join(_ tensors: [Tensor], dim: Int, stack: Bool, _ name: String) throws -> Tensor {
        try withExtendedLifetime(tensors) {
            let handles: [OpaquePointer?] = tensors.map { $0.handle }
            return try wrap(name, ft_cat(handles, Int32(handles.count), Int64(dim), stack ? 1 : 0))
        }
    }
}
