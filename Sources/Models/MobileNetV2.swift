import Torch

/// torchvision's MobileNetV2 (width 1.0): `features.0` (conv 3×3 stride 2 → BN → ReLU6),
/// `features.1` … `features.17` (inverted residual blocks), `features.18` (conv 1×1 to 1280 →
/// BN → ReLU6), global average pooling, dropout 0.2 and the classifier.
///
/// Parameter names are torchvision's (`features.3.conv.1.0.weight`, …), so its checkpoints load
/// by name, except the classifier: torchvision's `classifier.1` is this network's `head`, as
/// every finetune network's output layer is, and ``normalizedWeights(_:)`` maps it. The body
/// blocks are `features.0` … `features.18`, so every freeze strategy and layer decay apply.
/// BatchNorm eps is 1e-5 and momentum 0.1, as torchvision's.
public final class MobileNetV2: Module, BodyOutputNetwork, ReferenceHeadNaming {
    /// torchvision's inverted residual settings: expansion t, channels c, repeats n, stride s.
    public static let settings: [(t: Int, c: Int, n: Int, s: Int)] = [
        (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1),
    ]
    public static let featureCount = 1280
    /// torchvision's classifier dropout.
    public static let dropoutProbability = 0.2

    public let features: Sequential
    public private(set) var head: Linear
    private let dropout: Dropout
    private let imageSize: Int

    /// - Parameter imageSize: the side of the square `[3, S, S]` photos the network reads.
    public init(imageSize: Int, outputs: Int) throws {
        self.imageSize = imageSize
        var layers: [any Layer] = [try ConvNormActivation(3, 32, kernel: 3, stride: 2)]
        var channels = 32
        for (t, c, n, s) in Self.settings {
            for index in 0..<n {
                layers.append(try InvertedResidual(channels, c, stride: index == 0 ? s : 1, expansion: t))
                channels = c
            }
        }
        layers.append(try ConvNormActivation(channels, Self.featureCount, kernel: 1))
        features = try Sequential(layers)
        dropout = try Dropout(Self.dropoutProbability)
        head = try Linear(Self.featureCount, outputs)
        super.init()
        try registerModule("features", features)
        try registerModule("dropout", dropout)
        try registerModule(headName, head)
        try initializeAsTorchvision()
    }

    public var blockNames: [String] { features.layers.indices.map { "features.\($0)" } }

    public func features(_ input: ModelInput) throws -> Tensor {
        try features(fromBodyOutput: bodyOutput(input))
    }

    /// The 19 feature blocks, then global average pooling: `[N, 1280]`.
    public func bodyOutput(_ input: ModelInput) throws -> Tensor {
        guard case .dense(let x) = input else {
            throw TorchError(operation: "MobileNetV2", message: "mobilenet_v2 reads photos, not tokens")
        }
        let h = try features(x.reshape([-1, 3, imageSize, imageSize]).channelsLast())
        return try F.adaptiveAvgPool2d(h, outputSize: (1, 1)).flatten(from: 1)
    }

    /// Dropout before the head, as torchvision's `classifier.0`.
    public func features(fromBodyOutput body: Tensor) throws -> Tensor {
        try dropout(body)
    }

    /// A new output layer with PyTorch's default initialisation (what replacing
    /// `model.classifier[1]` with an `nn.Linear` gives in torchvision).
    public func replaceHead(outputs: Int) throws {
        head = try Linear(Self.featureCount, outputs)
        try registerModule(headName, head)
    }

    /// torchvision's output layer, `classifier.1` (after the dropout, `classifier.0`).
    public static let referenceHead = "classifier.1"

    /// torchvision's initialisation: convolutions kaiming-normal (fan out), BatchNorm ones and
    /// zeros, the classifier normal(0, 0.01) with zero bias.
    private func initializeAsTorchvision() throws {
        try Torch.withNoGrad {
            for (_, module) in namedModules() {
                if let conv = module as? Conv2d {
                    let shape = conv.weight.shape
                    let fanOut = shape[0] * shape[2] * shape[3]
                    try conv.weight.copy(from: Tensor.normal(shape, mean: 0, std: (2.0 / Double(fanOut)).squareRoot()))
                } else if let linear = module as? Linear {
                    try linear.weight.copy(from: Tensor.normal(linear.weight.shape, mean: 0, std: 0.01))
                    if let bias = linear.bias { try bias.copy(from: Tensor.zeros(bias.shape)) }
                }
            }
        }
    }
}

/// torchvision's `Conv2dNormActivation`: conv (no bias) → BatchNorm → ReLU6, registered as
/// `0`, `1` (and the parameter-free `2`), "same" padding for odd kernels.
final class ConvNormActivation: Module, Layer {
    let conv: Conv2d
    let norm: BatchNorm2d

    init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, groups: Int = 1, activation: Bool = true) throws {
        conv = try Conv2d(inChannels, outChannels, kernelSize: (kernel, kernel), stride: (stride, stride),
                          padding: ((kernel - 1) / 2, (kernel - 1) / 2), groups: groups, bias: false)
        norm = try BatchNorm2d(outChannels, momentum: 0.1, eps: 1e-5)
        super.init()
        try registerModule("0", conv)
        try registerModule("1", norm)
    }

    func callAsFunction(_ x: Tensor) throws -> Tensor {
        try norm.after(conv, x).relu6()
    }
}

/// torchvision's `InvertedResidual`: `conv` is [expand 1×1 (when t ≠ 1), depthwise 3×3,
/// project 1×1, BatchNorm], with the input added back when stride is 1 and the channels match.
final class InvertedResidual: Module, Layer {
    let expand: ConvNormActivation?
    let depthwise: ConvNormActivation
    let project: Conv2d
    let norm: BatchNorm2d
    let residual: Bool

    init(_ inChannels: Int, _ outChannels: Int, stride: Int, expansion: Int) throws {
        let hidden = inChannels * expansion
        expand = expansion == 1 ? nil : try ConvNormActivation(inChannels, hidden, kernel: 1)
        depthwise = try ConvNormActivation(hidden, hidden, kernel: 3, stride: stride, groups: hidden)
        project = try Conv2d(hidden, outChannels, kernelSize: (1, 1), bias: false)
        norm = try BatchNorm2d(outChannels, momentum: 0.1, eps: 1e-5)
        residual = stride == 1 && inChannels == outChannels
        super.init()
        let conv = Module()
        var index = 0
        for layer in [expand, depthwise].compactMap({ $0 }) as [Module] + [project, norm] {
            try conv.registerModule(String(index), layer)
            index += 1
        }
        try registerModule("conv", conv)
    }

    func callAsFunction(_ x: Tensor) throws -> Tensor {
        var h = x
        if let expand { h = try expand(h) }
        h = try norm.after(project, depthwise(h))
        return residual ? try h + x : h
    }
}
