/// The EXIF orientation of a photo (tag 0x0112), named by the transposition that puts it
/// upright.
///
/// Values and transpositions are Pillow's `ImageOps.exif_transpose`: 2 mirrors left-right,
/// 3 turns 180°, 4 mirrors top-bottom, 5 transposes (mirror along the main diagonal), 6 turns 90°
/// clockwise (Pillow's ROTATE_270), 7 transverses (mirror along the other diagonal), 8 turns 90°
/// counter-clockwise (ROTATE_90). 5 to 8 swap width and height.
enum ImageOrientation: Int, Sendable, CaseIterable {
    case upright = 1, flipLeftRight = 2, rotate180 = 3, flipTopBottom = 4
    case transpose = 5, rotateClockwise = 6, transverse = 7, rotateCounterClockwise = 8

    /// The orientation for a tag value; any value other than 2...8 leaves the image as it is,
    /// as Pillow does (it looks the value up in a table of 2...8).
    init(tagValue: Int) {
        self = ImageOrientation(rawValue: tagValue) ?? .upright
    }

    /// `image` turned upright.
    func apply(to image: DecodedImage) -> DecodedImage {
        if self == .upright { return image }
        let w = image.width, h = image.height, c = image.channels
        // The source pixel of output (x, y) is (sx, sy) = (ax·x + bx·y + cx, ay·x + by·y + cy).
        let (ax, bx, cx, ay, by, cy): (Int, Int, Int, Int, Int, Int)
        switch self {
        case .upright: (ax, bx, cx, ay, by, cy) = (1, 0, 0, 0, 1, 0)
        case .flipLeftRight: (ax, bx, cx, ay, by, cy) = (-1, 0, w - 1, 0, 1, 0)
        case .rotate180: (ax, bx, cx, ay, by, cy) = (-1, 0, w - 1, 0, -1, h - 1)
        case .flipTopBottom: (ax, bx, cx, ay, by, cy) = (1, 0, 0, 0, -1, h - 1)
        case .transpose: (ax, bx, cx, ay, by, cy) = (0, 1, 0, 1, 0, 0)
        case .rotateClockwise: (ax, bx, cx, ay, by, cy) = (0, 1, 0, -1, 0, h - 1)
        case .transverse: (ax, bx, cx, ay, by, cy) = (0, -1, w - 1, -1, 0, h - 1)
        case .rotateCounterClockwise: (ax, bx, cx, ay, by, cy) = (0, -1, w - 1, 1, 0, 0)
        }
        let swaps = rawValue >= 5
        let outWidth = swaps ? h : w, outHeight = swaps ? w : h
        // In bytes of the source: one step right and one step down in the output.
        let stepX = (ax + ay * w) * c, stepY = (bx + by * w) * c
        let origin = (cx + cy * w) * c
        var pixels = [UInt8](repeating: 0, count: image.pixels.count)
        image.pixels.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { out in
                var o = 0
                for y in 0..<outHeight {
                    var s = origin + y * stepY
                    for _ in 0..<outWidth {
                        for channel in 0..<c { out[o + channel] = source[s + channel] }
                        o += c
                        s += stepX
                    }
                }
            }
        }
        return DecodedImage(width: outWidth, height: outHeight, channels: c, pixels: pixels)
    }
}
