import Testing
@testable import Datasets

/// A batch of `count` single-channel 8×8 images whose pixel (x, y) of image n is
/// 1 + n·64 + y·8 + x, so every value identifies its origin.
private func labelledBatch(_ count: Int) -> (images: [Float], shape: [Int]) {
    ((0..<(count * 64)).map { Float($0 + 1) }, [count, 1, 8, 8])
}

private func image(_ images: [Float], _ n: Int) -> [Float] { Array(images[(n * 64)..<((n + 1) * 64)]) }

private let geometry = ImageGeometry(shape: [1, 1, 8, 8], valueCount: 64)

/// The (dx, dy) translations in range that turn `original` into `moved`.
private func matchingShifts(_ original: [Float], _ moved: [Float], range: Int) -> [(Int, Int)] {
    var matches: [(Int, Int)] = []
    for dy in -range...range {
        for dx in -range...range where ImageOps.translate(original, geometry: geometry, dx: dx, dy: dy) == moved {
            matches.append((dx, dy))
        }
    }
    return matches
}

@Test(arguments: [Augmentation.shift(pixels: 2), .crop(padding: 2)])
func shiftAndCropTranslateWithZeroFill(_ augmentation: Augmentation) {
    let (images, shape) = labelledBatch(16)
    var rng = SeededGenerator(seed: 1)
    let out = augmentation.apply(to: images, shape: shape, rng: &rng).images
    var moved = 0
    for n in 0..<16 {
        let matches = matchingShifts(image(images, n), image(out, n), range: 2)
        #expect(matches.count == 1, "image \(n) is a translation by at most 2 pixels")
        if let (dx, dy) = matches.first, dx != 0 || dy != 0 { moved += 1 }
    }
    #expect(moved > 8)
}

@Test func translateFillsWithZeros() {
    let original = (0..<64).map { Float($0 + 1) }
    let right = ImageOps.translate(original, geometry: geometry, dx: 1, dy: 0)
    #expect((0..<8).allSatisfy { right[$0 * 8] == 0 }, "left column emptied")
    #expect(right[1] == original[0])
    let down = ImageOps.translate(original, geometry: geometry, dx: 0, dy: -2)
    #expect(Array(down[48...]) == Array(repeating: 0, count: 16))
    #expect(down[0] == original[16])
}

@Test func rotationByNinetyDegreesIsExactAndZeroIsIdentity() {
    let original = (0..<64).map { Float($0 + 1) }
    let rotated = ImageOps.rotate(original, geometry: geometry, degrees: 90)
    // out[y][x] = in[x][7 - y]: counter-clockwise as displayed with y pointing down.
    for y in 0..<8 {
        for x in 0..<8 {
            #expect(abs(rotated[y * 8 + x] - original[x * 8 + (7 - y)]) < 1e-3)
        }
    }
    let same = ImageOps.rotate(original, geometry: geometry, degrees: 0)
    #expect(zip(same, original).allSatisfy { abs($0 - $1) < 1e-4 })
}

@Test func smallRotationsBlendNeighboursAndZeroTheCorners() {
    var rng = SeededGenerator(seed: 2)
    let ones = [Float](repeating: 1, count: 4 * 64)
    let out = Augmentation.rotation(degrees: 20).apply(to: ones, shape: [4, 1, 8, 8], rng: &rng).images
    #expect(out != ones)
    #expect(out.allSatisfy { $0 >= -1e-6 && $0 <= 1 + 1e-6 }, "bilinear never overshoots")
    #expect(abs(out[4 * 8 + 4] - 1) < 1e-5, "centre unchanged")
}

@Test func horizontalFlipMirrorsRowsAndIsAnInvolution() {
    let (images, shape) = labelledBatch(2)
    var rng = SeededGenerator(seed: 1)
    let flipped = Augmentation.horizontalFlip(p: 1).apply(to: images, shape: shape, rng: &rng).images
    #expect(Array(flipped[0..<8]) == [8, 7, 6, 5, 4, 3, 2, 1])
    let back = Augmentation.horizontalFlip(p: 1).apply(to: flipped, shape: shape, rng: &rng).images
    #expect(back == images)
}

@Test func noiseHasTheRequestedSpread() {
    let zeros = [Float](repeating: 0, count: 200 * 64)
    var rng = SeededGenerator(seed: 3)
    let noisy = Augmentation.noise(std: 0.1).apply(to: zeros, shape: [200, 1, 8, 8], rng: &rng).images
    let mean = noisy.reduce(0, +) / Float(noisy.count)
    let std = (noisy.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(noisy.count)).squareRoot()
    #expect(abs(mean) < 0.005)
    #expect(abs(std - 0.1) < 0.005)
}

