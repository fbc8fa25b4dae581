/// Zeroes activations with probability `p` in training mode; the identity in evaluation.
public final class Dropout: Module, Layer {
    public let p: Double

    public init(_ p: Double = 0.5) throws {
        guard (0...1).contains(p) else {
            throw TorchError(operation: "Dropout", message: "probability \(p) is not in [0, 1]")
        }
        self.p = p
        super.init()
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try F.dropout(input, p: p, training: isTraining)
    }
}
