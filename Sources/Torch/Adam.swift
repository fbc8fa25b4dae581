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
///
/// One step is one C call for all parameters (`ft_adam_multi_step`): each float tensor is
/// updated in a single pass instead of eight whole-tensor operations per parameter.
struct AdamCore {
    var beta1: Double
    var beta2: Double
    var eps: Double
    var decoupled: Bool
    var state = ParameterState<AdamState>()
    /// Off: one `ft_adam_step` call (whole-tensor libtorch operations) per parameter, the
    /// reference the fused step is tested against.
    var fused = true

    mutating func step(_ groups: [ParamGroup], _ name: String) throws {
        var parameters: [Tensor] = [], states: [AdamState] = []
        var lrs: [Double] = [], decays: [Double] = [], steps: [Int64] = []
        for group in groups {
            for parameter in group.parameters where parameter.requiresGrad && parameter.hasGrad {
                let s = try state.state(for: parameter) { try AdamState(like: parameter) }
                s.step += 1
                parameters.append(parameter)
                states.append(s)
                lrs.append(group.lr)
                decays.append(group.weightDecay)
                steps.append(s.step)
            }
        }
        guard !parameters.isEmpty else { return }
        try withExtendedLifetime((parameters, states)) {
            if fused {
                let p: [OpaquePointer?] = parameters.map(\.handle)
                let m: [OpaquePointer?] = states.map(\.expAvg.handle)
                let v: [OpaquePointer?] = states.map(\.expAvgSq.handle)
                _ = try check(name, ft_adam_multi_step(p, m, v, Int32(p.count), lrs, decays, steps,
                                                       beta1, beta2, eps, decoupled ? 1 : 0))
                return
            }
            for (i, parameter) in parameters.enumerated() {
                _ = try check(name, ft_adam_step(
                    parameter.handle, states[i].expAvg.handle, states[i].expAvgSq.handle, lrs[i], beta1, beta2, eps,
                    decays[i], steps[i], decoupled ? 1 : 0))
            }
        }
    }
}

/// Adam (Kingma & Ba) with bias correction. Weight decay is L2, added to the gradient
/// (PyTorch's `torch.optim.Adam`), or decoupled (Loshchilov & Hutter's AdamW: before the
/// update each parameter is scaled by `1 - lr·weightDecay`, independently of the gradient
/// statistics, as `torch.optim.AdamW`). The two differ only there, so they are one class.
public final class Adam: Optimizer {
    public var groups: [ParamGroup]
    private var core: AdamCore
    private let name: String

    public init(groups: [ParamGroup], betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8, decoupledWeightDecay: Bool = false) {
        self.groups = groups
        core = AdamCore(beta1: betas.0, beta2: betas.1, eps: eps, decoupled: decoupledWeightDecay)
        name = decoupledWeightDecay ? "AdamW.step" : "Adam.step"
    }

    /// One group holding `parameters`.
    public convenience init(parameters: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
                            eps: Double = 1e-8, weightDecay: Double = 0, decoupledWeightDecay: Bool = false) {
        self.init(groups: [ParamGroup(parameters: parameters, lr: lr, weightDecay: weightDecay)], betas: betas, eps: eps,
                  decoupledWeightDecay: decoupledWeightDecay)
    }

    /// AdamW over `groups`: Adam with decoupled weight decay.
    public static func adamW(groups: [ParamGroup], betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8) -> Adam {
        Adam(groups: groups, betas: betas, eps: eps, decoupledWeightDecay: true)
    }

    /// AdamW over one group holding `parameters`; PyTorch's default decay is 0.01.
    public static func adamW(parameters: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
                             eps: Double = 1e-8, weightDecay: Double = 0.01) -> Adam {
        Adam(parameters: parameters, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, decoupledWeightDecay: true)
    }

    public func step() throws { try core.step(groups, name) }

    /// Whether steps use the fused multi-tensor update (the default) or one call per parameter.
    var fused: Bool {
        get { core.fused }
        set { core.fused = newValue }
    }
}
