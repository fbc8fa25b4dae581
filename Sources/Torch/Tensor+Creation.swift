internal import CTorch

extension Tensor {
    /// A tensor of `shape` filled with `value`.
    public static func full(_ shape: [Int], _ value: Double, dtype: DType = .float32, device: Device = .cpu) throws -> Tensor {
        let sizes = shape.map(Int64.init)
        return try wrap("full", ft_full(sizes, Int32(sizes.count), value, dtype.rawValue, device.code))
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int], dtype: DType = .float32) throws -> Tensor {
        try full(shape, 0, dtype: dtype)
    }

    /// A tensor of ones.
    public static func ones(_ shape: [Int], dtype: DType = .float32) throws -> Tensor {
        try full(shape, 1, dtype: dtype)
    }

    /// The values `0, 1, …` below `end` (like `torch.arange`).
    public static func arange(_ end: Double, dtype: DType = .int64) throws -> Tensor {
        try arange(0, end, dtype: dtype)
    }

    /// The values `start, start + step, …` below `end` (like `torch.arange`).
    public static func arange(_ start: Double, _ end: Double, step: Double = 1, dtype: DType = .int64,
                              device: Device = .cpu) throws -> Tensor {
        try wrap("arange", ft_arange(start, end, step, dtype.rawValue, device.code))
    }

    /// Samples from the standard normal distribution (libtorch's global generator).
    public static func randn(_ shape: [Int], dtype: DType = .float32) throws -> Tensor {
        try normal(shape, mean: 0, std: 1, dtype: dtype)
    }

    /// Samples uniformly from [0, 1) (libtorch's global generator).
    public static func rand(_ shape: [Int], dtype: DType = .float32) throws -> Tensor {
        try uniform(shape, low: 0, high: 1, dtype: dtype)
    }

    /// Samples uniformly from [low, high) (libtorch's global generator).
    public static func uniform(_ shape: [Int], low: Double, high: Double, dtype: DType = .float32,
                               device: Device = .cpu) throws -> Tensor {
        let sizes = shape.map(Int64.init)
        return try wrap("uniform", ft_random(Int32(FT_RAND_UNIFORM.rawValue), sizes, Int32(sizes.count), low, high,
                                             dtype.rawValue, device.code))
    }

    /// Samples from N(mean, std²) (libtorch's global generator).
    public static func normal(_ shape: [Int], mean: Double, std: Double, dtype: DType = .float32,
                              device: Device = .cpu) throws -> Tensor {
        let sizes = shape.map(Int64.init)
        return try wrap("normal", ft_random(Int32(FT_RAND_NORMAL.rawValue), sizes, Int32(sizes.count), mean, std,
                                            dtype.rawValue, device.code))
    }

    /// Zeros shaped and typed like this tensor.
    public func zerosLike() throws -> Tensor { try unary(FT_ZEROS_LIKE, "zerosLike") }

    /// Ones shaped and typed like this tensor.
    public func onesLike() throws -> Tensor { try unary(FT_ONES_LIKE, "onesLike") }
}
