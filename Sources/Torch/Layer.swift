/// A module with a single-tensor forward pass, so layers can be chained in ``Sequential``.
public protocol Layer: Module {
    /// Runs the layer on `input`.
    func callAsFunction(_ input: Tensor) throws -> Tensor
}
