/// Layers applied in order, registered as children "0", "1", … like `torch.nn.Sequential`.
public final class Sequential: Module, Layer {
    public let layers: [any Layer]

    public init(_ layers: [any Layer]) throws {
        self.layers = layers
        super.init()
        for (index, layer) in layers.enumerated() {
            try registerModule(String(index), layer)
        }
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try layers.reduce(input) { x, layer in try layer(x) }
    }
}

/// Modules held in a list and registered as "0", "1", … (like `torch.nn.ModuleList`),
/// for stacks whose forward pass needs more than one input, e.g. transformer layers.
public final class ModuleList<Element: Module>: Module {
    public let modules: [Element]

    public init(_ modules: [Element]) throws {
        self.modules = modules
        super.init()
        for (index, module) in modules.enumerated() {
            try registerModule(String(index), module)
        }
    }
}

/// A parameter-free layer applying `body`, for activations and reshapes inside ``Sequential``.
public final class Lambda: Module, Layer {
    private let body: (Tensor) throws -> Tensor

    public init(_ body: @escaping (Tensor) throws -> Tensor) {
        self.body = body
        super.init()
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor { try body(input) }
}
