internal import CTorch

/// Moment estimates of one parameter for Adam and AdamW.
final class AdamState {
    let expAvg: Tensor
    let expAvgSq: Tensor
    var step: Int64 = 0

    init(like parameter: Tensor) throws {
        expAvg = try parameter.zerosLike()
        expAvgSq = try parameter.zerosLike()
    }
}

/// The shared update loop of ``Adam`` and ``AdamW``, which differ only in how decay applies.
struct AdamCore {
    var beta1: Double
    var beta2: Double
    var eps: Double
    var decoupled: Bool
    var state = ParameterState<AdamState>()

    mutating func step(_ groups: [ParamGroup], _ name: String) throws {
        for group in groups {
            for parameter in group.parameters where parameter.requiresGrad && parameter.hasGrad {
                let s = try state.state(for: parameter) { try AdamState(like: parameter) }
                s.step += 1
                try withExtendedLifetime(s) {
                    _ = try check(name, ft_adam_step(
                        parameter.handle, s.expAvg.handle, s.expAvgSq.handle, group.lr, beta1, beta2, eps,
                        group.weightDecay, s.step, decoupled ? 1 : 0))
                }
            }
        }
    }
}

/// Adam (Kingma & Ba) with bias correction; weight decay is L2, added to the gradient
/// (PyTorch's `torch.optim.Adam`).
public final class Adam: Optimizer {
    public var groups: [ParamGroup]
    private var core: AdamCore

    public init(groups: [ParamGroup], betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8) {
        self.groups = groups
        core = AdamCore(beta1: betas.0, beta2: betas.1, eps: eps, decoupled: false)
    }

    /// One group holding `parameters`.
    public convenience init(parameters: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
                            eps: Double = 1e-8, weightDecay: Double = 0) {
        self.init(groups: [ParamGroup(parameters: parameters, lr: lr, weightDecay: weightDecay)], betas: betas, eps: eps)
    }

    public func step() throws { try core.step(groups, "Adam.step") }
}
