internal import CTorch

/// An error reported by libtorch (or by this wrapper's own checks), thrown instead of crashing.
///
/// libtorch's messages are kept verbatim (e.g. "mat1 and mat2 shapes cannot be multiplied
/// (2x3 and 2x3)") and prefixed with the operation that failed.
public struct TorchError: Error, CustomStringConvertible, Sendable {
    /// The operation that failed, e.g. "matmul" or "load(stateDict:)".
    public let operation: String
    /// The message, usually libtorch's own.
    public let message: String

    public init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    public var description: String { "\(operation): \(message)" }

    /// The calling thread's last CTorch error.
    static func last(_ operation: String) -> TorchError {
        TorchError(operation: operation, message: String(cString: ft_last_error()))
    }
}

/// Wraps a handle returned by CTorch, or throws the thread's last error when it is NULL.
@inline(__always)
func wrap(_ operation: String, _ handle: OpaquePointer?) throws -> Tensor {
    guard let handle else { throw TorchError.last(operation) }
    return Tensor(owning: handle)
}

/// Throws the thread's last error when a CTorch int result is negative.
@inline(__always)
@discardableResult
func check(_ operation: String, _ result: Int32) throws -> Int32 {
    if result < 0 { throw TorchError.last(operation) }
    return result
}
