import Foundation

/// A tensor to be written: its name, element type, shape and little-endian bytes.
public struct TensorRecord: Sendable, Hashable {
    public var name: String
    public var dtype: DType
    public var shape: [Int]
    public var bytes: Data

    public init(name: String, dtype: DType, shape: [Int], bytes: Data) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// An F32 tensor from Swift floats, the common case when saving trained weights.
    public init(name: String, floats: [Float], shape: [Int]) {
        // One copy on little-endian hosts: appending value by value took seconds for BERT's
        // 22M weights.
        #if _endian(little)
        let bytes = floats.withUnsafeBytes { Data($0) }
        #else
        var bytes = Data(capacity: floats.count * 4)
        for value in floats { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        #endif
        self.init(name: name, dtype: .f32, shape: shape, bytes: bytes)
    }

    /// An I64 tensor from Swift integers (e.g. index buffers).
    public init(name: String, int64s: [Int64], shape: [Int]) {
        #if _endian(little)
        let bytes = int64s.withUnsafeBytes { Data($0) }
        #else
        var bytes = Data(capacity: int64s.count * 8)
        for value in int64s { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        #endif
        self.init(name: name, dtype: .i64, shape: shape, bytes: bytes)
    }
}

extension TensorRecord {
    /// Number of elements: the product of the shape (1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }

    /// The elements as Float32, from F32, F16, BF16 or F64 (nil for other types).
    public func floats() -> [Float]? {
        guard dtype.isFloatingPoint, bytes.count == elementCount * dtype.byteSize else { return nil }
        return ElementDecoding.floats(bytes, dtype: dtype, count: elementCount)
    }

    /// The elements as Int64, from the integer types and BOOL (nil for other types, or a U64
    /// value beyond Int64).
    public func int64s() -> [Int64]? {
        guard dtype.isInteger, bytes.count == elementCount * dtype.byteSize else { return nil }
        return ElementDecoding.int64s(bytes, dtype: dtype, count: elementCount)
    }
}
