/// A network component holding named parameters, buffers and child modules.
///
/// Names are hierarchical and dotted, exactly as PyTorch writes them (`block.0.conv.weight`),
/// so freezing, layer-wise learning rates and weight loading can all work by name.
/// Subclasses create their tensors, call `super.init()`, then register them:
///
/// ```swift
/// try registerParameter("weight", weight)
/// try registerModule("head", head)
/// ```
///
/// Registering a name again replaces the entry (e.g. a new classification head).
open class Module {
    /// Whether the module is in training mode (dropout active, batch norm uses batch statistics).
    public private(set) var isTraining = true

    private var parameterEntries: [(name: String, tensor: Tensor)] = []
    private var bufferEntries: [(name: String, tensor: Tensor)] = []
    private var childEntries: [(name: String, module: Module)] = []

    public init() {}

    // MARK: Registration

    /// Registers a trainable tensor under `name` and makes it require gradients.
    open func registerParameter(_ name: String, _ tensor: Tensor) throws {
        try Self.validate(name)
        try tensor.setRequiresGrad(true)
        Self.upsert(&parameterEntries, name, tensor)
    }

    /// Registers state that is saved and loaded but not trained (e.g. `running_mean`).
    open func registerBuffer(_ name: String, _ tensor: Tensor) throws {
        try Self.validate(name)
        Self.upsert(&bufferEntries, name, tensor)
    }

    /// Registers a child whose entries appear under `name.`; returns the child for chaining.
    @discardableResult
    open func registerModule<M: Module>(_ name: String, _ module: M) throws -> M {
        try Self.validate(name)
        if let index = childEntries.firstIndex(where: { $0.name == name }) {
            childEntries[index].module = module
        } else {
            childEntries.append((name, module))
        }
        return module
    }

    private static func validate(_ name: String) throws {
        if name.isEmpty || name.contains(".") {
            throw TorchError(operation: "register", message: "invalid name '\(name)': must be non-empty without '.'")
        }
    }

    private static func upsert(_ entries: inout [(name: String, tensor: Tensor)], _ name: String, _ tensor: Tensor) {
        if let index = entries.firstIndex(where: { $0.name == name }) {
            entries[index].tensor = tensor
        } else {
            entries.append((name, tensor))
        }
    }

    // MARK: Traversal

    /// The direct children, in registration order.
    public var children: [(name: String, module: Module)] { childEntries }

    /// This module (named "") and every descendant, with dotted paths, depth first.
    public func namedModules() -> [(name: String, module: Module)] {
        var result: [(name: String, module: Module)] = [("", self)]
        for (name, child) in childEntries {
            for (sub, module) in child.namedModules() {
                result.append((Self.join(name, sub), module))
            }
        }
        return result
    }

    /// Every parameter of this module and its descendants, with dotted paths.
    public func namedParameters() -> [(name: String, tensor: Tensor)] {
        collect { $0.parameterEntries }
    }

    /// Every buffer of this module and its descendants, with dotted paths.
    public func namedBuffers() -> [(name: String, tensor: Tensor)] {
        collect { $0.bufferEntries }
    }

    /// Every parameter, without names.
    public func parameters() -> [Tensor] { namedParameters().map(\.tensor) }

    private func collect(_ entries: (Module) -> [(name: String, tensor: Tensor)]) -> [(name: String, tensor: Tensor)] {
        var result = entries(self)
        for (name, child) in childEntries {
            for (sub, tensor) in child.collect(entries) {
                result.append((Self.join(name, sub), tensor))
            }
        }
        return result
    }

    private static func join(_ prefix: String, _ name: String) -> String {
        name.isEmpty ? prefix : prefix + "." + name
    }

    // MARK: Modes

    /// Switches this module and all descendants to training (`true`) or evaluation mode.
    open func train(_ on: Bool = true) {
        isTraining = on
        for (_, child) in childEntries { child.train(on) }
    }

    /// Switches this module and all descendants to evaluation mode.
    public func eval() { train(false) }

    /// Freezes (`false`) or thaws (`true`) every parameter under `path` (the sub-tree rule of
    /// ``parameterName(_:isUnder:)``); returns how many parameters matched.
    @discardableResult
    public func setRequiresGrad(_ on: Bool, under path: String = "") throws -> Int {
        var count = 0
        for (name, tensor) in namedParameters() where path.isEmpty || Module.parameterName(name, isUnder: path) {
            try tensor.setRequiresGrad(on)
            count += 1
        }
        return count
    }

    /// Whether `name` is `path` itself or lies in its sub-tree. Never a bare prefix match:
    /// "enc" does not match "encoder.weight".
    public static func parameterName(_ name: String, isUnder path: String) -> Bool {
        name == path || name.hasPrefix(path + ".")
    }
}
