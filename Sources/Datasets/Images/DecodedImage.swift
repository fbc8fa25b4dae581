/// Decoded pixels: row-major, interleaved (HWC), 8 bits per channel.
///
/// What `ImageDecoder` returns for a JPEG or PNG file: Pillow's
/// `ImageOps.exif_transpose(Image.open(f)).convert("RGB")`, or `.convert("L")` for gray sources.
public struct DecodedImage: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// 1 for gray sources (JPEG gray, PNG gray with or without alpha, any bit depth), 3 otherwise.
    public var channels: Int
    /// `width * height * channels` bytes: row 0 first, the channels of a pixel side by side.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && channels >= 1 && pixels.count == width * height * channels,
                     "DecodedImage: \(pixels.count) bytes for \(width) × \(height) × \(channels)")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }
}
