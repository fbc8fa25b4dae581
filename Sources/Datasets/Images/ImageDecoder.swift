// TEMPORARY stub until the images-decoders branch is merged.
public enum ImageDecoder {
    public static let defaultPixelLimit = 89_478_485
    public static func decode(_ bytes: [UInt8], path: String, pixelLimit: Int = defaultPixelLimit) throws(DatasetError) -> DecodedImage {
        throw DatasetError(.unreadable, path: path, "no decoder yet")
    }
    public static func decode(file path: String, pixelLimit: Int = defaultPixelLimit) throws(DatasetError) -> DecodedImage {
        try decode(try TextFile.bytes(at: path, what: "image"), path: path, pixelLimit: pixelLimit)
    }
}
