internal import CTorch

/// A libtorch tensor, owned by this object and freed when it is released.
///
/// Every operation that calls into libtorch `throws` a ``TorchError`` instead of crashing,
/// so a shape mismatch in a model surfaces as an error the caller can report. Property
/// reads (`shape`, `dtype`, `numel`, `requiresGrad`, `grad`) cannot fail and do not throw.
///
/// Lifetime rule: the raw handle is only dereferenced inside methods of its owner (where the
/// caller keeps `self` alive) or inside `withExtendedLifetime`; it is never handed on.
public final class Tensor {
    let handle: OpaquePointer

    init(owning handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        ft_tensor_free(handle)
    }

    // MARK: Creation from Swift arrays

    /// A float32 tensor holding `values` laid out row-major in `shape`.
    public convenience init(_ values: [Float], shape: [Int]) throws {
        try self.init(copying: values, dtype: .float32, shape: shape)
    }

    /// An int64 tensor holding `values` laid out row-major in `shape`.
    public convenience init(_ values: [Int64], shape: [Int]) throws {
        try self.init(copying: values, dtype: .int64, shape: shape)
    }

    /// An int64 tensor (libtorch's index type) from 32-bit values.
    public convenience init(_ values: [Int32], shape: [Int]) throws {
        try self.init(copying: values.map(Int64.init), dtype: .int64, shape: shape)
    }

    /// A one-dimensional float32 tensor.
    public convenience init(_ values: [Float]) throws {
        try self.init(values, shape: [values.count])
    }

    /// A one-dimensional int64 tensor.
    public convenience init(_ values: [Int64]) throws {
        try self.init(values, shape: [values.count])
    }

    /// A zero-dimensional float32 tensor.
    public convenience init(scalar: Float) throws {
        try self.init([scalar], shape: [])
    }

    private convenience init<T>(copying values: [T], dtype: DType, shape: [Int]) throws {
        let count = shape.reduce(1, *)
        guard shape.allSatisfy({ $0 >= 0 }), count == values.count else {
            throw TorchError(
                operation: "Tensor.init",
                message: "\(values.count) values do not fill shape \(shape)")
        }
        let sizes = shape.map(Int64.init)
        let handle = values.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else {
                return ft_full(sizes, Int32(sizes.count), 0, dtype.rawValue, Device.cpu.code)  // no elements to copy
            }
            return ft_from_data(base, dtype.rawValue, sizes, Int32(sizes.count), Device.cpu.code)
        }
        guard let handle else { throw TorchError.last("Tensor.init") }
        self.init(owning: handle)
    }

    // MARK: Inspection

    /// The size of each dimension.
    public var shape: [Int] {
        let ndim = Int(ft_tensor_ndim(handle))
        var sizes = [Int64](repeating: 0, count: ndim)
        _ = ft_tensor_shape(handle, &sizes, Int32(ndim))
        return sizes.map(Int.init)
    }

    /// The number of dimensions.
    public var rank: Int { Int(ft_tensor_ndim(handle)) }

    /// The number of elements.
    public var numel: Int { Int(ft_tensor_numel(handle)) }

    /// The element type. Tensors only come from this API, so the type is always one of ``DType``.
    public var dtype: DType {
        guard let type = DType(rawValue: ft_tensor_dtype(handle)) else {
            preconditionFailure("tensor of a dtype this API never creates: \(String(cString: ft_last_error()))")
        }
        return type
    }

    /// All elements, converted to Float, in row-major order.
    public func toFloatArray() throws -> [Float] {
        try copyOut(Float.self, dtype: .float32)
    }

    /// All elements, converted to Int64, in row-major order.
    public func toInt64Array() throws -> [Int64] {
        try copyOut(Int64.self, dtype: .int64)
    }

    private func copyOut<T: Numeric>(_: T.Type, dtype: DType) throws -> [T] {
        let count = numel
        var out = [T](repeating: 0, count: count)
        let result = out.withUnsafeMutableBytes { bytes in
            ft_tensor_copy_out(handle, bytes.baseAddress, Int64(count), dtype.rawValue)
        }
        try check("toArray", result)
        return out
    }

    /// The value of a one-element tensor, as Double.
    public func item() throws -> Double {
        var value = 0.0
        try check("item", ft_tensor_item(handle, &value))
        return value
    }
}

extension Tensor: CustomStringConvertible {
    /// libtorch's own printout of the values, followed by the shape and dtype.
    public var description: String {
        guard let text = ft_tensor_describe(handle) else { return "Tensor(\(shape), \(dtype))" }
        defer { ft_string_free(text) }
        return String(cString: text)
    }
}
