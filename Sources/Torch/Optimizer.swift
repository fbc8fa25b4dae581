internal import CTorch

/// A named set of parameters sharing a learning rate and weight decay.
///
/// Both may be changed before any step (schedules, layer-wise decay), through
/// `optimizer.groups[i].lr = …`.
public struct ParamGroup {
    public var name: String
    public var parameters: [Tensor]
    public var lr: Double
    public var weightDecay: Double

    public init(name: String = "default", parameters: [Tensor], lr: Double, weightDecay: Double = 0) {
        self.name = name
        self.parameters = parameters
        self.lr = lr
        self.weightDecay = weightDecay
    }
}

/// Updates parameters from their gradients, group by group.
///
/// Each parameter's update is one fused libtorch call. Parameters without a gradient, or
/// with `requiresGrad == false` (frozen), are skipped and keep their values bit for bit;
/// their optimizer state is only created once they first receive a gradient.
public protocol Optimizer: AnyObject {
    /// The parameter groups; their `lr` and `weightDecay` are read at every step.
    var groups: [ParamGroup] { get set }
    /// Applies one update to every parameter that has a gradient.
    func step() throws
}

extension Optimizer {
    /// Drops every parameter's gradient, so the next backward pass starts from nothing.
    public func zeroGrad() {
        let all = parameters
        withExtendedLifetime(all) {
            let handles: [OpaquePointer?] = all.map(\.handle)
            _ = ft_zero_grads(handles, Int32(handles.count))
        }
    }

    /// Sets the learning rate of every group.
    public func setLearningRate(_ lr: Double) {
        for index in groups.indices { groups[index].lr = lr }
    }

    /// Every parameter of every group.
    public var parameters: [Tensor] { groups.flatMap(\.parameters) }
}

/// Per-parameter optimizer state, keyed by the parameter's identity. The entry keeps the
/// parameter alive, so its identity cannot be reused by another tensor.
struct ParameterState<State> {
    private var entries: [ObjectIdentifier: (parameter: Tensor, state: State)] = [:]

    /// The state of `parameter`, created by `make` on first use.
    mutating func state(for parameter: Tensor, make: () throws -> State) rethrows -> State {
        let key = ObjectIdentifier(parameter)
        if let entry = entries[key] { return entry.state }
        let state = try make()
        entries[key] = (parameter, state)
        return state
    }

    mutating func update(_ parameter: Tensor, _ state: State) {
        entries[ObjectIdentifier(parameter)] = (parameter, state)
    }

    var count: Int { entries.count }
}
