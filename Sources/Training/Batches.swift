import Datasets
import Experiment
import Torch
import Models

/// Turns example indices into model inputs and targets, applying training-only
/// augmentation with the run's augmentation stream.
struct Batches {
    let data: PreparedData
    let augmentation: AugmentationPipeline?
    let exampleShape: [Int]
    /// Tokenizer and length for text data (BERT runs); nil for dense data.
    let text: TextModel?
    /// The word-level steps, applied to training texts before tokenization.
    let textSteps: [AugmentationStep]
    /// How photos become model inputs (crop, jitter, normalise, erase); nil for other data.
    let photos: ImagePreprocessing?

    /// - Parameter photos: how photos become inputs; for a photo dataset without it, the centre
    ///   crop with ImageNet's mean and std, no augmentation.
    init(data: PreparedData, steps: [AugmentationStep], text: TextModel? = nil, photos: ImagePreprocessing? = nil) throws {
        self.data = data
        self.text = text
        if case .images(let set) = data.dataset.features {
            let chosen = photos ?? ImagePreprocessing(channels: set.channels, mean: ExperimentConfig.imageMean(channels: set.channels),
                                                      std: ExperimentConfig.imageStd(channels: set.channels))
            self.photos = chosen
            exampleShape = [chosen.channels, set.cropSize, set.cropSize]
        } else {
            self.photos = nil
            exampleShape = data.dataset.exampleShape ?? []
        }
        textSteps = steps.filter { $0.kind.modality == .text }
        let imageSteps = steps.compactMap(Self.imageAugmentation)
        augmentation = imageSteps.isEmpty ? nil : try AugmentationPipeline(imageSteps)
    }

    /// Examples per batch when a network only reads them (evaluation, the feature cache): 256,
    /// or for photos as many as hold 262,144 pixels a channel, between 8 and 256 (64 at 64 px,
    /// 8 at 224 px). A convolutional network's activations grow with the pixels of a batch, and
    /// beyond the caches the batch slows down: MobileNetV2 at 64 px evaluated 1,000 photos in
    /// 2.7–3.2 s in batches of 64 and 5.6–6.3 s in batches of 256 (peak memory 0.6 GB against 1.0 GB).
    var inferenceBatchSize: Int {
        guard photos != nil, exampleShape.count == 3 else { return 256 }
        return min(256, max(8, 262_144 / max(1, exampleShape[1] * exampleShape[2])))
    }

    /// The config's augmentation as the Datasets module applies it (text steps excluded).
    static func imageAugmentation(_ step: AugmentationStep) -> Augmentation? {
        switch step.kind {
        case .shift: return .shift(pixels: step.pixels ?? 1, p: step.p)
        case .crop: return .crop(padding: step.padding ?? 1, p: step.p)
        case .rotation: return .rotation(degrees: step.degrees ?? 10, p: step.p)
        case .flip: return .horizontalFlip(p: step.p)
        case .noise: return .noise(std: step.std ?? 0.05, p: step.p)
        case .cutout: return .cutout(size: step.size ?? 2, p: step.p)
        case .mixup: return .mixup(alpha: step.alpha ?? 0.2, p: step.p)
        // Waveforms are [1, samples] examples, shifted along their one row; the clips are 16 kHz.
        case .timeShift: return .timeShift(samples: Int(((step.ms ?? 100) * Double(Dataset.audioSampleRate) / 1000).rounded()), p: step.p)
        case .backgroundNoise: return .backgroundNoise(snrDB: step.snrDb ?? 20, p: step.p)
        // SpecAugment masks the spectrogram inside the audio network (ModelFactory.specAugment).
        case .wordDropout, .randomSwap, .randomDeletion, .timeMask, .freqMask: return nil
        // Photo steps run before and after normalisation (ImagePreprocessing).
        case .randomResizedCrop, .colorJitter, .randomErasing: return nil
        }
    }

    struct Batch {
        var input: ModelInput
        /// int64 class indices, or float32 values for regression.
        var targets: Tensor
        var mixing: Mixing?
        var count: Int
    }

    /// The batch of `indices`; augmented when `rng` is given.
    func batch(_ indices: [Int], rng: UnsafeMutablePointer<SeededGenerator>?) throws -> Batch {
        if case .text(let texts) = data.dataset.features {
            return try textBatch(indices, texts: texts, rng: rng)
        }
        return try tensors(host(indices, rng: rng))
    }

    /// A batch's inputs before any tensor exists: plain Swift, so it can be made on another
    /// thread while the previous batch trains (see ``Prefetcher``).
    struct HostBatch: @unchecked Sendable {
        var indices: [Int]
        var values: [Float]
        var mixing: Mixing?
    }

    /// Whether batches can be made off the training thread: all but text, whose tokenizer
    /// output goes straight into tensors.
    var preparesOnHost: Bool {
        if case .text = data.dataset.features { return false }
        return true
    }

    /// The inputs of `indices` as floats: gathered rows, or photos cropped and normalised;
    /// then the float augmentations when `rng` is given.
    func host(_ indices: [Int], rng: UnsafeMutablePointer<SeededGenerator>?) throws -> HostBatch {
        var gathered: [Float]
        switch data.dataset.features {
        case .images(let set):
            gathered = photos!.batch(set, indices, rng: rng)
        case .dense(let values, _):
            let size = exampleShape.reduce(1, *)
            gathered = [Float](repeating: 0, count: indices.count * size)
            gathered.withUnsafeMutableBufferPointer { out in
                values.withUnsafeBufferPointer { source in
                    for (row, index) in indices.enumerated() {
                        for j in 0..<size { out[row * size + j] = source[index * size + j] }
                    }
                }
            }
        case .text:
            throw TrainingError("text data needs the BERT model, which reads tokens")
        }
        var mixing: Mixing?
        if let augmentation, let rng {
            // Images are [N, C, H, W]; tabular rows are treated as 1×1×d images.
            let size = exampleShape.reduce(1, *)
            let shape = exampleShape.count == 3 ? [indices.count] + exampleShape : [indices.count, 1, 1, size]
            let augmented = augmentation.apply(to: gathered, shape: shape, rng: &rng.pointee)
            gathered = augmented.images
            mixing = augmented.mixing
        }
        return HostBatch(indices: indices, values: gathered, mixing: mixing)
    }

    /// The tensors of a host batch.
    func tensors(_ host: HostBatch) throws -> Batch {
        let input = try Tensor(host.values, shape: [host.indices.count] + exampleShape)
        return Batch(input: .dense(input), targets: try targets(host.indices), mixing: host.mixing, count: host.indices.count)
    }

    func targets(_ indices: [Int]) throws -> Tensor {
        switch data.dataset.targets {
        case .classes(let labels, _):
            return try Tensor(indices.map { Int64(labels[$0]) }, shape: [indices.count])
        case .values(let values):
            return try Tensor(indices.map { Float(values[$0]) }, shape: [indices.count])
        }
    }
}
