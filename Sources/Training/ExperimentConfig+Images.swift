import Datasets
import Experiment
import Results

extension ExperimentConfig {
    /// The working size of the run's photos: `model.image_size` with its crop fraction; nil
    /// reads them at their own size (fashion-mnist's 28 px), and for data that is not photos.
    public var imageSizing: ImageSizing? { imageSizing(for: data) }

    /// The working size of `data`'s photos under this run's model (the forgetting probe reads
    /// its source task's photos at the run's size).
    func imageSizing(for data: DataConfig) -> ImageSizing? {
        guard data.holdsPhotos, let size = model.imageSize else { return nil }
        return ImageSizing(imageSize: size, cropFraction: model.cropFraction ?? 1)
    }

    /// How the run turns photos into model inputs: the network's channels, mean and std, and
    /// the photo augmentations of `augmentation`. Nil for data that is not photos.
    ///
    /// The one place that decides them: an ImageNet backbone reads 3 channels (gray photos
    /// expanded, as Pillow's `convert("RGB")`) with the statistics its weights were trained
    /// with (``ModelConfig/Architecture/imageInput``); a network sized to the data reads the
    /// data's channels with ImageNet's statistics (their mean for one channel).
    func imagePreprocessing(channels dataChannels: Int) -> ImagePreprocessing? {
        guard data.holdsPhotos else { return nil }
        let backbone = model.architecture.imageInput
        let channels = backbone?.channels ?? dataChannels
        func range(_ values: [Double]?, _ fallback: ClosedRange<Double>) -> ClosedRange<Double> {
            guard let values, values.count == 2, values[0] <= values[1] else { return fallback }
            return values[0]...values[1]
        }
        var steps = ImagePreprocessing(channels: channels, mean: backbone?.mean ?? Self.imageMean(channels: channels),
                                       std: backbone?.std ?? Self.imageStd(channels: channels))
        for step in augmentation {
            switch step.kind {
            case .randomResizedCrop:
                steps.randomResizedCrop = .init(scale: range(step.scale, 0.08...1), ratio: range(step.ratio, 0.75...(4.0 / 3)), p: step.p)
            case .colorJitter:
                steps.colorJitter = .init(brightness: step.brightness ?? 0.4, contrast: step.contrast ?? 0.4,
                                          saturation: step.saturation ?? 0.4, p: step.p)
            case .randomErasing:
                steps.randomErasing = .init(scale: range(step.scale, 0.02...0.33), ratio: range(step.ratio, 0.3...3.3),
                                            value: step.value ?? 0, p: step.p)
            default: break
            }
        }
        return steps
    }

    /// ImageNet's statistics, which torchvision's and timm's weights expect; for one channel
    /// their mean, as timm adapts ImageNet weights to gray input.
    static func imageMean(channels: Int) -> [Double] {
        channels == 3 ? ImagePreprocessing.imagenetMean : [ImagePreprocessing.imagenetMean.reduce(0, +) / 3]
    }

    static func imageStd(channels: Int) -> [Double] {
        channels == 3 ? ImagePreprocessing.imagenetStd : [ImagePreprocessing.imagenetStd.reduce(0, +) / 3]
    }
}

extension Dataset {
    /// The channels of a photo dataset; nil for other data.
    var imageChannels: Int? {
        if case .images(let set) = features { return set.channels }
        return nil
    }
}

extension ImageInput {
    /// The record of how `set`'s photos became inputs: stored at `sizing` (their own size when
    /// nil), then `photos`' centre crop and statistics.
    init?(_ photos: ImagePreprocessing, sizing: ImageSizing?, cropFraction: Double, set dataset: Dataset) {
        guard case .images(let set) = dataset.features else { return nil }
        let resize = sizing?.resizeSide ?? set.cropSize
        self.init(imageSize: set.cropSize, cropFraction: cropFraction, resize: resize,
                  channels: photos.channels, mean: photos.mean, std: photos.std)
    }
}
