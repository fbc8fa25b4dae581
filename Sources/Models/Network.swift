import Torch

/// What a network reads: dense features (images, tabular rows) or token ids with their mask.
public enum ModelInput {
    case dense(Tensor)
    case tokens(ids: Tensor, mask: Tensor)
}

/// A network split into named body blocks below a head.
///
/// Freezing, layer-wise learning rates and weight loading all speak in these names, so a
/// freeze strategy written once works for every architecture.
public protocol Network: Module {
    /// Body blocks from the input side up (`block.0`, `block.1`, … or `embeddings`,
    /// `encoder.layer.0`, …); parameters outside them belong to the head or the glue.
    var blockNames: [String] { get }
    /// The output layer, registered as `head`.
    var head: Linear { get }
    /// The body's output: what the head reads.
    func features(_ input: ModelInput) throws -> Tensor
    /// Puts a new, randomly initialised output layer of `outputs` units in place of the head.
    func replaceHead(outputs: Int) throws
}

/// The name every network registers its output layer under: what freezing leaves trainable
/// for head-only, what `head.replace` swaps, what checkpoint naming maps (`classifier`, …).
public let headName = "head"

extension Network {
    /// Logits (or predictions, for regression): the head applied to the body's features.
    public func callAsFunction(_ input: ModelInput) throws -> Tensor {
        try head(features(input))
    }

    /// The module registered under a dotted block name.
    public func block(named name: String) -> Module? {
        namedModules().first { $0.name == name }?.module
    }

    /// Parameters of the body (everything but the head).
    public func bodyParameters() -> [(name: String, tensor: Tensor)] {
        namedParameters().filter { !Module.parameterName($0.name, isUnder: headName) }
    }

    /// How many parameters will receive gradients.
    public func trainableParameterCount() -> Int {
        parameters().filter(\.requiresGrad).reduce(0) { $0 + $1.numel }
    }

    public func parameterCount() -> Int {
        parameters().reduce(0) { $0 + $1.numel }
    }
}

/// What a network needs to know to be built for a dataset.
public enum InputKind: Sendable, Equatable {
    /// Images `[channels, height, width]` or tabular rows `[features]`.
    case dense(shape: [Int])
    case tokens
}
