import Foundation

/// The geometric steps of torchvision's classification transforms on uint8 images, with the
/// same sizes and offsets: `Resize(size)` of the shorter side, `CenterCrop`, and the crop of
/// `RandomResizedCrop`, all resampled by ``ImageResize`` (Pillow's antialiased bilinear).
public enum ImageTransform {
    /// The size `Resize(shorter)` gives: the shorter side becomes `shorter` and the longer one
    /// `int(shorter * long / short)` (truncated, as torchvision computes it).
    public static func resizedSize(width: Int, height: Int, shorter: Int) -> (width: Int, height: Int) {
        if width <= height {
            return (shorter, Int(Double(shorter * height) / Double(width)))
        }
        return (Int(Double(shorter * width) / Double(height)), shorter)
    }

    /// `Resize(shorter)`: the image scaled so its shorter side is `shorter` pixels.
    public static func resizeShorterSide(_ image: DecodedImage, to shorter: Int) -> DecodedImage {
        let size = resizedSize(width: image.width, height: image.height, shorter: shorter)
        return ImageResize.resize(image, width: size.width, height: size.height)
    }

    /// The pixels of `box` resized to `size` × `size`: `CenterCrop` when the box is
    /// ``ImageBox/centred(size:inWidth:height:)`` and already `size` wide, `RandomResizedCrop`
    /// otherwise.
    public static func crop(_ image: DecodedImage, _ box: ImageBox, size: Int) -> DecodedImage {
        ImageResize.resize(image, box: (box.left, box.top, box.left + box.width, box.top + box.height), width: size, height: size)
    }

    /// The side of the stored image for evaluation at `imageSize` with `cropFraction`:
    /// `floor(imageSize / cropFraction)`, as timm computes its resize size (224 / 0.875 = 256).
    public static func resizeSide(imageSize: Int, cropFraction: Double) -> Int {
        max(imageSize, Int((Double(imageSize) / cropFraction + 1e-9).rounded(.down)))
    }
}
