import Torch

/// EfficientNet-Lite0 as the `efficientnet-lite-pytorch` project defines it (converted from
/// Google's TensorFlow checkpoint): `_conv_stem` (3×3 stride 2) → `_bn0` → ReLU6, sixteen
/// mobile inverted bottlenecks `_blocks.0` … `_blocks.15` (no squeeze-excitation), `_conv_head`
/// (1×1 to 1280) → `_bn1` → ReLU6, global average pooling, dropout 0.2 and the classifier.
///
/// What makes it differ from torchvision's MobileNetV2 besides the widths: TensorFlow's "SAME"
/// padding (a stride-2 convolution pads the extra row and column at the bottom and right),
/// BatchNorm eps 1e-3 and momentum 0.01 (TensorFlow's decay 0.99), and photos scaled as
/// (x − 127) / 128 on 0–255 values. Parameter names are the checkpoint's, except `_fc`, which
/// is this network's `head`. The body blocks are `_conv_stem`, `_bn0`, each `_blocks.N`,
/// `_conv_head` and `_bn1`: real module prefixes, one inverted bottleneck at a time. In
/// training, a residual block's branch is dropped per photo with probability 0.2 · N / 16 (the
/// upstream drop connect, stochastic depth); frozen blocks run in evaluation mode and never drop.
public final class EfficientNetLite0: Module, BodyOutputNetwork, ReferenceHeadNaming {
    /// Stages: repeats, kernel, stride of the first block, expansion, output channels.
    public static let stages: [(repeats: Int, kernel: Int, stride: Int, expansion: Int, channels: Int)] = [
        (1, 3, 1, 1, 16), (2, 3, 2, 6, 24), (2, 5, 2, 6, 40), (3, 3, 2, 6, 80), (3, 5, 1, 6, 112), (4, 5, 2, 6, 192), (1, 3, 1, 6, 320),
    ]
    public static let featureCount = 1280
    public static let dropoutProbability = 0.2
    /// The upstream `drop_connect_rate`, scaled by the block's index over the block count.
    public static let dropConnectRate = 0.2
    /// TensorFlow's BatchNorm: eps 1e-3, decay 0.99 (PyTorch momentum 0.01).
    static let bnEps = 1e-3, bnMomentum = 0.01

    /// The body blocks from the input side up.
    public static let blockNames = ["_conv_stem", "_bn0"] + (0..<16).map { "_blocks.\($0)" } + ["_conv_head", "_bn1"]

    let stem: SamePaddingConv2d
    let stemNorm: BatchNorm2d
    let blocks: ModuleList<MBConvBlock>
    let convHead: SamePaddingConv2d
    let headNorm: BatchNorm2d
    private let dropout: Dropout
    public private(set) var head: Linear
    private let imageSize: Int

    /// - Parameter imageSize: the side of the square `[3, S, S]` photos the network reads.
    public init(imageSize: Int, outputs: Int) throws {
        self.imageSize = imageSize
        stem = try SamePaddingConv2d(3, 32, kernel: 3, stride: 2)
        stemNorm = try BatchNorm2d(32, momentum: Self.bnMomentum, eps: Self.bnEps)
        var channels = 32
        var blocks: [MBConvBlock] = []
        let count = Self.stages.reduce(0) { $0 + $1.repeats }
        for stage in Self.stages {
            for index in 0..<stage.repeats {
                blocks.append(try MBConvBlock(channels, stage.channels, kernel: stage.kernel,
                                              stride: index == 0 ? stage.stride : 1, expansion: stage.expansion,
                                              dropConnect: Self.dropConnectRate * Double(blocks.count) / Double(count)))
                channels = stage.channels
            }
        }
        self.blocks = try ModuleList(blocks)
        convHead = try SamePaddingConv2d(channels, Self.featureCount, kernel: 1, stride: 1)
        headNorm = try BatchNorm2d(Self.featureCount, momentum: Self.bnMomentum, eps: Self.bnEps)
        dropout = try Dropout(Self.dropoutProbability)
        head = try Linear(Self.featureCount, outputs)
        super.init()
        try registerModule("_conv_stem", stem)
        try registerModule("_bn0", stemNorm)
        try registerModule("_blocks", self.blocks)
        try registerModule("_conv_head", convHead)
        try registerModule("_bn1", headNorm)
        try registerModule("dropout", dropout)
        try registerModule(headName, head)
    }

    public var blockNames: [String] { Self.blockNames }

    public func features(_ input: ModelInput) throws -> Tensor {
        try features(fromBodyOutput: bodyOutput(input))
    }

    /// Stem, the sixteen blocks, the 1×1 head convolution, then global average pooling: `[N, 1280]`.
    public func bodyOutput(_ input: ModelInput) throws -> Tensor {
        guard case .dense(let x) = input else {
            throw TorchError(operation: "EfficientNetLite0", message: "efficientnet_lite0 reads photos, not tokens")
        }
        var h = try stemNorm.after(stem, x.reshape([-1, 3, imageSize, imageSize]).channelsLast()).relu6()
        for block in blocks.modules { h = try block(h) }
        h = try headNorm.after(convHead, h).relu6()
        return try F.adaptiveAvgPool2d(h, outputSize: (1, 1)).flatten(from: 1)
    }

