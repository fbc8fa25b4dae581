/// The working size of a set of photos: each is stored with its shorter side `resizeSide`
/// (torchvision's `Resize`) and the model reads `cropSize` × `cropSize` windows of it.
public struct ImageSizing: Sendable, Hashable {
    public var cropSize: Int
    public var resizeSide: Int

    public init(cropSize: Int, resizeSide: Int) {
        precondition(cropSize > 0 && resizeSide >= cropSize)
        self.cropSize = cropSize
        self.resizeSide = resizeSide
    }

    /// `model.image_size` and `crop_fraction` as timm reads them: resize to
    /// `floor(image_size / crop_fraction)`, then crop `image_size`.
    public init(imageSize: Int, cropFraction: Double) {
        self.init(cropSize: imageSize, resizeSide: ImageTransform.resizeSide(imageSize: imageSize, cropFraction: cropFraction))
    }

    /// The image as it is kept: resized so its shorter side is `resizeSide`.
    public func stored(_ image: DecodedImage) -> DecodedImage {
        ImageTransform.resizeShorterSide(image, to: resizeSide)
    }
}
