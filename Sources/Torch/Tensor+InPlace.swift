internal import CTorch

// In-place updates for weight loading, optimizers and buffers. They never record autograd
// history (they run under no-grad), so they work on parameters that require gradients.

extension Tensor {
    private func inPlace(_ op: ft_inplace_op, _ name: String, _ other: Tensor) throws {
        try withExtendedLifetime(other) {
            _ = try check(name, ft_inplace(Int32(op.rawValue), handle, other.handle))
        }
    }

    private func inPlace(_ op: ft_inplace_scalar_op, _ name: String, _ value: Double) throws {
        try check(name, ft_inplace_scalar(Int32(op.rawValue), handle, value))
    }

    /// Overwrites the values with `source`'s (broadcast and converted to this dtype).
    public func copy(from source: Tensor) throws { try inPlace(FT_COPY, "copy", source) }

    /// Adds `other` into this tensor.
    public func addInPlace(_ other: Tensor) throws { try inPlace(FT_ADD_, "addInPlace", other) }
    /// Subtracts `other` from this tensor.
    public func subInPlace(_ other: Tensor) throws { try inPlace(FT_SUB_, "subInPlace", other) }
    /// Multiplies this tensor by `other`.
    public func mulInPlace(_ other: Tensor) throws { try inPlace(FT_MUL_, "mulInPlace", other) }
    /// Divides this tensor by `other`.
    public func divInPlace(_ other: Tensor) throws { try inPlace(FT_DIV_, "divInPlace", other) }

    /// Sets every element to `value`.
    public func fill(_ value: Double) throws { try inPlace(FT_FILL_, "fill", value) }
    /// Sets every element to zero.
    public func zero() throws { try inPlace(FT_ZERO_, "zero", 0) }
    /// Adds `value` to every element.
    public func addInPlace(_ value: Double) throws { try inPlace(FT_ADDS_, "addInPlace", value) }
    /// Multiplies every element by `value`.
    public func mulInPlace(_ value: Double) throws { try inPlace(FT_MULS_, "mulInPlace", value) }
}
