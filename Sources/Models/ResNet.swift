import Torch

/// torchvision's ResNet-18, -34 and -50: `conv1` (7×7 stride 2) → `bn1` → ReLU → 3×3 max-pool
/// stride 2, four stages `layer1` … `layer4` of residual blocks (basic blocks for 18/34,
/// bottlenecks with the stride on the 3×3 conv, "v1.5", for 50), global average pooling and
/// the classifier.
///
/// Parameter names are torchvision's (`layer2.0.downsample.1.running_var`, …) except the
/// classifier: torchvision's `fc` is this network's `head`, mapped by ``normalizedWeights(_:)``.
/// The body blocks are `conv1`, `bn1` and every residual block (`layer1.0` … `layer4.N`): real
/// module prefixes fine enough that `bottom` and `gradual` freeze one residual block at a time
/// (the stem's convolution and its BatchNorm are two blocks, so `bottom` with `layers: 2`
/// freezes the whole stem). BatchNorm eps 1e-5, momentum 0.1, as torchvision's.
public final class ResNet: Module, BodyOutputNetwork, ReferenceHeadNaming {
    /// The three depths finetune builds.
    public enum Depth: Int, Sendable, CaseIterable {
        case d18 = 18, d34 = 34, d50 = 50

        /// Residual blocks per stage.
        public var blocks: [Int] {
            switch self {
            case .d18: [2, 2, 2, 2]
            case .d34, .d50: [3, 4, 6, 3]
            }
        }

        /// Bottleneck blocks (1×1 → 3×3 → 1×1, four times wider out) instead of basic ones.
        public var bottleneck: Bool { self == .d50 }
        /// Channels the head reads.
        public var featureCount: Int { bottleneck ? 2048 : 512 }

        /// The body blocks from the input side up: `conv1`, `bn1`, `layer1.0`, ….
        public var blockNames: [String] {
            ["conv1", "bn1"] + blocks.enumerated().flatMap { stage, count in (0..<count).map { "layer\(stage + 1).\($0)" } }
        }
    }

    public let depth: Depth
    public let conv1: Conv2d
    public let bn1: BatchNorm2d
    public let stages: [Sequential]
    public private(set) var head: Linear
    private let imageSize: Int

    /// - Parameter imageSize: the side of the square `[3, S, S]` photos the network reads.
    public init(depth: Depth, imageSize: Int, outputs: Int) throws {
        self.depth = depth
        self.imageSize = imageSize
        conv1 = try Conv2d(3, 64, kernelSize: (7, 7), stride: (2, 2), padding: (3, 3), bias: false)
        bn1 = try BatchNorm2d(64, momentum: 0.1, eps: 1e-5)
        var channels = 64
        var stages: [Sequential] = []
        for (index, count) in depth.blocks.enumerated() {
            let width = 64 << index
            var blocks: [any Layer] = []
            for block in 0..<count {
                let stride = index > 0 && block == 0 ? 2 : 1
                let residual: any Layer = depth.bottleneck
                    ? try ResNetBottleneck(channels, width, stride: stride)
                    : try ResNetBasicBlock(channels, width, stride: stride)
                blocks.append(residual)
                channels = depth.bottleneck ? width * 4 : width
            }
            stages.append(try Sequential(blocks))
        }
        self.stages = stages
        head = try Linear(depth.featureCount, outputs)
        super.init()
        try registerModule("conv1", conv1)
        try registerModule("bn1", bn1)
        for (index, stage) in stages.enumerated() { try registerModule("layer\(index + 1)", stage) }
        try registerModule(headName, head)
        try initializeAsTorchvision()
    }

    public var blockNames: [String] { depth.blockNames }

    public func features(_ input: ModelInput) throws -> Tensor {
        try bodyOutput(input)
    }

    /// The stem, the four stages, then global average pooling: `[N, 512]` or `[N, 2048]`.
    public func bodyOutput(_ input: ModelInput) throws -> Tensor {
        guard case .dense(let x) = input else {
            throw TorchError(operation: "ResNet", message: "resnet\(depth.rawValue) reads photos, not tokens")
        }
        var h = try bn1.after(conv1, x.reshape([-1, 3, imageSize, imageSize]).channelsLast()).relu()
        h = try F.maxPool2d(h, kernel: (3, 3), stride: (2, 2), padding: (1, 1))
        for stage in stages { h = try stage(h) }
        return try F.adaptiveAvgPool2d(h, outputSize: (1, 1)).flatten(from: 1)
    }

    /// torchvision's ResNet has no dropout: the head reads the pooled features.
    public func features(fromBodyOutput body: Tensor) throws -> Tensor { body }

    /// A new output layer with PyTorch's default initialisation (what replacing `model.fc`
    /// with an `nn.Linear` gives in torchvision).
    public func replaceHead(outputs: Int) throws {
        head = try Linear(depth.featureCount, outputs)
        try registerModule(headName, head)
    }