    /// Dropout before the head, as the upstream `_dropout`.
    public func features(fromBodyOutput body: Tensor) throws -> Tensor {
        try dropout(body)
    }

    public func replaceHead(outputs: Int) throws {
        head = try Linear(Self.featureCount, outputs)
        try registerModule(headName, head)
    }

    /// The checkpoint's output layer.
    public static let referenceHead = "_fc"
}

/// A bias-free convolution with TensorFlow's "SAME" padding: the output side is ⌈input / stride⌉
/// and the padding that needs is split with the odd row or column at the bottom/right,
/// computed from each input's size (the upstream `Conv2dDynamicSamePadding`).
final class SamePaddingConv2d: Module, Convolution {
    let weight: Tensor
    var bias: Tensor? { nil }
    let kernel: Int, stride: Int, groups: Int

    init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int, groups: Int = 1) throws {
        let conv = try Conv2d(inChannels, outChannels, kernelSize: (kernel, kernel), groups: groups, bias: false)
        weight = conv.weight
        self.kernel = kernel
        self.stride = stride
        self.groups = groups
        super.init()
        try registerParameter("weight", weight)
    }

    /// The padding before and after along one side of `size` pixels.
    static func padding(size: Int, kernel: Int, stride: Int) -> (before: Int, after: Int) {
        let out = (size + stride - 1) / stride
        let total = max((out - 1) * stride + kernel - size, 0)
        return (total / 2, total - total / 2)
    }

    func callAsFunction(_ x: Tensor) throws -> Tensor { try convolve(x, weight: weight, bias: nil) }

    func convolve(_ x: Tensor, weight: Tensor, bias: Tensor?) throws -> Tensor {
        let shape = x.shape
        let rows = Self.padding(size: shape[2], kernel: kernel, stride: stride)
        let columns = Self.padding(size: shape[3], kernel: kernel, stride: stride)
        let padded = try F.pad2d(x, left: columns.before, right: columns.after, top: rows.before, bottom: rows.after)
        return try F.conv2d(padded, weight, bias, stride: (stride, stride), groups: groups)
    }
}

/// The mobile inverted bottleneck without squeeze-excitation: `_expand_conv` 1×1 → `_bn0` →
/// ReLU6 (when the expansion is not 1), `_depthwise_conv` k×k → `_bn1` → ReLU6, `_project_conv`
/// 1×1 → `_bn2`, plus the input when the stride is 1 and the channels match (in training,
/// the branch of each photo dropped with probability `dropConnect` and the rest scaled by
/// 1 / (1 − p), as the upstream `drop_connect`).
final class MBConvBlock: Module, Layer {
    let expand: (conv: SamePaddingConv2d, norm: BatchNorm2d)?
    let depthwise: SamePaddingConv2d, depthwiseNorm: BatchNorm2d
    let project: SamePaddingConv2d, projectNorm: BatchNorm2d
    let residual: Bool
    let dropConnect: Double

    init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int, expansion: Int, dropConnect: Double = 0) throws {
        let hidden = inChannels * expansion
        let eps = EfficientNetLite0.bnEps, momentum = EfficientNetLite0.bnMomentum
        expand = expansion == 1 ? nil : (try SamePaddingConv2d(inChannels, hidden, kernel: 1, stride: 1),
                                         try BatchNorm2d(hidden, momentum: momentum, eps: eps))
        depthwise = try SamePaddingConv2d(hidden, hidden, kernel: kernel, stride: stride, groups: hidden)
        depthwiseNorm = try BatchNorm2d(hidden, momentum: momentum, eps: eps)
        project = try SamePaddingConv2d(hidden, outChannels, kernel: 1, stride: 1)
        projectNorm = try BatchNorm2d(outChannels, momentum: momentum, eps: eps)
        residual = stride == 1 && inChannels == outChannels
        self.dropConnect = dropConnect
        super.init()
        if let expand {
            try registerModule("_expand_conv", expand.conv)
            try registerModule("_bn0", expand.norm)
        }
        try registerModule("_depthwise_conv", depthwise)
        try registerModule("_bn1", depthwiseNorm)
        try registerModule("_project_conv", project)
        try registerModule("_bn2", projectNorm)
    }

    func callAsFunction(_ x: Tensor) throws -> Tensor {
        var h = x
        if let expand { h = try expand.norm.after(expand.conv, h).relu6() }
        h = try depthwiseNorm.after(depthwise, h).relu6()
        h = try projectNorm.after(project, h)
        guard residual else { return h }
        if isTraining, dropConnect > 0 {
            let keep = 1 - dropConnect
            let mask = try Tensor.rand([h.shape[0], 1, 1, 1]).lt(keep).toType(.float32)
            h = try h * mask / keep
        }
        return try h + x
    }
}
