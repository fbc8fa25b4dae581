import Catalog

/// Which network a run trains and where its starting weights come from.
public struct ModelConfig: Codable, Sendable, Hashable {
    public enum Architecture: String, Codable, Sendable, CaseIterable {
        case mlp, cnn, bert
        case audioCNN = "audio-cnn"
        /// torchvision's MobileNetV2, an ImageNet backbone.
        case mobilenetV2 = "mobilenet_v2"
        /// torchvision's ResNets, ImageNet backbones (no built-in weights offline).
        case resnet18, resnet34, resnet50
        /// EfficientNet-Lite0 (the efficientnet-lite-pytorch project's names), an ImageNet backbone.
        case efficientnetLite0 = "efficientnet_lite0"
        /// timm's ViTs with 16×16 patches (no built-in weights offline; a timm safetensors file loads).
        case vitTiny = "vit_tiny_patch16", vitSmall = "vit_small_patch16", vitBase = "vit_base_patch16"

        /// The ImageNet backbones: they read photos as 3 channels normalised with their own
        /// statistics, and `pretrained: imagenet` names their built-in weights, if any.
        public var isImageNetBackbone: Bool { backboneBlockNames != nil }

        /// A backbone whose body is convolutions: LoRA, which adapts Linear layers, has nothing to adapt.
        public var isConvolutionalBackbone: Bool { isImageNetBackbone && !isVisionTransformer }

        /// timm's ViTs: photos cut into 16×16 patches, so the side must be a multiple of 16.
        public var isVisionTransformer: Bool { self == .vitTiny || self == .vitSmall || self == .vitBase }

        /// Whose parameter names a backbone's weight files carry, for messages and exports.
        public var weightNaming: String? {
            switch self {
            case .mobilenetV2, .resnet18, .resnet34, .resnet50: "torchvision"
            case .efficientnetLite0: "efficientnet-lite-pytorch"
            case .vitTiny, .vitSmall, .vitBase: "timm"
            case .mlp, .cnn, .bert, .audioCNN: nil
            }
        }

        /// Body blocks of a backbone, fixed by its definition, from the input side up: what
        /// `freeze.layers`, `gradual` and layer decay count (the network's `blockNames`).
        public var backboneBlockNames: [String]? {
            func resnet(_ stages: [Int]) -> [String] {
                ["conv1", "bn1"] + stages.enumerated().flatMap { stage, count in (0..<count).map { "layer\(stage + 1).\($0)" } }
            }
            switch self {
            case .mobilenetV2: return (0...18).map { "features.\($0)" }
            case .resnet18: return resnet([2, 2, 2, 2])
            case .resnet34, .resnet50: return resnet([3, 4, 6, 3])
            case .efficientnetLite0: return ["_conv_stem", "_bn0"] + (0..<16).map { "_blocks.\($0)" } + ["_conv_head", "_bn1"]
            case .vitTiny, .vitSmall, .vitBase: return ["patch_embed", "cls_token", "pos_embed"] + (0..<12).map { "blocks.\($0)" } + ["norm"]
            case .mlp, .cnn, .bert, .audioCNN: return nil
            }
        }

        /// How many body blocks a backbone has.
        public var backboneBlockCount: Int? { backboneBlockNames?.count }

        /// The blocks in a few words, for messages: `features.0 … features.18`.
        public var backboneBlockSummary: String? {
            guard let names = backboneBlockNames, let last = names.last else { return nil }
            let named = names.prefix { !$0.contains(".") }
            let first = names.first { $0.contains(".") } ?? names[0]
            return (named + [first]).joined(separator: ", ") + " … " + last
        }

        /// How a backbone reads photos: channels and the mean and std (of 0…1 values) its
        /// weights were trained with. Nil for networks sized to the data.
        public var imageInput: (channels: Int, mean: [Double], std: [Double])? {
            switch self {
            case .mobilenetV2, .resnet18, .resnet34, .resnet50: (3, ImageNetStatistics.mean, ImageNetStatistics.std)
            // (x − 127) / 128 on 0–255 values, as the TensorFlow original was trained.
            case .efficientnetLite0: (3, [127.0 / 255, 127.0 / 255, 127.0 / 255], [128.0 / 255, 128.0 / 255, 128.0 / 255])
            // timm's pretrained_cfg of vit_*_patch16_224 (augreg weights): mean and std 0.5.
            case .vitTiny, .vitSmall, .vitBase: (3, [0.5, 0.5, 0.5], [0.5, 0.5, 0.5])
            default: nil
            }
        }

