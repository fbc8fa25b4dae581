/// Resizing with Pillow's bilinear filter and antialiasing, in Pillow's 8-bit fixed point, so a
/// resized image equals `Image.resize(size, BILINEAR)`, which is also what torchvision's
/// `Resize` and `RandomResizedCrop` call on a PIL image.
///
/// Two separable passes, horizontal first. Each output pixel is a weighted sum of the input
/// pixels under a triangle filter widened by the downscaling factor (that widening is the
/// antialiasing); the weights are normalised, then rounded to 22-bit fixed point, and each sum
/// is rounded and clamped to 0…255, as Pillow's `Resample.c` does.
public enum ImageResize {
    /// Pillow's fixed-point precision for 8-bit images: 32 - 8 - 2 bits.
    static let precisionBits = 22

    /// The filter weights of one axis: for output position i, `count[i]` weights starting at
    /// input position `first[i]`, stored at `weights[i * stride ..< i * stride + count[i]]`.
    struct Coefficients {
        var first: [Int]
        var count: [Int]
        var stride: Int
        var weights: [Int32]

        /// Weights of an axis of `inSize` pixels, of which the window `start ..< end` is resampled
        /// onto `outSize` pixels.
        init(inSize: Int, start: Double, end: Double, outSize: Int) {
            let scale = (end - start) / Double(outSize)
            let filterScale = max(scale, 1)
            let support = 1.0 * filterScale  // the bilinear filter's support is 1
            stride = Int(support.rounded(.up)) * 2 + 1
            first = [Int](repeating: 0, count: outSize)
            count = [Int](repeating: 0, count: outSize)
            weights = [Int32](repeating: 0, count: outSize * stride)
            var row = [Double](repeating: 0, count: stride)
            let unit = Double(1 << ImageResize.precisionBits)
            for i in 0..<outSize {
                let center = start + (Double(i) + 0.5) * scale
                // Pillow truncates toward zero after adding 0.5.
                let low = max(Int(center - support + 0.5), 0)
                let high = min(Int(center + support + 0.5), inSize)
                let n = max(high - low, 0)
                var total = 0.0
                for x in 0..<n {
                    let distance = abs((Double(x + low) - center + 0.5) / filterScale)
                    let w = distance < 1 ? 1 - distance : 0
                    row[x] = w
                    total += w
                }
                for x in 0..<n {
                    let w = total != 0 ? row[x] / total : row[x]
                    weights[i * stride + x] = Int32(w < 0 ? -0.5 + w * unit : 0.5 + w * unit)
                }
                first[i] = low
                count[i] = n
            }
        }
    }

    /// `image` resized to `width` × `height`; the identity when the size is unchanged.
    public static func resize(_ image: DecodedImage, width: Int, height: Int) -> DecodedImage {
        resize(image, box: (0, 0, image.width, image.height), width: width, height: height)
    }

    /// The window `box` (left, top, right, bottom) of `image` resized to `width` × `height`, as
    /// `image.crop(box).resize(size)` does when the box lies inside the image.
    public static func resize(_ image: DecodedImage, box: (left: Int, top: Int, right: Int, bottom: Int),
                              width: Int, height: Int) -> DecodedImage {
        precondition(width > 0 && height > 0 && box.right > box.left && box.bottom > box.top)
        precondition(box.left >= 0 && box.top >= 0 && box.right <= image.width && box.bottom <= image.height)
        // Cropping first keeps the arithmetic Pillow's: it resizes the cropped image.
        var source = box == (0, 0, image.width, image.height) ? image : crop(image, box: box)
        if source.width == width && source.height == height { return source }
        let channels = source.channels
        if source.width != width {
            let horizontal = Coefficients(inSize: source.width, start: 0, end: Double(source.width), outSize: width)
            var out = [UInt8](repeating: 0, count: width * source.height * channels)
            let inRow = source.width * channels, outRow = width * channels
            source.pixels.withUnsafeBufferPointer { input in
                out.withUnsafeMutableBufferPointer { output in
                    horizontal.weights.withUnsafeBufferPointer { weights in
                        for y in 0..<source.height {
                            for x in 0..<width {
                                let k = x * horizontal.stride, low = horizontal.first[x]
                                for c in 0..<channels {
                                    var sum: Int64 = 1 << (precisionBits - 1)
                                    var position = y * inRow + low * channels + c
                                    for j in 0..<horizontal.count[x] {
                                        sum += Int64(input[position]) * Int64(weights[k + j])
                                        position += channels
                                    }
                                    output[y * outRow + x * channels + c] = clip(sum)
                                }
                            }
                        }
                    }
                }
            }
            source = DecodedImage(width: width, height: source.height, channels: channels, pixels: out)
        }
        if source.height != height {
            let vertical = Coefficients(inSize: source.height, start: 0, end: Double(source.height), outSize: height)
            let row = source.width * channels
            var out = [UInt8](repeating: 0, count: row * height)
            source.pixels.withUnsafeBufferPointer { input in
                out.withUnsafeMutableBufferPointer { output in
                    vertical.weights.withUnsafeBufferPointer { weights in
                        var sums = [Int64](repeating: 0, count: row)
                        for y in 0..<height {
                            let k = y * vertical.stride, low = vertical.first[y]
                            for i in 0..<row { sums[i] = 1 << (precisionBits - 1) }
                            for j in 0..<vertical.count[y] {
                                let w = Int64(weights[k + j])
                                let base = (low + j) * row
                                for i in 0..<row { sums[i] += Int64(input[base + i]) * w }
                            }
                            for i in 0..<row { output[y * row + i] = clip(sums[i]) }
                        }
                    }
                }
            }
            source = DecodedImage(width: source.width, height: height, channels: channels, pixels: out)
        }
        return source
    }

    /// The pixels of `box` (left, top, right, bottom), which must lie inside the image.
    public static func crop(_ image: DecodedImage, box: (left: Int, top: Int, right: Int, bottom: Int)) -> DecodedImage {
        let width = box.right - box.left, height = box.bottom - box.top, c = image.channels
        var out = [UInt8]()
        out.reserveCapacity(width * height * c)
        for y in box.top..<box.bottom {
            let start = (y * image.width + box.left) * c
            out.append(contentsOf: image.pixels[start..<(start + width * c)])
        }
        return DecodedImage(width: width, height: height, channels: c, pixels: out)
    }

    @inline(__always)
    private static func clip(_ sum: Int64) -> UInt8 {
        let value = sum >> Int64(precisionBits)
        return value < 0 ? 0 : value > 255 ? 255 : UInt8(value)
    }
}
