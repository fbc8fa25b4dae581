/// Adam with decoupled weight decay (Loshchilov & Hutter): before the Adam update each
/// parameter is scaled by `1 - lr·weightDecay`, independently of the gradient statistics
/// (PyTorch's `torch.optim.AdamW`).
public final class AdamW: Optimizer {
    public var groups: [ParamGroup]
    private var core: AdamCore

    public init(groups: [ParamGroup], betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8) {
        self.groups = groups
        core = AdamCore(beta1: betas.0, beta2: betas.1, eps: eps, decoupled: true)
    }

    /// One group holding `parameters`; PyTorch's default decay is 0.01.
    public convenience init(parameters: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
                            eps: Double = 1e-8, weightDecay: Double = 0.01) {
        self.init(groups: [ParamGroup(parameters: parameters, lr: lr, weightDecay: weightDecay)], betas: betas, eps: eps)
    }

    public func step() throws { try core.step(groups, "AdamW.step") }

    /// Whether steps use the fused multi-tensor update (the default) or one call per parameter.
    var fused: Bool {
        get { core.fused }
        set { core.fused = newValue }
    }
}
