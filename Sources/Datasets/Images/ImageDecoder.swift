/// Strict JPEG and PNG decoding whose pixels equal Pillow 13's for the same file.
///
/// The reference is what PyTorch pipelines do with a photo:
/// `ImageOps.exif_transpose(Image.open(f)).convert("RGB")`, or `.convert("L")` for gray sources
/// (returned with `channels == 1`). The decoders are Debian's libjpeg-turbo and libpng, set up as
/// Pillow sets up its own copies (`CImageCodecs`); the parity test decodes every committed fixture
/// to exactly Pillow's bytes. EXIF orientation (and Pillow's XMP fallback) is read by small
/// bounded readers (`JPEGMetadata`, `PNGMetadata`, `ExifReader`) and applied as
/// `exif_transpose` applies it.
///
/// Where finetune deliberately differs from Pillow:
/// - **16-bit gray PNG** keeps the high byte of each sample. Pillow opens it as "I;16" and its
///   convert("L") clips: every value from 256 up becomes 255, so a 16-bit gray photo comes out
///   nearly white. The high byte is what Pillow itself does for 16-bit RGB, RGBA and gray+alpha
///   PNGs. (On the 25 × 17 16-bit gray fixture all 425 pixels differ from Pillow's, by up to
///   250 levels: Pillow's are all 255.)
/// - **Damage Pillow lets through is refused**: corrupt JPEG entropy data (Pillow returns grey or
///   smeared blocks), a CRC error in any PNG chunk (Pillow checks only those before the image
///   data), a PNG cut after its image data (no IEND).
/// - **Malformed EXIF is ignored** (the image is kept unrotated). Pillow does the same for most
///   JPEGs, but raises from exif_transpose for a PNG, or a JPEG with a JFIF resolution, whose
///   EXIF is not a TIFF structure.
/// - **Not read**: lossless JPEG (SOF3: Debian's libjpeg-turbo 2.1 has no lossless mode, the
///   3.x Pillow bundles has one), and PNGs with an unknown critical chunk (Pillow skips it,
///   libpng refuses it).
///
/// Never crashes, exits or hangs on a damaged file: every problem is a `DatasetError` naming the
/// file, and an image over `pixelLimit` pixels is refused from its header, before its pixels
/// are allocated.
public enum ImageDecoder {
    /// Pillow's decompression-bomb error threshold is 2x this; its warning threshold is this.
    public static let defaultPixelLimit = 89_478_485

    /// Decodes the bytes of a JPEG or PNG file.
    ///
    /// - Parameters:
    ///   - bytes: the whole file. Its format is detected by magic bytes, not the file extension.
    ///   - path: names the file in errors.
    ///   - pixelLimit: the largest `width * height` accepted (the experiment's
    ///     `data.max_pixels`); larger images are refused before their pixels are allocated.
    ///     It is a memory budget: an accepted image takes up to 3 bytes a pixel, and libjpeg
    ///     up to about as much again for a progressive JPEG's coefficients.
    /// - Throws: `DatasetError` with `path`: `.damaged` (truncated, corrupt, empty),
    ///   `.unsupportedFormat` (not JPEG or PNG, or a variant such as 12-bit JPEG), `.tooLarge`
    ///   (over `pixelLimit`, or the decoder ran out of memory).
    public static func decode(_ bytes: [UInt8], path: String, pixelLimit: Int = defaultPixelLimit) throws(DatasetError) -> DecodedImage {
        let format = try ImageFormat.detect(bytes, path: path)
        let codec = ImageCodec(format)
        let header = try codec.readHeader(bytes, path: path)
        let pixels = header.width * header.height  // at most (2^31 - 1)^2: no overflow
        // Times channels it can overflow, for a limit near Int.max.
        guard pixels <= pixelLimit, !pixels.multipliedReportingOverflow(by: header.channels).overflow else {
            throw DatasetError(.tooLarge, path: path,
                               "\(header.width) × \(header.height) pixels (\(grouped(pixels))) is over the limit of \(grouped(pixelLimit)) pixels (data.max_pixels)")
        }
        let image = try codec.decode(bytes, header: header, path: path)
        let metadata = format == .jpeg ? JPEGMetadata.read(bytes) : PNGMetadata.read(bytes)
        return metadata.orientation.apply(to: image)
    }

    /// Reads and decodes the JPEG or PNG file at `path`.
    ///
    /// - Throws: `DatasetError(.unreadable)` when the file cannot be read, else as
    ///   `decode(_:path:pixelLimit:)`.
    public static func decode(file path: String, pixelLimit: Int = defaultPixelLimit) throws(DatasetError) -> DecodedImage {
        try decode(TextFile.bytes(at: path, what: "image"), path: path, pixelLimit: pixelLimit)
    }

    /// 89478485 → "89,478,485".
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }
}
