internal import CTorch

/// Process-wide libtorch controls: seeding, grad mode, threads, version.
public enum Torch {
    /// Seeds libtorch's global CPU generator (randn, rand, dropout, initialisation).
    public static func manualSeed(_ seed: UInt64) {
        ft_manual_seed(seed)
    }

    /// Runs `body` with autograd recording switched off on the calling thread (evaluation,
    /// weight updates), restoring the previous mode afterwards, also when `body` throws.
    ///
    /// libtorch's grad mode is thread-local; `body` is synchronous, so it enters and leaves on
    /// the same thread. Do not hop threads (e.g. `await`) inside it.
    public static func withNoGrad<R>(_ body: () throws -> R) rethrows -> R {
        let previous = ft_set_grad_enabled(0)
        defer { _ = ft_set_grad_enabled(previous) }
        return try body()
    }

    /// Runs `body` under CPU autocast to `dtype` (bfloat16) when `dtype` is given: matmuls,
    /// linear layers and convolutions compute in it, reductions and losses in float32, weights
    /// and gradients stay float32. Call backward outside, as with torch.autocast.
    public static func withAutocast<R>(_ dtype: DType?, _ body: () throws -> R) throws -> R {
        guard let dtype else { return try body() }
        let previous = ft_autocast_enter(dtype.rawValue)
        guard previous >= 0 else { throw TorchError(operation: "withAutocast", message: String(cString: ft_last_error())) }
        defer { _ = ft_autocast_exit(previous) }
        return try body()
    }

    /// Whether autograd records operations on the calling thread.
    public static var isGradEnabled: Bool { ft_is_grad_enabled() == 1 }

    /// Sets libtorch's intra-op (OpenMP) threads and, when given, its inter-op threads.
    ///
    /// Inter-op threads can only be set once, before any parallel work; a second attempt throws.
    public static func setNumThreads(intra: Int, interop: Int? = nil) throws {
        try check("setNumThreads", ft_set_num_threads(Int32(intra), Int32(interop ?? 0)))
    }

    /// libtorch's intra-op thread count.
    public static var numThreads: Int { Int(ft_get_num_threads()) }

    /// libtorch's version, e.g. "1.13.0".
    public static var version: String { String(cString: ft_version()) }

    /// libtorch's build configuration and parallel settings (BLAS, OpenMP, CPU capability).
    public static var buildConfiguration: String {
        guard let text = ft_config() else { return "" }
        defer { ft_string_free(text) }
        return String(cString: text)
    }

    /// Scales the gradients of `parameters` so their joint 2-norm is at most `maxNorm`
    /// (like `torch.nn.utils.clip_grad_norm_`) and returns the norm measured before clipping.
    /// Parameters without a gradient are ignored.
    @discardableResult
    public static func clipGradNorm(_ parameters: [Tensor], maxNorm: Double) throws -> Double {
        var total = 0.0
        try withExtendedLifetime(parameters) {
            let handles: [OpaquePointer?] = parameters.map { $0.handle }
            try check("clipGradNorm", ft_clip_grad_norm(handles, Int32(handles.count), maxNorm, &total))
        }
        return total
    }
}
