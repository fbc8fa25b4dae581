import Foundation
import Testing
@testable import Datasets

/// The geometry and batching of photos: torchvision's offsets and draws, the stored size, and
/// a seeded pipeline that gives the same batch twice.
struct ImagePipelineTests {
    struct CentreCase: Sendable, CustomTestStringConvertible {
        var width: Int, height: Int, size: Int, left: Int, top: Int
        var testDescription: String { "\(width)×\(height) → \(size)" }
    }

    /// Offsets as torchvision computes them: int(round((extent - size) / 2)), half to even.
    @Test(arguments: [
        CentreCase(width: 32, height: 32, size: 32, left: 0, top: 0),
        CentreCase(width: 33, height: 32, size: 32, left: 0, top: 0),   // round(0.5) = 0
        CentreCase(width: 35, height: 32, size: 32, left: 2, top: 0),   // round(1.5) = 2
        CentreCase(width: 37, height: 40, size: 32, left: 2, top: 4),   // round(2.5) = 2
        CentreCase(width: 256, height: 341, size: 224, left: 16, top: 58),  // round(58.5) = 58
    ])
    func centreCropOffsets(_ c: CentreCase) {
        let box = ImageBox.centred(size: c.size, inWidth: c.width, height: c.height)
        #expect(box == ImageBox(left: c.left, top: c.top, width: c.size, height: c.size))
    }

    struct ResizeCase: Sendable, CustomTestStringConvertible {
        var width: Int, height: Int, shorter: Int, expected: (Int, Int)
        var testDescription: String { "\(width)×\(height) shorter → \(shorter)" }
    }

    /// torchvision's Resize(int): the longer side is int(shorter * long / short).
    @Test(arguments: [
        ResizeCase(width: 640, height: 480, shorter: 256, expected: (341, 256)),
        ResizeCase(width: 480, height: 640, shorter: 256, expected: (256, 341)),
        ResizeCase(width: 28, height: 28, shorter: 32, expected: (32, 32)),
        ResizeCase(width: 500, height: 375, shorter: 224, expected: (298, 224)),
    ])
    func resizedSizes(_ c: ResizeCase) {
        let size = ImageTransform.resizedSize(width: c.width, height: c.height, shorter: c.shorter)
        #expect(size.width == c.expected.0 && size.height == c.expected.1)
    }

    @Test func resizeSideFollowsTimmsCropFraction() {
        #expect(ImageTransform.resizeSide(imageSize: 224, cropFraction: 0.875) == 256)
        #expect(ImageTransform.resizeSide(imageSize: 224, cropFraction: 1) == 224)
        #expect(ImageTransform.resizeSide(imageSize: 32, cropFraction: 0.9) == 35)
    }

    @Test func randomResizedCropsStayInsideAndRepeatWithTheSeed() {
        var a = SeededGenerator(seed: 7), b = SeededGenerator(seed: 7)
        var areas: [Double] = []
        for _ in 0..<2000 {
            let box = ImageBox.randomResized(inWidth: 64, height: 48, scale: 0.08...1, ratio: 0.75...(4.0 / 3), rng: &a)
            #expect(box == ImageBox.randomResized(inWidth: 64, height: 48, scale: 0.08...1, ratio: 0.75...(4.0 / 3), rng: &b))
            #expect(box.left >= 0 && box.top >= 0 && box.width > 0 && box.height > 0)
            #expect(box.left + box.width <= 64 && box.top + box.height <= 48)
            areas.append(Double(box.width * box.height) / Double(64 * 48))
        }
        // torchvision's RandomResizedCrop.get_params on a 64×48 image, 20,000 draws (torch 2.15,
        // torchvision 0.29.2, bench venv): mean area fraction 0.441, standard deviation 0.220;
        // large windows of an extreme ratio do not fit and are drawn again. Our mean over 2,000
        // draws has a standard error of 0.005.
        let mean = areas.reduce(0, +) / Double(areas.count)
        #expect(abs(mean - 0.441) < 0.02, "mean area fraction \(mean)")
    }

    @Test func aWindowNoRatioFitsFallsBackToTheCentre() {
        var rng = SeededGenerator(seed: 1)
        // A 100×10 strip cannot hold a 3:4…4:3 window of 50% or more of its area.
        let box = ImageBox.randomResized(inWidth: 100, height: 10, scale: 0.5...1, ratio: 0.75...(4.0 / 3), rng: &rng)
        #expect(box == ImageBox(left: 43, top: 0, width: 13, height: 10))
    }

    /// A gradient photo whose values are easy to predict after normalisation.
    static func photos(count: Int, width: Int = 40, height: Int = 30, channels: Int = 3) -> ImageSet {
        let images = (0..<count).map { n in
            DecodedImage(width: width, height: height, channels: channels,
                         pixels: (0..<(width * height * channels)).map { UInt8(($0 * 7 + n * 13) % 256) })
        }
        return ImageSet(images: images.map { ImageTransform.resizeShorterSide($0, to: 24) }, channels: channels, cropSize: 20)
    }

    @Test func evaluationBatchesAreTheNormalisedCentreCrop() {
        let set = Self.photos(count: 2)
        let steps = ImagePreprocessing(channels: 3, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25])
        let batch = steps.batch(set, [1], rng: nil)
        #expect(batch.count == 3 * 20 * 20)
        let image = set.images[1]
        let crop = ImageTransform.crop(image, .centred(size: 20, inWidth: image.width, height: image.height), size: 20)
        // Channel 1, row 3, column 5.
        let expected = (Float(crop.pixels[(3 * 20 + 5) * 3 + 1]) / 255 - 0.5) / 0.25
        #expect(abs(batch[400 + 3 * 20 + 5] - expected) < 1e-6)
    }

    @Test func grayPhotosAreRepeatedForAnRGBNetwork() {
        let set = Self.photos(count: 1, channels: 1)
        let steps = ImagePreprocessing(channels: 3, mean: [0, 0, 0], std: [1, 1, 1])
        let batch = steps.batch(set, [0], rng: nil)
        #expect(Array(batch[0..<400]) == Array(batch[400..<800]) && Array(batch[0..<400]) == Array(batch[800..<1200]))
    }

    @Test func augmentedBatchesRepeatWithTheSeedAndDifferAcrossSeeds() {
        let set = Self.photos(count: 4)
        let steps = ImagePreprocessing(channels: 3, mean: ImagePreprocessing.imagenetMean, std: ImagePreprocessing.imagenetStd,
                                       randomResizedCrop: .init(), colorJitter: .init(), randomErasing: .init(p: 1))
        func batch(_ seed: UInt64) -> [Float] {
            var rng = SeededGenerator(seed: seed)
            return withUnsafeMutablePointer(to: &rng) { steps.batch(set, [0, 1, 2, 3], rng: $0) }
        }
        #expect(batch(3) == batch(3))
        #expect(batch(3) != batch(4))
        #expect(batch(3) != steps.batch(set, [0, 1, 2, 3], rng: nil))
    }

    @Test func grayscaleUsesPillowsLumaRounding() {
        // Pillow 13's convert("L") of these three pixels gives [76, 150, 124].
        let image = DecodedImage(width: 3, height: 1, channels: 3, pixels: [255, 0, 0, 0, 255, 0, 10, 200, 30])
        #expect(image.grayscale().pixels == [76, 150, 124])
    }
}
