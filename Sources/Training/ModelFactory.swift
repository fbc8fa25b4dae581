import Experiment
import Models

/// Builds the network a configuration names, sized for the prepared data.
enum ModelFactory {
    /// - Parameter augmentation: the run's steps; an audio network applies the SpecAugment masks
    ///   among them to its training spectrograms.
    static func build(_ config: ModelConfig, data: PreparedData, outputs: Int? = nil, text: TextModel? = nil,
                      augmentation: [AugmentationStep] = []) throws -> Network {
        let outputs = outputs ?? data.outputs
        if config.architecture == .bert {
            guard data.dataset.exampleShape == nil else {
                throw TrainingError("model.architecture bert reads text; this dataset holds numeric features")
            }
            guard let text else { throw TrainingError("model.architecture bert needs its model folder (config.json, vocab.txt)") }
            return try text.makeNetwork(config, outputs: outputs)
        }
        guard let shape = data.dataset.exampleShape else {
            throw TrainingError("model.architecture \(config.architecture.rawValue) reads numeric features; this dataset holds text")
        }
        switch config.architecture {
        case .mlp:
            return try MLP(inputShape: shape, hidden: config.hidden, outputs: outputs, dropout: config.dropout)
        case .cnn:
            return try CNN(inputShape: shape, channels: config.channels, residual: config.residual,
                           outputs: outputs, dropout: config.dropout)
        case .audioCNN:
            guard shape.count == 2, shape[0] == 1 else {
                throw TrainingError("model.architecture audio-cnn reads mono waveforms [1, samples]; this dataset holds examples of shape \(shape)")
            }
            let mel = config.mel ?? ModelConfig.Mel()
            let frontEnd = try LogMel(nFFT: mel.nFft, windowLength: mel.window, hop: mel.hop, melCount: mel.nMels,
                                      fMin: mel.fMin, fMax: mel.fMax)
            return try AudioCNN(samples: shape[1], frontEnd: frontEnd, channels: config.channels, residual: config.residual,
                                outputs: outputs, dropout: config.dropout, masks: specAugment(augmentation))
        case .mobilenetV2, .resnet18, .resnet34, .resnet50, .efficientnetLite0, .vitTiny, .vitSmall, .vitBase:
            // Gray photos are expanded to 3 channels per batch (the backbone's image input).
            guard shape.count == 3, shape[1] == shape[2] else {
                throw TrainingError("model.architecture \(config.architecture.rawValue) reads square photos; this dataset holds examples of shape \(shape)")
            }
            return try backbone(config.architecture, imageSize: shape[2], outputs: outputs)
        case .bert:
            throw TrainingError("unreachable: bert is built above")
        }
    }

    /// An ImageNet backbone reading `[3, imageSize, imageSize]` photos with a head of `outputs`.
    static func backbone(_ architecture: ModelConfig.Architecture, imageSize: Int, outputs: Int) throws -> Network {
        switch architecture {
        case .mobilenetV2: return try MobileNetV2(imageSize: imageSize, outputs: outputs)
        case .resnet18: return try ResNet(depth: .d18, imageSize: imageSize, outputs: outputs)
        case .resnet34: return try ResNet(depth: .d34, imageSize: imageSize, outputs: outputs)
        case .resnet50: return try ResNet(depth: .d50, imageSize: imageSize, outputs: outputs)
        case .efficientnetLite0: return try EfficientNetLite0(imageSize: imageSize, outputs: outputs)
        case .vitTiny: return try VisionTransformer(size: .tiny, imageSize: imageSize, outputs: outputs)
        case .vitSmall: return try VisionTransformer(size: .small, imageSize: imageSize, outputs: outputs)
        case .vitBase: return try VisionTransformer(size: .base, imageSize: imageSize, outputs: outputs)
        case .mlp, .cnn, .bert, .audioCNN:
            throw TrainingError("model.architecture \(architecture.rawValue) is not an ImageNet backbone")
        }
    }

    /// The time_mask and freq_mask steps as the audio network applies them.
    static func specAugment(_ steps: [AugmentationStep]) -> SpecAugment {
        var masks = SpecAugment()
        for step in steps {
            switch step.kind {
            case .timeMask: masks.time = .init(width: step.width ?? 10, count: step.masks ?? 1, p: step.p)
            case .freqMask: masks.frequency = .init(width: step.width ?? 5, count: step.masks ?? 1, p: step.p)
            default: break
            }
        }
        return masks
    }
}
