import Foundation

/// One image augmentation for training batches of shape [N, C, H, W], each applied to an
/// example (or, for mixup, the batch) with probability `p`.
///
/// Operations work on plain `[Float]` so they run before any tensor exists and can be
/// tested exactly; the images here are tiny (8×8), so pure Swift is fast enough. Only
/// training batches should be augmented; the caller decides.
public enum Augmentation: Sendable, Hashable {
    /// Translate by a random whole number of pixels in -pixels...pixels on each axis,
    /// filling with zeros.
    case shift(pixels: Int, p: Double = 1)
    /// Pad every side by `padding` zeros, then crop a random H×W window.
    case crop(padding: Int, p: Double = 1)
    /// Rotate about the centre by a random angle in -degrees...degrees (bilinear, zero fill).
    case rotation(degrees: Double, p: Double = 1)
    /// Mirror left-right. Opt-in only: it changes the meaning of digits and text images.
    case horizontalFlip(p: Double = 0.5)
    /// Add Gaussian noise with this standard deviation to every value (no clamping).
    case noise(std: Double, p: Double = 1)
    /// Zero a random size×size square (inside the image) in every channel.
    case cutout(size: Int, p: Double = 1)
    /// Blend the batch with a shuffled copy of itself: x' = λ·x + (1-λ)·x[perm],
    /// λ ~ Beta(alpha, alpha) once per batch. The loss must mix targets the same way,
    /// so the result reports (perm, λ).
    case mixup(alpha: Double, p: Double = 1)
    /// Audio: shift a waveform (an example of shape [1, 1, T]) by a random whole number of
    /// samples in -samples...samples, filling with zeros.
    case timeShift(samples: Int, p: Double = 1)
    /// Audio: add white noise whose power is the example's own power over 10^(snrDB/10); a
    /// silent example stays silent. The noise is uniform, not Gaussian: white either way, and a
    /// uniform draw costs a tenth of a normal one, which matters at 16,000 values a clip.
    case backgroundNoise(snrDB: Double, p: Double = 1)

    /// The probability of applying the operation.
    public var probability: Double {
        switch self {
        case .shift(_, let p), .crop(_, let p), .rotation(_, let p), .horizontalFlip(let p),
             .noise(_, let p), .cutout(_, let p), .mixup(_, let p), .timeShift(_, let p), .backgroundNoise(_, let p): p
        }
    }

    /// Checks parameter ranges, so a bad configuration fails before training starts.
    public func validate() throws(DatasetError) {
        let p = probability
        guard p.isFinite, (0...1).contains(p) else {
            throw DatasetError(.invalidArgument, "augmentation probability p must be in 0...1, got \(p)")
        }
        switch self {
        case .shift(let pixels, _) where pixels < 0:
            throw DatasetError(.invalidArgument, "shift pixels must be >= 0, got \(pixels)")
        case .crop(let padding, _) where padding < 0:
            throw DatasetError(.invalidArgument, "crop padding must be >= 0, got \(padding)")
        case .rotation(let degrees, _) where !(degrees.isFinite && degrees >= 0 && degrees <= 180):
            throw DatasetError(.invalidArgument, "rotation degrees must be in 0...180, got \(degrees)")
        case .noise(let std, _) where !(std.isFinite && std >= 0):
            throw DatasetError(.invalidArgument, "noise std must be >= 0, got \(std)")
        case .cutout(let size, _) where size < 1:
            throw DatasetError(.invalidArgument, "cutout size must be >= 1, got \(size)")
        case .mixup(let alpha, _) where !(alpha.isFinite && alpha > 0):
            throw DatasetError(.invalidArgument, "mixup alpha must be > 0, got \(alpha)")
        case .timeShift(let samples, _) where samples < 0:
            throw DatasetError(.invalidArgument, "time shift samples must be >= 0, got \(samples)")
        case .backgroundNoise(let snr, _) where !snr.isFinite:
            throw DatasetError(.invalidArgument, "background noise SNR must be a finite number of dB, got \(snr)")
        default:
            break
        }
    }

    /// Augments a batch. Draws come from `rng` in a fixed order, so the same generator
    /// state gives the same output.
    /// - Parameters:
    ///   - images: N·C·H·W values, example-major.
    ///   - shape: [N, C, H, W].
    public func apply(to images: [Float], shape: [Int], rng: inout SeededGenerator) -> AugmentedBatch {
        let geometry = ImageGeometry(shape: shape, valueCount: images.count)
        if case .mixup(let alpha, let p) = self {
            return Mixup.apply(images, geometry: geometry, alpha: alpha, p: p, rng: &rng)
        }
        var output = images
        for example in 0..<geometry.count where rng.nextBool(probability: probability) {
            let range = geometry.range(of: example)
            let image = Array(output[range])
            output.replaceSubrange(range, with: transform(image, geometry: geometry, rng: &rng))
        }
        return AugmentedBatch(images: output, mixing: nil)
    }

    private func transform(_ image: [Float], geometry g: ImageGeometry, rng: inout SeededGenerator) -> [Float] {
        switch self {
        case .shift(let pixels, _):
            let dx = rng.nextInt(in: -pixels...pixels)
            let dy = rng.nextInt(in: -pixels...pixels)
            return ImageOps.translate(image, geometry: g, dx: dx, dy: dy)
        case .crop(let padding, _):
            // Window origin in the padded image, 0...2·padding; equals a shift by padding - origin.
            let originX = rng.nextInt(in: 0...(2 * padding))
            let originY = rng.nextInt(in: 0...(2 * padding))
            return ImageOps.translate(image, geometry: g, dx: padding - originX, dy: padding - originY)
        case .rotation(let degrees, _):
            let angle = (rng.nextUniform() * 2 - 1) * degrees
            return ImageOps.rotate(image, geometry: g, degrees: angle)
        case .horizontalFlip:
            return ImageOps.flipHorizontally(image, geometry: g)
        case .noise(let std, _):
            return image.map { $0 + Float(rng.nextNormal(standardDeviation: std)) }
        case .cutout(let size, _):
            let side = min(size, g.height, g.width)
            let top = rng.nextInt(in: 0...(g.height - side))
            let left = rng.nextInt(in: 0...(g.width - side))
            return ImageOps.zeroSquare(image, geometry: g, top: top, left: left, side: side)
        case .timeShift(let samples, _):
            return ImageOps.translate(image, geometry: g, dx: rng.nextInt(in: -samples...samples), dy: 0)
        case .backgroundNoise(let snr, _):
            let power = image.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(image.count, 1))
            guard power > 0 else { return image }
            // U(-a, a) has variance a²/3.
            let a = Float((3 * power / Foundation.pow(10, snr / 10)).squareRoot())
            return image.map { $0 + a * Float(rng.nextUniform() * 2 - 1) }
        case .mixup:
            preconditionFailure("mixup is a batch operation")
        }
    }
}

/// How a mixup blended a batch: example i became λ·x[i] + (1-λ)·x[permutation[i]], so
/// the loss is λ·loss(y[i]) + (1-λ)·loss(y[permutation[i]]).
public struct Mixing: Sendable, Hashable {
    public var permutation: [Int]
    public var lambda: Float
}

/// Augmented images, plus the mixing when a mixup was applied.
public struct AugmentedBatch: Sendable, Hashable {
    public var images: [Float]
    public var mixing: Mixing?
}