@Test func cutoutZeroesOneSquareInsideTheImage() {
    let ones = [Float](repeating: 1, count: 10 * 2 * 64)
    var rng = SeededGenerator(seed: 4)
    let out = Augmentation.cutout(size: 3).apply(to: ones, shape: [10, 2, 8, 8], rng: &rng).images
    for n in 0..<10 {
        for channel in 0..<2 {
            let plane = Array(out[((n * 2 + channel) * 64)..<((n * 2 + channel + 1) * 64)])
            let zeros = plane.indices.filter { plane[$0] == 0 }
            #expect(zeros.count == 9)
            let rows = Set(zeros.map { $0 / 8 }), columns = Set(zeros.map { $0 % 8 })
            #expect(rows.count == 3 && columns.count == 3, "a 3×3 square")
        }
        // The same square in every channel.
        #expect(Array(out[(n * 128)..<(n * 128 + 64)]) == Array(out[(n * 128 + 64)..<(n * 128 + 128)]))
    }
}

@Test func mixupBlendsWithAPermutationAndReportsIt() throws {
    // Image n is constant n, so a mixed image is constant λ·n + (1-λ)·perm[n].
    let count = 6
    let images = (0..<count).flatMap { [Float](repeating: Float($0), count: 64) }
    var rng = SeededGenerator(seed: 5)
    let result = Augmentation.mixup(alpha: 0.4).apply(to: images, shape: [count, 1, 8, 8], rng: &rng)
    let mixing = try #require(result.mixing)
    #expect(mixing.permutation.sorted() == Array(0..<count))
    #expect(mixing.lambda >= 0 && mixing.lambda <= 1)
    for n in 0..<count {
        let expected = mixing.lambda * Float(n) + (1 - mixing.lambda) * Float(mixing.permutation[n])
        #expect(image(result.images, n).allSatisfy { abs($0 - expected) < 1e-5 })
    }
}

@Test(arguments: [
    Augmentation.shift(pixels: 1, p: 0), .crop(padding: 2, p: 0), .rotation(degrees: 30, p: 0),
    .horizontalFlip(p: 0), .noise(std: 1, p: 0), .cutout(size: 4, p: 0), .mixup(alpha: 1, p: 0),
])
func probabilityZeroLeavesTheBatchAlone(_ augmentation: Augmentation) {
    let (images, shape) = labelledBatch(4)
    var rng = SeededGenerator(seed: 6)
    let result = augmentation.apply(to: images, shape: shape, rng: &rng)
    #expect(result.images == images)
    #expect(result.mixing == nil)
}

@Test(arguments: [
    Augmentation.shift(pixels: 2, p: 0.5), .crop(padding: 1), .rotation(degrees: 15), .horizontalFlip(p: 0.5),
    .noise(std: 0.1), .cutout(size: 2), .mixup(alpha: 0.2),
])
func sameSeedSameOutputDifferentSeedDifferentOutput(_ augmentation: Augmentation) {
    let (images, shape) = labelledBatch(16)
    func run(_ seed: UInt64) -> AugmentedBatch {
        var rng = SeededGenerator(seed: seed, purpose: SeedPurpose.augmentation)
        return augmentation.apply(to: images, shape: shape, rng: &rng)
    }
    #expect(run(1) == run(1))
    #expect(run(1) != run(2))
    #expect(run(1).images != images)
}

@Test func probabilityAppliesPerExample() {
    let (images, shape) = labelledBatch(200)
    var rng = SeededGenerator(seed: 7)
    let out = Augmentation.horizontalFlip(p: 0.3).apply(to: images, shape: shape, rng: &rng).images
    let flipped = (0..<200).filter { image(out, $0) != image(images, $0) }.count
    #expect((40...80).contains(flipped), "\(flipped) of 200 flipped at p = 0.3")
}

@Test func pipelineAppliesStepsInOrderAndReportsMixing() throws {
    let pipeline = try AugmentationPipeline([.shift(pixels: 1), .noise(std: 0.01), .mixup(alpha: 1)])
    let (images, shape) = labelledBatch(4)
    var rng = SeededGenerator(seed: 8)
    let result = pipeline.apply(to: images, shape: shape, rng: &rng)
    #expect(result.mixing != nil)
    #expect(result.images.count == images.count)
}

@Test(arguments: [
    ([Augmentation.mixup(alpha: 1), .mixup(alpha: 0.5)], "at most one mixup augmentation is allowed, found 2"),
    ([.shift(pixels: -1)], "shift pixels must be >= 0, got -1"),
    ([.noise(std: 0.1, p: 1.5)], "augmentation probability p must be in 0...1, got 1.5"),
    ([.cutout(size: 0)], "cutout size must be >= 1, got 0"),
    ([.mixup(alpha: 0)], "mixup alpha must be > 0, got 0.0"),
    ([.rotation(degrees: 400)], "rotation degrees must be in 0...180, got 400.0"),
])
func invalidPipelinesAreRejected(steps: [Augmentation], message: String) {
    let error = #expect(throws: DatasetError.self) { try AugmentationPipeline(steps) }
    #expect(error?.message == message)
}
