import Torch

/// A small keyword-spotting network: waveforms `[N, 1, samples]` → log-mel spectrogram
/// (``LogMel``, no parameters) → per-clip normalisation → SpecAugment masks while training →
/// the image CNN's `block.i` (conv → batch norm → ReLU → 2×2 max-pool) → global average
/// pooling, dropout and `head`.
///
/// The blocks and head carry the same names as ``CNN``'s, so every freeze strategy,
/// layer-wise learning rates, weight loading and the scratch baseline work unchanged.
public final class AudioCNN: Module, BodyOutputNetwork {
    public let blocks: ModuleList<ConvBlock>
    public private(set) var head: Linear
    public let frontEnd: LogMel
    public let samples: Int
    private let dropout: Dropout
    private let masks: SpecAugment

    /// - Parameters:
    ///   - samples: waveform length of every clip.
    ///   - masks: SpecAugment's time and frequency masks, drawn only in training mode.
    public init(samples: Int, frontEnd: LogMel, channels: [Int], residual: Bool, outputs: Int, dropout p: Double,
                masks: SpecAugment = SpecAugment()) throws {
        self.samples = samples
        self.frontEnd = frontEnd
        self.masks = masks
        let (blocks, width) = try ConvBlock.stack(inChannels: 1, side: min(frontEnd.melCount, frontEnd.frames(samples: samples)),
                                                  channels: channels, residual: residual)
        self.blocks = blocks
        head = try Linear(width, outputs)
        dropout = try Dropout(p)
        super.init()
        try registerModule("block", self.blocks)
        try registerModule("dropout", dropout)
        try registerModule(headName, head)
    }

    public var blockNames: [String] { blocks.modules.indices.map { "block.\($0)" } }

    public func features(_ input: ModelInput) throws -> Tensor {
        try features(fromBodyOutput: bodyOutput(input))
    }

    /// The normalised log-mel spectrogram `[N, 1, n_mels, frames]` the blocks read: each clip's
    /// log-mel minus its mean over its standard deviation, so a quieter recording of the same
    /// word (a constant shift of the log-mel) looks the same.
    public func spectrogram(_ waveforms: Tensor) throws -> Tensor {
        let logMel = try frontEnd(waveforms.reshape([-1, samples]))
        let mean = try logMel.mean(dims: [1, 2], keepDim: true)
        let centred = try logMel - mean
        let std = try (centred.square().mean(dims: [1, 2], keepDim: true) + 1e-5).sqrt()
        return try (centred / std).unsqueeze(1)
    }

    /// The blocks, then global average pooling: `[N, channels]`.
    public func bodyOutput(_ input: ModelInput) throws -> Tensor {
        guard case .dense(let x) = input else {
            throw TorchError(operation: "AudioCNN", message: "an audio CNN reads waveforms, not tokens")
        }
        var h = try Torch.withNoGrad { try spectrogram(x) }
        if isTraining, !masks.isEmpty { h = try masks.apply(to: h) }
        for block in blocks.modules { h = try block(h) }
        return try F.adaptiveAvgPool2d(h, outputSize: (1, 1)).flatten(from: 1)
    }

    public func features(fromBodyOutput body: Tensor) throws -> Tensor {
        try dropout(body)
    }

    public func replaceHead(outputs: Int) throws {
        head = try Linear(head.weight.shape[1], outputs)
        try registerModule(headName, head)
    }
}