    /// torchvision's output layer.
    public static let referenceHead = "fc"

    /// torchvision's initialisation: convolutions kaiming-normal (fan out, ReLU gain), BatchNorm
    /// ones and zeros (set by ``BatchNorm2d``); `fc` keeps nn.Linear's default.
    private func initializeAsTorchvision() throws {
        try Torch.withNoGrad {
            for (_, module) in namedModules() {
                guard let conv = module as? Conv2d else { continue }
                let shape = conv.weight.shape
                let fanOut = shape[0] * shape[2] * shape[3]
                try conv.weight.copy(from: Tensor.normal(shape, mean: 0, std: (2.0 / Double(fanOut)).squareRoot()))
            }
        }
    }
}

/// A 1×1 convolution and BatchNorm that bring the input to the block's output shape, as
/// torchvision's `downsample` (`0` the conv, `1` the norm).
final class ResNetDownsample: Module, Layer {
    let conv: Conv2d
    let norm: BatchNorm2d

    init(_ inChannels: Int, _ outChannels: Int, stride: Int) throws {
        conv = try Conv2d(inChannels, outChannels, kernelSize: (1, 1), stride: (stride, stride), bias: false)
        norm = try BatchNorm2d(outChannels, momentum: 0.1, eps: 1e-5)
        super.init()
        try registerModule("0", conv)
        try registerModule("1", norm)
    }

    func callAsFunction(_ x: Tensor) throws -> Tensor { try norm.after(conv, x) }
}

/// torchvision's `BasicBlock`: 3×3 conv (stride s) → BN → ReLU → 3×3 conv → BN, plus the
/// input (through `downsample` when the shape changes), then ReLU.
final class ResNetBasicBlock: Module, Layer {
    let conv1: Conv2d, bn1: BatchNorm2d, conv2: Conv2d, bn2: BatchNorm2d
    let downsample: ResNetDownsample?

    init(_ inChannels: Int, _ width: Int, stride: Int) throws {
        conv1 = try Conv2d(inChannels, width, kernelSize: (3, 3), stride: (stride, stride), padding: (1, 1), bias: false)
        bn1 = try BatchNorm2d(width, momentum: 0.1, eps: 1e-5)
        conv2 = try Conv2d(width, width, kernelSize: (3, 3), padding: (1, 1), bias: false)
        bn2 = try BatchNorm2d(width, momentum: 0.1, eps: 1e-5)
        downsample = stride != 1 || inChannels != width ? try ResNetDownsample(inChannels, width, stride: stride) : nil
        super.init()
        try registerModule("conv1", conv1)
        try registerModule("bn1", bn1)
        try registerModule("conv2", conv2)
        try registerModule("bn2", bn2)
        if let downsample { try registerModule("downsample", downsample) }
    }

    func callAsFunction(_ x: Tensor) throws -> Tensor {
        let h = try bn2.after(conv2, bn1.after(conv1, x).relu())
        return try (h + (downsample.map { try $0(x) } ?? x)).relu()
    }
}

/// torchvision's `Bottleneck` (ResNet v1.5): 1×1 conv → BN → ReLU → 3×3 conv (stride s) → BN
/// → ReLU → 1×1 conv to 4× the width → BN, plus the input (through `downsample`), then ReLU.
final class ResNetBottleneck: Module, Layer {
    let conv1: Conv2d, bn1: BatchNorm2d, conv2: Conv2d, bn2: BatchNorm2d, conv3: Conv2d, bn3: BatchNorm2d
    let downsample: ResNetDownsample?

    init(_ inChannels: Int, _ width: Int, stride: Int) throws {
        conv1 = try Conv2d(inChannels, width, kernelSize: (1, 1), bias: false)
        bn1 = try BatchNorm2d(width, momentum: 0.1, eps: 1e-5)
        conv2 = try Conv2d(width, width, kernelSize: (3, 3), stride: (stride, stride), padding: (1, 1), bias: false)
        bn2 = try BatchNorm2d(width, momentum: 0.1, eps: 1e-5)
        conv3 = try Conv2d(width, width * 4, kernelSize: (1, 1), bias: false)
        bn3 = try BatchNorm2d(width * 4, momentum: 0.1, eps: 1e-5)
        downsample = stride != 1 || inChannels != width * 4 ? try ResNetDownsample(inChannels, width * 4, stride: stride) : nil
        super.init()
        for (name, module) in [("conv1", conv1), ("bn1", bn1), ("conv2", conv2), ("bn2", bn2), ("conv3", conv3), ("bn3", bn3)] as [(String, Module)] {
            try registerModule(name, module)
        }
        if let downsample { try registerModule("downsample", downsample) }
    }

    func callAsFunction(_ x: Tensor) throws -> Tensor {
        var h = try bn1.after(conv1, x).relu()
        h = try bn2.after(conv2, h).relu()
        h = try bn3.after(conv3, h)
        return try (h + (downsample.map { try $0(x) } ?? x)).relu()
    }
}
