import Foundation

/// torchvision's colour adjustments on float images in 0…1 (CHW), each a blend clamped to
/// 0…1 as `torchvision.transforms.v2.functional` computes it on float tensors.
enum ColorOps {
    /// ITU-R 601-2 luma, torchvision's `rgb_to_grayscale` weights.
    static let luma: [Float] = [0.2989, 0.587, 0.114]

    /// `adjust_brightness`: blend with black.
    static func brightness(_ x: UnsafeMutableBufferPointer<Float>, factor: Float) {
        for i in x.indices { x[i] = min(max(x[i] * factor, 0), 1) }
    }

    /// `adjust_contrast`: blend with the mean of the gray image.
    static func contrast(_ x: UnsafeMutableBufferPointer<Float>, channels: Int, plane: Int, factor: Float) {
        var total: Float = 0
        if channels == 3 {
            for i in 0..<plane { total += luma[0] * x[i] + luma[1] * x[plane + i] + luma[2] * x[2 * plane + i] }
        } else {
            for i in 0..<plane { total += x[i] }
        }
        let mean = total / Float(plane)
        for i in x.indices { x[i] = min(max(factor * x[i] + (1 - factor) * mean, 0), 1) }
    }

    /// `adjust_saturation`: blend with the gray image; gray images are unchanged.
    static func saturation(_ x: UnsafeMutableBufferPointer<Float>, channels: Int, plane: Int, factor: Float) {
        guard channels == 3 else { return }
        for i in 0..<plane {
            let gray = luma[0] * x[i] + luma[1] * x[plane + i] + luma[2] * x[2 * plane + i]
            for c in 0..<3 { x[c * plane + i] = min(max(factor * x[c * plane + i] + (1 - factor) * gray, 0), 1) }
        }
    }

    /// `ColorJitter`: draws the three factors, then applies them in a random order (as
    /// torchvision draws a permutation of its adjustments).
    static func jitter(_ x: UnsafeMutableBufferPointer<Float>, channels: Int, plane: Int, _ jitter: ImagePreprocessing.ColorJitter,
                       rng: inout SeededGenerator) {
        func factor(_ amount: Double) -> Float? {
            guard amount > 0 else { return nil }
            let low = max(0, 1 - amount), high = 1 + amount
            return Float(low + (high - low) * rng.nextUniform())
        }
        var order = [0, 1, 2]
        rng.shuffle(&order)
        let b = factor(jitter.brightness), c = factor(jitter.contrast), s = factor(jitter.saturation)
        for step in order {
            switch step {
            case 0: if let b { brightness(x, factor: b) }
            case 1: if let c { contrast(x, channels: channels, plane: plane, factor: c) }
            default: if let s { saturation(x, channels: channels, plane: plane, factor: s) }
            }
        }
    }

    /// `RandomErasing`: up to ten tries for a rectangle of a random area fraction and
    /// log-uniform aspect ratio strictly inside the image, filled with `value`.
    static func erase(_ x: UnsafeMutableBufferPointer<Float>, channels: Int, size: Int, _ erasing: ImagePreprocessing.RandomErasing,
                      rng: inout SeededGenerator) {
        let area = Double(size * size)
        let logRatio = (low: log(erasing.ratio.lowerBound), high: log(erasing.ratio.upperBound))
        for _ in 0..<10 {
            let target = area * (erasing.scale.lowerBound + (erasing.scale.upperBound - erasing.scale.lowerBound) * rng.nextUniform())
            let aspect = exp(logRatio.low + (logRatio.high - logRatio.low) * rng.nextUniform())
            let h = Int((target * aspect).squareRoot().rounded(.toNearestOrEven))
            let w = Int((target / aspect).squareRoot().rounded(.toNearestOrEven))
            guard h < size, w < size else { continue }
            let top = rng.nextInt(in: 0...(size - h)), left = rng.nextInt(in: 0...(size - w))
            let value = Float(erasing.value)
            for c in 0..<channels {
                for y in top..<(top + h) {
                    for xx in left..<(left + w) { x[c * size * size + y * size + xx] = value }
                }
            }
            return
        }
    }
}
