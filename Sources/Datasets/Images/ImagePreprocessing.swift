import Foundation

/// What turns stored photos into the float batches a model reads, in torchvision's order:
/// crop (centred, or `RandomResizedCrop` in training) → flip is left to the float
/// augmentations → `ColorJitter` on 0…1 values → `Normalize` with the model's mean and std →
/// `RandomErasing`.
///
/// Training draws come from the caller's generator in a fixed order, so a seed gives the same
/// batches on every machine; evaluation draws nothing.
public struct ImagePreprocessing: Sendable, Hashable {
    /// `RandomResizedCrop(scale, ratio)`, applied with probability `p` (otherwise the centre crop).
    public struct RandomResizedCrop: Sendable, Hashable {
        public var scale: ClosedRange<Double>
        public var ratio: ClosedRange<Double>
        public var p: Double
        public init(scale: ClosedRange<Double> = 0.08...1, ratio: ClosedRange<Double> = 0.75...(4.0 / 3), p: Double = 1) {
            self.scale = scale
            self.ratio = ratio
            self.p = p
        }
    }

    /// `ColorJitter(brightness, contrast, saturation)`: each factor drawn from
    /// [max(0, 1 - x), 1 + x], the three applied in a random order, with probability `p`.
    public struct ColorJitter: Sendable, Hashable {
        public var brightness: Double
        public var contrast: Double
        public var saturation: Double
        public var p: Double
        public init(brightness: Double = 0.4, contrast: Double = 0.4, saturation: Double = 0.4, p: Double = 1) {
            self.brightness = brightness
            self.contrast = contrast
            self.saturation = saturation
            self.p = p
        }
    }

    /// `RandomErasing(p, scale, ratio, value)` on the normalised image.
    public struct RandomErasing: Sendable, Hashable {
        public var scale: ClosedRange<Double>
        public var ratio: ClosedRange<Double>
        public var value: Double
        public var p: Double
        public init(scale: ClosedRange<Double> = 0.02...0.33, ratio: ClosedRange<Double> = 0.3...3.3, value: Double = 0, p: Double = 0.5) {
            self.scale = scale
            self.ratio = ratio
            self.value = value
            self.p = p
        }
    }

    /// Channels the model reads: 3 expands gray images; equal to the set's otherwise.
    public var channels: Int
    public var mean: [Double]
    public var std: [Double]
    public var randomResizedCrop: RandomResizedCrop?
    public var colorJitter: ColorJitter?
    public var randomErasing: RandomErasing?

    public init(channels: Int, mean: [Double], std: [Double], randomResizedCrop: RandomResizedCrop? = nil,
                colorJitter: ColorJitter? = nil, randomErasing: RandomErasing? = nil) {
        precondition(mean.count == channels && std.count == channels)
        self.channels = channels
        self.mean = mean
        self.std = std
        self.randomResizedCrop = randomResizedCrop
        self.colorJitter = colorJitter
        self.randomErasing = randomErasing
    }

    /// ImageNet's mean and std, which torchvision's and timm's weights expect.
    public static let imagenetMean = ImageNetStatistics.mean
    public static let imagenetStd = ImageNetStatistics.std

    /// The float batch [N, channels, size, size] of `indices`; augmented when `rng` is given.
    public func batch(_ set: ImageSet, _ indices: [Int], rng: UnsafeMutablePointer<SeededGenerator>?) -> [Float] {
        let size = set.cropSize, plane = size * size
        var out = [Float](repeating: 0, count: indices.count * channels * plane)
        out.withUnsafeMutableBufferPointer { buffer in
            for (row, index) in indices.enumerated() {
                let example = UnsafeMutableBufferPointer(rebasing: buffer[(row * channels * plane)..<((row + 1) * channels * plane)])
                write(set.images[index], size: size, into: example, rng: rng)
            }
        }
        return out
    }

    /// One example: crop, to 0…1 floats in CHW order, jitter, normalise, erase.
    func write(_ image: DecodedImage, size: Int, into out: UnsafeMutableBufferPointer<Float>, rng: UnsafeMutablePointer<SeededGenerator>?) {
        var box = ImageBox.centred(size: size, inWidth: image.width, height: image.height)
        if let crop = randomResizedCrop, let rng, rng.pointee.nextBool(probability: crop.p) {
            box = .randomResized(inWidth: image.width, height: image.height, scale: crop.scale, ratio: crop.ratio, rng: &rng.pointee)
        }
        let cropped = ImageTransform.crop(image, box, size: size)
        let plane = size * size, sourceChannels = cropped.channels
        for c in 0..<channels {
            let from = min(c, sourceChannels - 1)
            for i in 0..<plane { out[c * plane + i] = Float(cropped.pixels[i * sourceChannels + from]) / 255 }
        }
        if let jitter = colorJitter, let rng, rng.pointee.nextBool(probability: jitter.p) {
            ColorOps.jitter(out, channels: channels, plane: plane, jitter, rng: &rng.pointee)
        }
        for c in 0..<channels {
            let m = Float(mean[c]), s = Float(std[c])
            for i in 0..<plane { out[c * plane + i] = (out[c * plane + i] - m) / s }
        }
        if let erasing = randomErasing, let rng, rng.pointee.nextBool(probability: erasing.p) {
            ColorOps.erase(out, channels: channels, size: size, erasing, rng: &rng.pointee)
        }
    }
}