        /// The kinds of data the network reads (image, text, audio, tabular), as the checks
        /// of `model.architecture` against `data.source` name them.
        public var modalities: Set<String> {
            switch self {
            case .bert: ["text"]
            case .mlp: ["image", "tabular"]
            case .audioCNN: ["audio"]
            case .cnn, .mobilenetV2, .resnet18, .resnet34, .resnet50, .efficientnetLite0, .vitTiny, .vitSmall, .vitBase: ["image"]
            }
        }

        /// The module names LoRA may target; nil for a convolutional body, which has no Linear
        /// to adapt. bert's are BERT's names and DistilBERT's (the folder's config.json decides
        /// which apply; the run refuses the other family's).
        public var loraTargets: [String]? {
            switch self {
            case .bert: FreezeConfig.LoRA.bertTargets + FreezeConfig.LoRA.distilbertTargets
            case .mlp: FreezeConfig.LoRA.mlpTargets
            case .vitTiny, .vitSmall, .vitBase: FreezeConfig.LoRA.vitTargets
            case .cnn, .audioCNN, .mobilenetV2, .resnet18, .resnet34, .resnet50, .efficientnetLite0: nil
            }
        }

        /// The LoRA targets as a message lists them: bert's per text family.
        public var loraTargetSummary: String? {
            switch self {
            case .bert:
                FreezeConfig.LoRA.bertTargets.joined(separator: ", ") + " for bert, roberta, xlm-roberta and electra folders; "
                    + FreezeConfig.LoRA.distilbertTargets.joined(separator: ", ") + " for distilbert"
            case .mlp: (FreezeConfig.LoRA.mlpTargets + ["block.N"]).joined(separator: ", ")
            default: loraTargets?.joined(separator: ", ")
            }
        }

        /// The name with its article, as a sentence uses it ("a cnn", "an audio-cnn").
        public var article: String {
            switch self {
            case .audioCNN: "an audio-cnn"
            case _ where isImageNetBackbone: rawValue
            default: "a \(rawValue)"
            }
        }

        /// The asset holding the built-in ImageNet weights (`pretrained: imagenet`), if any.
        public var imagenetAsset: String? {
            switch self {
            case .mobilenetV2: "mobilenet_v2"
            case .efficientnetLite0: "efficientnet_lite0"
            default: nil
            }
        }
    }

    /// `model.pretrained: imagenet`: the architecture's built-in ImageNet weights.
    public static let imagenet = "imagenet"

    /// The log-mel spectrogram an audio network computes from 16 kHz waveforms.
    public struct Mel: Codable, Sendable, Hashable {
        public var nMels: Int
        public var nFft: Int
        /// Hann window length in samples (centred in `nFft`).
        public var window: Int
        public var hop: Int
        public var fMin: Double
        public var fMax: Double

        public init(nMels: Int = 40, nFft: Int = 512, window: Int = 400, hop: Int = 160, fMin: Double = 20, fMax: Double = 8000) {
            self.nMels = nMels
            self.nFft = nFft
            self.window = window
            self.hop = hop
            self.fMin = fMin
            self.fMax = fMax
        }
    }

    /// Where the starting weights come from.
    public enum Pretrained: Codable, Sendable, Hashable {
        case none
        /// A safetensors file, a Hugging Face-style folder, or a built-in model name.
        case path(String)
        /// The best model of another experiment in the same results folder.
        case experiment(String)

        private enum Keys: String, CodingKey { case experiment, path }

        public init(from decoder: Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                self = text == "none" ? .none : .path(text)
                return
            }
            let c = try decoder.container(keyedBy: Keys.self)
            if let name = try c.decodeIfPresent(String.self, forKey: .experiment) {
                self = .experiment(name)
            } else {
                self = .path(try c.decode(String.self, forKey: .path))
            }
        }

