internal import CTorch

// Arithmetic with libtorch's broadcasting. Operators throw, so one `try` covers an expression:
// `let y = try x * w + b`.

extension Tensor {
    func binary(_ op: ft_binary_op, _ name: String, _ other: Tensor) throws -> Tensor {
        try withExtendedLifetime(other) {
            try wrap(name, ft_binary(Int32(op.rawValue), handle, other.handle))
        }
    }

    func binary(_ op: ft_binary_op, _ name: String, _ scalar: Double, reversed: Bool = false) throws -> Tensor {
        try wrap(name, ft_binary_scalar(Int32(op.rawValue), handle, scalar, reversed ? 1 : 0))
    }

    public static func + (lhs: Tensor, rhs: Tensor) throws -> Tensor { try lhs.binary(FT_ADD, "add", rhs) }
    public static func - (lhs: Tensor, rhs: Tensor) throws -> Tensor { try lhs.binary(FT_SUB, "sub", rhs) }
    public static func * (lhs: Tensor, rhs: Tensor) throws -> Tensor { try lhs.binary(FT_MUL, "mul", rhs) }
    public static func / (lhs: Tensor, rhs: Tensor) throws -> Tensor { try lhs.binary(FT_DIV, "div", rhs) }

    public static func + (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs.binary(FT_ADD, "add", rhs) }
    public static func - (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs.binary(FT_SUB, "sub", rhs) }
    public static func * (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs.binary(FT_MUL, "mul", rhs) }
    public static func / (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs.binary(FT_DIV, "div", rhs) }

    public static func + (lhs: Double, rhs: Tensor) throws -> Tensor { try rhs.binary(FT_ADD, "add", lhs, reversed: true) }
    public static func - (lhs: Double, rhs: Tensor) throws -> Tensor { try rhs.binary(FT_SUB, "sub", lhs, reversed: true) }
    public static func * (lhs: Double, rhs: Tensor) throws -> Tensor { try rhs.binary(FT_MUL, "mul", lhs, reversed: true) }
    public static func / (lhs: Double, rhs: Tensor) throws -> Tensor { try rhs.binary(FT_DIV, "div", lhs, reversed: true) }

    public static prefix func - (x: Tensor) throws -> Tensor { try x.neg() }

    /// Matrix product with libtorch's `matmul` broadcasting rules (vectors, matrices, batches).
    public func matmul(_ other: Tensor) throws -> Tensor { try binary(FT_MATMUL, "matmul", other) }

    /// Batched matrix product of `[b, n, m]` and `[b, m, p]`.
    public func bmm(_ other: Tensor) throws -> Tensor { try binary(FT_BMM, "bmm", other) }

    /// Element-wise power.
    public func pow(_ exponent: Double) throws -> Tensor { try binary(FT_POW, "pow", exponent) }

    /// Element-wise power with a tensor exponent.
    public func pow(_ exponent: Tensor) throws -> Tensor { try binary(FT_POW, "pow", exponent) }

    /// Element-wise maximum of two tensors.
    public func maximum(_ other: Tensor) throws -> Tensor { try binary(FT_MAXIMUM, "maximum", other) }

    /// Element-wise minimum of two tensors.
    public func minimum(_ other: Tensor) throws -> Tensor { try binary(FT_MINIMUM, "minimum", other) }
}

// MARK: Comparisons (bool results; named, because `==` must stay a Bool-valued equality)

extension Tensor {
    public func eq(_ other: Tensor) throws -> Tensor { try binary(FT_EQ, "eq", other) }
    public func ne(_ other: Tensor) throws -> Tensor { try binary(FT_NE, "ne", other) }
    public func gt(_ other: Tensor) throws -> Tensor { try binary(FT_GT, "gt", other) }
    public func ge(_ other: Tensor) throws -> Tensor { try binary(FT_GE, "ge", other) }
    public func lt(_ other: Tensor) throws -> Tensor { try binary(FT_LT, "lt", other) }
    public func le(_ other: Tensor) throws -> Tensor { try binary(FT_LE, "le", other) }

    public func eq(_ value: Double) throws -> Tensor { try binary(FT_EQ, "eq", value) }
    public func ne(_ value: Double) throws -> Tensor { try binary(FT_NE, "ne", value) }
    public func gt(_ value: Double) throws -> Tensor { try binary(FT_GT, "gt", value) }
    public func ge(_ value: Double) throws -> Tensor { try binary(FT_GE, "ge", value) }
    public func lt(_ value: Double) throws -> Tensor { try binary(FT_LT, "lt", value) }
    public func le(_ value: Double) throws -> Tensor { try binary(FT_LE, "le", value) }

    /// Element-wise logical and of two bool tensors.
    public func logicalAnd(_ other: Tensor) throws -> Tensor { try binary(FT_LOGICAL_AND, "logicalAnd", other) }
    /// Element-wise logical or of two bool tensors.
    public func logicalOr(_ other: Tensor) throws -> Tensor { try binary(FT_LOGICAL_OR, "logicalOr", other) }
    /// Element-wise logical not.
    public func logicalNot() throws -> Tensor { try unary(FT_LOGICAL_NOT, "logicalNot") }
}
