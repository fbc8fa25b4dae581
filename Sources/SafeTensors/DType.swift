/// The element types a safetensors file may declare, spelled as in the header: every type
/// the reference `safetensors` 0.8 accepts, so a file it reads is a file finetune reads.
///
/// Every type can be parsed and validated; only some convert to Swift numbers
/// (`floats(of:)` for `isFloatingPoint` types, `int64s(of:)` for `isInteger` ones). The 8-,
/// 6- and 4-bit floats and C64 are read and checked but not converted.
public enum DType: String, CaseIterable, Sendable, Hashable {
    case f64 = "F64"
    case f32 = "F32"
    case f16 = "F16"
    case bf16 = "BF16"
    case i64 = "I64"
    case i32 = "I32"
    case i16 = "I16"
    case i8 = "I8"
    case u64 = "U64"
    case u32 = "U32"
    case u16 = "U16"
    case u8 = "U8"
    case bool = "BOOL"
    case c64 = "C64"
    case f8e5m2 = "F8_E5M2"
    case f8e4m3 = "F8_E4M3"
    case f8e8m0 = "F8_E8M0"
    case f8e4m3fnuz = "F8_E4M3FNUZ"
    case f8e5m2fnuz = "F8_E5M2FNUZ"
    case f6e2m3 = "F6_E2M3"
    case f6e3m2 = "F6_E3M2"
    case f4 = "F4"

    /// Bits per element: a tensor's byte span is elements × bits / 8, and a sub-byte type
    /// whose bits do not fill whole bytes is refused, as the reference does.
    public var bitSize: Int {
        switch self {
        case .f64, .i64, .u64, .c64: 64
        case .f32, .i32, .u32: 32
        case .f16, .bf16, .i16, .u16: 16
        case .i8, .u8, .bool, .f8e5m2, .f8e4m3, .f8e8m0, .f8e4m3fnuz, .f8e5m2fnuz: 8
        case .f6e2m3, .f6e3m2: 6
        case .f4: 4
        }
    }

    /// Bytes per element of the whole-byte types (used when writing, where only those occur).
    public var byteSize: Int { bitSize / 8 }

    /// True for the types `floats(of:)` converts.
    public var isFloatingPoint: Bool {
        switch self {
        case .f64, .f32, .f16, .bf16: true
        default: false
        }
    }

    /// True for the types `int64s(of:)` converts (U64 only when every value fits).
    public var isInteger: Bool {
        switch self {
        case .i64, .i32, .i16, .i8, .u64, .u32, .u16, .u8, .bool: true
        default: false
        }
    }
}
