internal import CTorch

/// Where a tensor's memory lives. Only the CPU is built and tested; the C API already takes a
/// device for every new tensor, so that a CUDA build needs no new entry points.
public enum Device: Sendable, Hashable, CustomStringConvertible {
    case cpu
    /// CUDA device `index` (needs libtorch's CUDA libraries, which finetune does not set up).
    case cuda(Int)

    var code: Int32 {
        switch self {
        case .cpu: Int32(FT_CPU.rawValue)
        case .cuda(let index): Int32(index)
        }
    }

    init(code: Int32) { self = code < 0 ? .cpu : .cuda(Int(code)) }

    public var description: String {
        switch self {
        case .cpu: "cpu"
        case .cuda(let index): "cuda:\(index)"
        }
    }
}

extension Tensor {
    /// The device the tensor's memory is on.
    public var device: Device { Device(code: withExtendedLifetime(self) { ft_tensor_device(handle) }) }
}
