internal import CTorch

/// Element type of a tensor.
///
/// Models use `float32` values and `int64` indices/labels; `bool` comes out of comparisons.
public enum DType: Int32, Sendable, CaseIterable, CustomStringConvertible {
    case float32 = 0
    case int64 = 1
    case int32 = 2
    case bool = 3
    case float64 = 4
    /// Only inside autocast regions (``Torch/withAutocast(_:_:)``); copied out as float32.
    case bfloat16 = 5

    public var description: String {
        switch self {
        case .float32: "float32"
        case .int64: "int64"
        case .int32: "int32"
        case .bool: "bool"
        case .float64: "float64"
        case .bfloat16: "bfloat16"
        }
    }

    /// Whether tensors of this type can require gradients.
    public var isFloatingPoint: Bool { self == .float32 || self == .float64 || self == .bfloat16 }
}
