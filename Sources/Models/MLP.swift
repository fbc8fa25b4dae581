import Torch

/// A multi-layer perceptron for tabular rows or flattened images: `block.i` is
/// linear → ReLU → dropout, then `head`.
public final class MLP: Module, BodyOutputNetwork {
    public let blocks: ModuleList<MLPBlock>
    public private(set) var head: Linear
    private let inputSize: Int

    public init(inputShape: [Int], hidden: [Int], outputs: Int, dropout p: Double) throws {
        inputSize = inputShape.reduce(1, *)
        var width = inputSize
        var blocks: [MLPBlock] = []
        for size in hidden {
            blocks.append(try MLPBlock(width, size, dropout: p))
            width = size
        }
        self.blocks = try ModuleList(blocks)
        head = try Linear(width, outputs)
        super.init()
        try registerModule("block", self.blocks)
        try registerModule(headName, head)
    }

    public var blockNames: [String] { blocks.modules.indices.map { "block.\($0)" } }

    public func features(_ input: ModelInput) throws -> Tensor {
        try bodyOutput(input)
    }

    /// The blocks (their dropout included): `[N, last hidden width]`.
    public func bodyOutput(_ input: ModelInput) throws -> Tensor {
        guard case .dense(let x) = input else {
            throw TorchError(operation: "MLP", message: "an MLP reads numeric features, not tokens")
        }
        var h = try x.reshape([-1, inputSize])
        for block in blocks.modules { h = try block(h) }
        return h
    }

    /// Nothing follows the blocks.
    public func features(fromBodyOutput body: Tensor) throws -> Tensor { body }

    public func replaceHead(outputs: Int) throws {
        head = try Linear(head.weight.shape[1], outputs)
        try registerModule(headName, head)
    }
}

/// linear → ReLU → dropout.
public final class MLPBlock: Module, Layer {
    let linear: Linear
    let dropout: Dropout

    init(_ inputs: Int, _ outputs: Int, dropout p: Double) throws {
        linear = try Linear(inputs, outputs)
        dropout = try Dropout(p)
        super.init()
        try registerModule("linear", linear)
        try registerModule("dropout", dropout)
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        try dropout(linear(x).relu())
    }
}