        public func encode(to encoder: Encoder) throws {
            switch self {
            case .none:
                var c = encoder.singleValueContainer()
                try c.encode("none")
            case .path(let p):
                var c = encoder.container(keyedBy: Keys.self)
                try c.encode(p, forKey: .path)
            case .experiment(let e):
                var c = encoder.container(keyedBy: Keys.self)
                try c.encode(e, forKey: .experiment)
            }
        }
    }

    public enum Pooling: String, Codable, Sendable, CaseIterable { case cls, mean }

    /// The number format matrix products compute in.
    public enum Precision: String, Codable, Sendable, CaseIterable { case fp32, bf16 }

    public struct Head: Codable, Sendable, Hashable {
        public var replace: Bool
    }

    public var architecture: Architecture
    public var pretrained: Pretrained
    public var head: Head
    public var dropout: Double
    public var hidden: [Int]
    public var channels: [Int]
    public var residual: Bool
    public var maxLength: Int
    public var pooling: Pooling
    /// Nil in configurations written before the field existed: fp32.
    public var precision: Precision?
    /// audio-cnn's front end. Nil in configurations written before the field existed: the defaults.
    public var mel: Mel?
    /// Photos: the side of the square the network reads; nil reads them at their own size.
    public var imageSize: Int?
    /// Photos: evaluation resizes the shorter side to `imageSize / cropFraction`, then crops
    /// the centre `imageSize`. Nil in configurations written before the field existed: 1.
    public var cropFraction: Double?

    /// The built-in pre-trained models, found in the asset cache.
    public static let builtinModels = ["all-MiniLM-L6-v2"]

    /// Number of freezable body blocks below the head; nil when only the weights can tell.
    public var blockCount: Int? {
        switch architecture {
        case .mlp: return hidden.count
        case .cnn, .audioCNN: return channels.count
        case .bert: return pooling == .cls ? 8 : 7  // embeddings + MiniLM's 6 encoder layers (+ pooler for cls)
        case .mobilenetV2, .resnet18, .resnet34, .resnet50, .efficientnetLite0, .vitTiny, .vitSmall, .vitBase:
            return architecture.backboneBlockCount
        }
    }

    /// What the blocks of ``blockCount`` are, for an error that names the limit.
    public var blockDescription: String {
        switch architecture {
        case .mlp: "one per entry of model.hidden"
        case .cnn, .audioCNN: "one per entry of model.channels"
        case .bert: "embeddings and 6 encoder layers\(pooling == .cls ? ", pooler" : "")"
        case .mobilenetV2, .resnet18, .resnet34, .resnet50, .efficientnetLite0, .vitTiny, .vitSmall, .vitBase:
            architecture.backboneBlockSummary ?? architecture.rawValue
        }
    }

    static let pretrainedShape: Shape = .oneOf([
        .string(StringShape()),
        .object(ObjectShape(doc: "The best model of another experiment in the same results folder.", [
            Field("experiment", .string(StringShape()), required: true, doc: "That experiment's name."),
        ])),
        .object(ObjectShape(doc: "A weights file or folder.", [
            Field("path", .string(StringShape()), required: true, doc: "Path, relative to the experiment file."),
        ])),
    ], summary: "none, a built-in model name, a path, {experiment: NAME} or {path: P}")

    static let melShape = ObjectShape(doc: "audio-cnn: the log-mel spectrogram computed from 16 kHz waveforms (libtorch's STFT, Slaney mel scale and norm, as librosa).", [
        Field("n_mels", .integer(Bounds(min: 1, max: 256)), default: .int(40), doc: "Mel bands."),
        Field("n_fft", .integer(Bounds(min: 16, max: 8192)), default: .int(512), doc: "FFT size in samples."),
        Field("window", .integer(Bounds(min: 16, max: 8192)), default: .int(400), doc: "Hann window length in samples (at most n_fft)."),
        Field("hop", .integer(Bounds(min: 1, max: 8192)), default: .int(160), doc: "Samples between frames."),
        Field("f_min", .number(.nonNegative), default: .number(20), doc: "Lowest frequency in Hz."),
        Field("f_max", .number(.positive), default: .number(8000), doc: "Highest frequency in Hz (at most 8000, half the sample rate)."),
    ])

    static let shape = ObjectShape(doc: "The network and its starting weights.", [
        Field("architecture", .string(StringShape(values: Architecture.allCases.map(\.rawValue))), required: true,
              doc: "mlp for tabular features, cnn for images, bert for text, audio-cnn for audio clips, mobilenet_v2 (torchvision's MobileNetV2) and resnet18, resnet34, resnet50 (torchvision's ResNets), efficientnet_lite0 (EfficientNet-Lite0) and vit_tiny_patch16, vit_small_patch16, vit_base_patch16 (timm's ViTs; image_size a multiple of 16), ImageNet backbones, for photos."),
        Field("pretrained", pretrainedShape, default: .string("none"),
              doc: "none, a built-in model (\(builtinModels.joined(separator: ", "))), imagenet (the architecture's built-in ImageNet weights: mobilenet_v2, efficientnet_lite0), a path (safetensors, or a torch .pth/.pt state dict; for an ImageNet backbone in its reference library's names, a ViT's pos_embed of another size resampled as timm does), or {experiment: NAME}. For bert a path names a Hugging Face-style folder (config.json, model.safetensors, vocab.txt); none means random weights in all-MiniLM-L6-v2's shape and vocabulary."),
        Field("head", .object(ObjectShape(doc: "The output layer.", [
            Field("replace", .boolean, default: .bool(true), doc: "A new output layer sized to the target labels."),
        ])), doc: "The output layer."),
        Field("dropout", .number(Bounds(min: 0, below: 1)), default: .number(0.1), doc: "Dropout probability in the body and before the head (the ImageNet backbones keep their own: mobilenet_v2 and efficientnet_lite0 0.2, the resnets and ViTs none)."),
        Field("hidden", .array(of: .integer(Bounds(min: 1)), minItems: 1), default: .array([.int(128), .int(64)]),
              doc: "MLP: width of each hidden block (not used by the ImageNet backbones)."),
        Field("channels", .array(of: .integer(Bounds(min: 1)), minItems: 1), default: .array([.int(16), .int(32)]),
              doc: "CNN and audio-cnn: channels of each convolution block (not used by the ImageNet backbones)."),
        Field("residual", .boolean, default: .bool(false), doc: "CNN: add residual connections inside blocks."),
        Field("max_length", .integer(Bounds(min: 2, max: 512)), default: .int(64), doc: "BERT: tokens per example, longer texts are truncated."),
        Field("pooling", .string(StringShape(values: Pooling.allCases.map(\.rawValue))), default: .string("mean"),
              doc: "BERT: sentence vector from the [CLS] token or the mean over tokens."),
        Field("precision", .string(StringShape(values: Precision.allCases.map(\.rawValue))), default: .string("fp32"),
              doc: "fp32, or bf16: CPU autocast, matrix products and convolutions in bfloat16 while weights, optimizer state, losses and reductions stay float32. Measured on sentiment-movies (MiniLM, 2 seeds): test accuracy 0.781 with bf16 and 0.781 with fp32, but steps took 1.7x as long on a 2-core Xeon with AVX512-BF16, so fp32 is the default."),
        Field("mel", .object(melShape), doc: "audio-cnn: the log-mel front end."),
        Field("image_size", .nullable(.integer(Bounds(min: 8, max: 1024))),
              doc: "Photos: the side of the square input the network reads. Required for photo files (they come in many sizes); fashion-mnist is read at its own 28 px without it. Evaluation resizes the shorter side to floor(image_size / crop_fraction) with Pillow's antialiased bilinear filter (torchvision's Resize on PIL images, equal to the byte) and crops the centre image_size square (CenterCrop)."),
        Field("crop_fraction", .number(Bounds(above: 0, max: 1)), default: .number(1),
              doc: "Photos: the fraction of the resized image the centre crop keeps (timm's crop_pct; 0.875 resizes to 256 for 224). 1 resizes straight to image_size."),
    ])
}
