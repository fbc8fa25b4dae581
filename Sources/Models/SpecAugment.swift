import Torch

/// SpecAugment's masking (Park et al. 2019): zero `masks` runs of up to `width` consecutive
/// frames (time) or mel bands (frequency) of each training spectrogram.
///
/// Widths and positions are drawn from libtorch's generator, which every run seeds from its
/// own seed, so a run's masks are the same each time; evaluation never masks (the network
/// applies them only in training mode).
public struct SpecAugment: Sendable, Hashable {
    public struct Mask: Sendable, Hashable {
        public var width: Int
        public var count: Int
        /// Chance that an example gets this mask at all.
        public var p: Double
        public init(width: Int, count: Int, p: Double = 1) {
            self.width = width
            self.count = count
            self.p = p
        }
    }

    public var time: Mask?
    public var frequency: Mask?

    public init(time: Mask? = nil, frequency: Mask? = nil) {
        self.time = time
        self.frequency = frequency
    }

    public var isEmpty: Bool { time == nil && frequency == nil }

    /// `spectrograms` `[N, 1, bands, frames]` with the masked cells set to 0 (the mean of a
    /// normalised spectrogram).
    public func apply(to spectrograms: Tensor) throws -> Tensor {
        let shape = spectrograms.shape
        let (n, bands, frames) = (shape[0], shape[2], shape[3])
        var keep = [Float](repeating: 1, count: n * bands * frames)
        let draws = 3 * ((time?.count ?? 0) + (frequency?.count ?? 0))
        let uniform = try Tensor.rand([n, Swift.max(draws, 1)]).toFloatArray().map(Double.init)
        for example in 0..<n {
            var next = example * Swift.max(draws, 1)
            func draw() -> Double { defer { next += 1 }; return uniform[next] }
            for (mask, alongTime) in [(frequency, false), (time, true)] {
                guard let mask else { continue }
                let extent = alongTime ? frames : bands
                for _ in 0..<mask.count {
                    let fire = draw() < mask.p
                    let width = Swift.min(Int(draw() * Double(mask.width + 1)), extent)
                    let start = Int(draw() * Double(extent - width + 1))
                    guard fire, width > 0 else { continue }
                    for i in start..<Swift.min(start + width, extent) {
                        if alongTime {
                            for b in 0..<bands { keep[(example * bands + b) * frames + i] = 0 }
                        } else {
                            for t in 0..<frames { keep[(example * bands + i) * frames + t] = 0 }
                        }
                    }
                }
            }
        }
        return try spectrograms * Tensor(keep, shape: shape)
    }
}
