import Foundation

/// A window of an image in pixels: `left ..< left + width` by `top ..< top + height`.
public struct ImageBox: Sendable, Hashable {
    public var left: Int
    public var top: Int
    public var width: Int
    public var height: Int

    public init(left: Int, top: Int, width: Int, height: Int) {
        self.left = left
        self.top = top
        self.width = width
        self.height = height
    }

    /// The centred `size` × `size` window, offset as torchvision's `CenterCrop`
    /// (`int(round((H - size) / 2))`, Python rounding half to even).
    public static func centred(size: Int, inWidth width: Int, height: Int) -> ImageBox {
        func offset(_ extent: Int) -> Int { Int((Double(extent - size) / 2).rounded(.toNearestOrEven)) }
        return ImageBox(left: offset(width), top: offset(height), width: size, height: size)
    }

    /// torchvision's `RandomResizedCrop.get_params`: up to ten tries for a window of a random
    /// area fraction in `scale` and a log-uniform aspect ratio in `ratio` that fits; otherwise
    /// the whole image, cut to the nearest allowed ratio and centred.
    public static func randomResized(inWidth width: Int, height: Int, scale: ClosedRange<Double>, ratio: ClosedRange<Double>,
                                     rng: inout SeededGenerator) -> ImageBox {
        let area = Double(width * height)
        let logRatio = (low: log(ratio.lowerBound), high: log(ratio.upperBound))
        for _ in 0..<10 {
            let target = area * (scale.lowerBound + (scale.upperBound - scale.lowerBound) * rng.nextUniform())
            let aspect = exp(logRatio.low + (logRatio.high - logRatio.low) * rng.nextUniform())
            let w = Int((target * aspect).squareRoot().rounded(.toNearestOrEven))
            let h = Int((target / aspect).squareRoot().rounded(.toNearestOrEven))
            if w > 0, w <= width, h > 0, h <= height {
                let top = rng.nextInt(in: 0...(height - h))
                let left = rng.nextInt(in: 0...(width - w))
                return ImageBox(left: left, top: top, width: w, height: h)
            }
        }
        let inRatio = Double(width) / Double(height)
        var w = width, h = height
        if inRatio < ratio.lowerBound {
            h = Int((Double(w) / ratio.lowerBound).rounded(.toNearestOrEven))
        } else if inRatio > ratio.upperBound {
            w = Int((Double(h) * ratio.upperBound).rounded(.toNearestOrEven))
        }
        return ImageBox(left: (width - w) / 2, top: (height - h) / 2, width: w, height: h)
    }
}
