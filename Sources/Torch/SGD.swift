internal import CTorch

/// Stochastic gradient descent with optional momentum, dampening and Nesterov momentum,
/// with PyTorch's semantics (L2 weight decay added to the gradient; the momentum buffer
/// starts as the first gradient).
public final class SGD: Optimizer {
    public var groups: [ParamGroup]
    public let momentum: Double
    public let dampening: Double
    public let nesterov: Bool

    private final class Buffer {
        let tensor: Tensor
        var used = false
        init(_ tensor: Tensor) { self.tensor = tensor }
    }
    private var state = ParameterState<Buffer>()

    public init(groups: [ParamGroup], momentum: Double = 0, dampening: Double = 0, nesterov: Bool = false) throws {
        if nesterov && (momentum <= 0 || dampening != 0) {
            throw TorchError(operation: "SGD", message: "Nesterov momentum requires a momentum and zero dampening")
        }
        self.groups = groups
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
    }

    /// One group holding `parameters`.
    public convenience init(parameters: [Tensor], lr: Double, momentum: Double = 0, dampening: Double = 0,
                            weightDecay: Double = 0, nesterov: Bool = false) throws {
        try self.init(groups: [ParamGroup(parameters: parameters, lr: lr, weightDecay: weightDecay)],
                      momentum: momentum, dampening: dampening, nesterov: nesterov)
    }

    public func step() throws {
        for group in groups {
            for parameter in group.parameters where parameter.requiresGrad && parameter.hasGrad {
                var buffer: Buffer?
                if momentum != 0 {
                    buffer = try state.state(for: parameter) { Buffer(try parameter.zerosLike()) }
                }
                try withExtendedLifetime(buffer) {
                    _ = try check("SGD.step", ft_sgd_step(
                        parameter.handle, buffer?.tensor.handle, group.lr, momentum, dampening,
                        group.weightDecay, nesterov ? 1 : 0, buffer?.used == false ? 1 : 0))
                }
                buffer?.used = true
            }
        }
    }
}
