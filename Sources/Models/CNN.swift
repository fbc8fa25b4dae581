import Torch

/// A small convolutional network for images: `block.i` is conv → batch norm → ReLU
/// (twice, with a shortcut, when residual) → 2×2 max-pool while the image is larger than
/// one pixel; then global average pooling, dropout and `head`.
public final class CNN: Module, BodyOutputNetwork {
    public let blocks: ModuleList<ConvBlock>
    public private(set) var head: Linear
    private let inputShape: [Int]
    private let dropout: Dropout

    public init(inputShape: [Int], channels: [Int], residual: Bool, outputs: Int, dropout p: Double) throws {
        guard inputShape.count == 3 else {
            throw TorchError(operation: "CNN", message: "a CNN reads images [channels, height, width], not shape \(inputShape)")
        }
        self.inputShape = inputShape
        let (blocks, width) = try ConvBlock.stack(inChannels: inputShape[0], side: min(inputShape[1], inputShape[2]),
                                                  channels: channels, residual: residual)
        self.blocks = blocks
        head = try Linear(width, outputs)
        dropout = try Dropout(p)
        super.init()
        try registerModule("block", self.blocks)
        // Registered so eval() switches it off; it has no parameters, so no names change.
        try registerModule("dropout", dropout)
        try registerModule(headName, head)
    }

    public var blockNames: [String] { blocks.modules.indices.map { "block.\($0)" } }

    public func features(_ input: ModelInput) throws -> Tensor {
        try features(fromBodyOutput: bodyOutput(input))
    }

    /// The blocks, then global average pooling: `[N, channels]`.
    public func bodyOutput(_ input: ModelInput) throws -> Tensor {
        guard case .dense(let x) = input else {
            throw TorchError(operation: "CNN", message: "a CNN reads images, not tokens")
        }
        var h = try x.reshape([-1] + inputShape)
        for block in blocks.modules { h = try block(h) }
        return try F.adaptiveAvgPool2d(h, outputSize: (1, 1)).flatten(from: 1)
    }

    /// Dropout before the head.
    public func features(fromBodyOutput body: Tensor) throws -> Tensor {
        try dropout(body)
    }

    public func replaceHead(outputs: Int) throws {
        head = try Linear(head.weight.shape[1], outputs)
        try registerModule(headName, head)
    }
}

/// conv3×3 → BN → ReLU, or a residual pair of them with a 1×1 projection when the
/// channel count changes; then an optional 2×2 max-pool.
public final class ConvBlock: Module, Layer {
    let conv: Conv2d
    let bn: BatchNorm2d
    let conv2: Conv2d?
    let bn2: BatchNorm2d?
    let shortcut: Conv2d?
    let pool: Bool

    init(_ inChannels: Int, _ outChannels: Int, residual: Bool, pool: Bool) throws {
        conv = try Conv2d(inChannels, outChannels, kernelSize: 3, padding: 1, bias: false)
        bn = try BatchNorm2d(outChannels)
        conv2 = residual ? try Conv2d(outChannels, outChannels, kernelSize: 3, padding: 1, bias: false) : nil
        bn2 = residual ? try BatchNorm2d(outChannels) : nil
        shortcut = residual && inChannels != outChannels ? try Conv2d(inChannels, outChannels, kernelSize: 1, bias: false) : nil
        self.pool = pool
        super.init()
        try registerModule("conv", conv)
        try registerModule("bn", bn)
        if let conv2, let bn2 {
            try registerModule("conv2", conv2)
            try registerModule("bn2", bn2)
        }
        if let shortcut { try registerModule("shortcut", shortcut) }
    }

    /// `block.0`, `block.1`, …: one block per entry of `channels`, each pooling while the
    /// image side is at least 2 (the CNN's and the audio CNN's body); returns the blocks and
    /// the channels of the last.
    static func stack(inChannels: Int, side: Int, channels: [Int], residual: Bool) throws -> (ModuleList<ConvBlock>, Int) {
        var inChannels = inChannels, side = side
        var blocks: [ConvBlock] = []
        for out in channels {
            let pool = side >= 2
            blocks.append(try ConvBlock(inChannels, out, residual: residual, pool: pool))
            if pool { side /= 2 }
            inChannels = out
        }
        return (try ModuleList(blocks), inChannels)
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        var h = try bn(conv(x)).relu()
        if let conv2, let bn2 {
            let skip = try shortcut.map { try $0(x) } ?? x
            h = try (bn2(conv2(h)) + skip).relu()
        }
        return pool ? try F.maxPool2d(h, kernel: (2, 2)) : h
    }
}
