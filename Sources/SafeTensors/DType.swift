/// The element types a safetensors file may declare, spelled as in the header.
///
/// Every type can be parsed and validated; only some convert to Swift numbers
/// (`floats(of:)` for the floating types, `int64s(of:)` for the integer ones).
public enum DType: String, CaseIterable, Sendable, Hashable {
    case f64 = "F64"
    case f32 = "F32"
    case f16 = "F16"
    case bf16 = "BF16"
    case i64 = "I64"
    case i32 = "I32"
    case i16 = "I16"
    case i8 = "I8"
    case u8 = "U8"
    case bool = "BOOL"

    /// Bytes per element, used to check that a tensor's byte range matches its shape.
    public var byteSize: Int {
        switch self {
        case .f64, .i64: 8
        case .f32, .i32: 4
        case .f16, .bf16, .i16: 2
        case .i8, .u8, .bool: 1
        }
    }

    /// True for the types `floats(of:)` converts.
    public var isFloatingPoint: Bool {
        switch self {
        case .f64, .f32, .f16, .bf16: true
        default: false
        }
    }
}
