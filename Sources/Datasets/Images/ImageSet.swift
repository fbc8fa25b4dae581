/// Photos kept as uint8 at their working size, one allocation each, so a subset shares them
/// and 10,000 photos at 224 px take about 1.5 GB rather than 6 GB of floats.
///
/// Every image has `channels` channels (gray photos of a colour set are expanded to RGB when
/// read, as torchvision's ImageFolder loader converts to RGB) and a shorter side of at least
/// `cropSize`: the model reads `cropSize` × `cropSize` windows of them (see ``ImagePreprocessing``).
public struct ImageSet: Sendable, Equatable {
    public var images: [DecodedImage]
    public var channels: Int
    /// The side of the square window the model reads.
    public var cropSize: Int

    public init(images: [DecodedImage], channels: Int, cropSize: Int) {
        precondition(images.allSatisfy { $0.channels == channels && min($0.width, $0.height) >= cropSize })
        self.images = images
        self.channels = channels
        self.cropSize = cropSize
    }

    public var count: Int { images.count }

    /// The per-example shape the model reads: [channels, cropSize, cropSize].
    public var exampleShape: [Int] { [channels, cropSize, cropSize] }

    /// The images at `indices`, sharing their pixels.
    public func subset(_ indices: [Int]) -> ImageSet {
        ImageSet(images: indices.map { images[$0] }, channels: channels, cropSize: cropSize)
    }

    /// Bytes of pixels held (shared images counted once per reference).
    public var pixelBytes: Int { images.reduce(0) { $0 + $1.pixels.count } }
}

extension DecodedImage {
    /// The same pixels with three channels: gray values repeated, as Pillow's `convert("RGB")`.
    public func expandedToRGB() -> DecodedImage {
        guard channels == 1 else { return self }
        var out = [UInt8](repeating: 0, count: pixels.count * 3)
        for (i, v) in pixels.enumerated() {
            out[3 * i] = v
            out[3 * i + 1] = v
            out[3 * i + 2] = v
        }
        return DecodedImage(width: width, height: height, channels: 3, pixels: out)
    }
}

extension DecodedImage {
    /// The same pixels as one gray channel, with Pillow's `convert("L")` weights and rounding
    /// (ITU-R 601-2 luma in 16-bit fixed point).
    public func grayscale() -> DecodedImage {
        guard channels == 3 else { return self }
        var out = [UInt8](repeating: 0, count: width * height)
        for i in 0..<out.count {
            let r = UInt32(pixels[3 * i]), g = UInt32(pixels[3 * i + 1]), b = UInt32(pixels[3 * i + 2])
            out[i] = UInt8((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16)
        }
        return DecodedImage(width: width, height: height, channels: 1, pixels: out)
    }

    /// The pixels with `count` channels: gray repeated to RGB, or colour reduced to luma.
    public func withChannels(_ count: Int) -> DecodedImage {
        count == channels ? self : count == 3 ? expandedToRGB() : grayscale()
    }
}
