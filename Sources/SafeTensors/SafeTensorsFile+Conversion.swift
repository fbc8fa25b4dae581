import Foundation

extension SafeTensorsFile {
    /// The tensor's elements as Float32, converting from F32, F16, BF16 or F64, because the
    /// training engine works in Float32 whatever precision a checkpoint was saved in.
    public func floats(of name: String) throws(SafeTensorsError) -> [Float] {
        let info = try require(name)
        guard info.dtype.isFloatingPoint else {
            throw SafeTensorsError(.unsupportedConversion, file: source, tensor: name,
                                   "dtype \(info.dtype.rawValue) is not floating point; use int64s(of:)")
        }
        return ElementDecoding.floats(bytes(of: info), dtype: info.dtype, count: info.elementCount)
    }

    /// The tensor's elements as Int64, widening from I64, I32, I16, I8, U64, U32, U16, U8 or
    /// BOOL (e.g. BERT's `position_ids` buffer).
    public func int64s(of name: String) throws(SafeTensorsError) -> [Int64] {
        let info = try require(name)
        guard info.dtype.isInteger else {
            let hint = info.dtype.isFloatingPoint ? "; use floats(of:)" : ""
            throw SafeTensorsError(.unsupportedConversion, file: source, tensor: name,
                                   "dtype \(info.dtype.rawValue) does not convert to integers\(hint)")
        }
        let values = ElementDecoding.int64s(bytes(of: info), dtype: info.dtype, count: info.elementCount)
        guard let values else {
            throw SafeTensorsError(.unsupportedConversion, file: source, tensor: name, "a U64 value does not fit Int64")
        }
        return values
    }
}

/// Little-endian element decoding shared by the reader; independent of host byte order.
enum ElementDecoding {
    static func floats(_ data: Data, dtype: DType, count: Int) -> [Float] {
        data.withUnsafeBytes { raw -> [Float] in
            switch dtype {
            case .f32:
                #if _endian(little)
                return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                    if count > 0 { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw) }
                    initialized = count
                }
                #else
                return (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
                #endif
            case .f64:
                return (0..<count).map {
                    Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))))
                }
            case .f16:
                return (0..<count).map {
                    floatFromHalf(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self)))
                }
            case .bf16:
                return (0..<count).map {
                    Float(bitPattern: UInt32(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self))) << 16)
                }
            default:
                preconditionFailure("floats(_:dtype:) called with integer dtype \(dtype)")
            }
        }
    }

    /// nil when a U64 value does not fit Int64.
    static func int64s(_ data: Data, dtype: DType, count: Int) -> [Int64]? {
        data.withUnsafeBytes { raw -> [Int64]? in
            switch dtype {
            case .i64:
                return (0..<count).map { Int64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)) }
            case .i32:
                return (0..<count).map { Int64(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self))) }
            case .i16:
                return (0..<count).map { Int64(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self))) }
            case .i8:
                return (0..<count).map { Int64(Int8(bitPattern: raw[$0])) }
            case .u64:
                let values = (0..<count).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
                guard values.allSatisfy({ $0 <= UInt64(Int64.max) }) else { return nil }
                return values.map { Int64($0) }
            case .u32:
                return (0..<count).map { Int64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
            case .u16:
                return (0..<count).map { Int64(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self))) }
            case .u8:
                return (0..<count).map { Int64(raw[$0]) }
            case .bool:
                return (0..<count).map { raw[$0] == 0 ? 0 : 1 }
            default:
                preconditionFailure("int64s(_:dtype:) called with non-integer dtype \(dtype)")
            }
        }
    }

    /// IEEE 754 binary16 → binary32 by bit manipulation (exact; handles subnormals, inf, NaN),
    /// so it works on every platform whether or not Swift's `Float16` is available.
    static func floatFromHalf(_ half: UInt16) -> Float {
        let sign = UInt32(half >> 15) << 31
        let exponent = UInt32(half >> 10) & 0x1F
        let mantissa = UInt32(half) & 0x3FF
        switch exponent {
        case 0:
            // Zero or subnormal: value = mantissa * 2^-24.
            let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
        }
    }

    /// binary32 → binary16 with round-to-nearest-even, for writing F16 tensors in tests.
    static func halfFromFloat(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF)
        var mantissa = bits & 0x7F_FFFF
        if exponent == 0xFF { return sign | 0x7C00 | (mantissa != 0 ? 0x200 : 0) }
        var halfExponent = exponent - 127 + 15
        if halfExponent >= 0x1F { return sign | 0x7C00 }
        if halfExponent <= 0 {
            if halfExponent < -10 { return sign }
            mantissa |= 0x80_0000
            let shift = UInt32(14 - halfExponent)
            var halfMantissa = mantissa >> shift
            let remainder = mantissa & ((1 << shift) - 1)
            let halfway = UInt32(1) << (shift - 1)
            if remainder > halfway || (remainder == halfway && halfMantissa & 1 == 1) { halfMantissa += 1 }
            return sign | UInt16(halfMantissa)
        }
        var halfMantissa = mantissa >> 13
        let remainder = mantissa & 0x1FFF
        if remainder > 0x1000 || (remainder == 0x1000 && halfMantissa & 1 == 1) {
            halfMantissa += 1
            if halfMantissa == 0x400 {
                halfMantissa = 0
                halfExponent += 1
                if halfExponent >= 0x1F { return sign | 0x7C00 }
            }
        }
        return sign | UInt16(halfExponent << 10) | UInt16(halfMantissa)
    }
}
