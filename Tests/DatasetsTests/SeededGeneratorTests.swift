import Testing
@testable import Datasets

/// Reference outputs from an independent Python implementation of SplitMix64-seeded
/// xoshiro256**, so the stream is pinned across platforms and Swift versions.
private let referenceStreams: [(seed: UInt64, first: [UInt64])] = [
    (0, [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0]),
    (42, [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1]),
]

@Test(arguments: referenceStreams)
func generatorMatchesReferenceImplementation(seed: UInt64, expected: [UInt64]) {
    var rng = SeededGenerator(seed: seed)
    #expect((0..<3).map { _ in rng.next() } == expected)
}

@Test func uniformIsInUnitIntervalAndPinned() {
    var rng = SeededGenerator(seed: 42)
    #expect(rng.nextUniform() == 0.08386297105988216)
    for _ in 0..<10_000 {
        let u = rng.nextUniform()
        #expect(u >= 0 && u < 1)
    }
}

private let fnvVectors: [(text: String, hash: UInt64)] = [
    ("", 0xCBF2_9CE4_8422_2325),
    ("a", 0xAF63_DC4C_8601_EC8C),
    ("foobar", 0x8594_4171_F739_67E8),
]

@Test(arguments: fnvVectors)
func fnv1aMatchesPublishedVectors(text: String, hash: UInt64) {
    #expect(SeedDerivation.fnv1a64(text) == hash)
}

@Test func childSeedsAreDeterministicAndIndependent() {
    let split = SeedDerivation.childSeed(of: 7, purpose: "split")
    #expect(split == SeedDerivation.childSeed(of: 7, purpose: "split"))
    let others = [
        SeedDerivation.childSeed(of: 7, purpose: "augmentation"),
        SeedDerivation.childSeed(of: 8, purpose: "split"),
        SeedDerivation.childSeed(of: 7, purpose: "split "),
        7,
    ]
    #expect(!others.contains(split))
    var a = SeededGenerator(seed: 7, purpose: "split")
    var b = SeededGenerator(seed: split)
    #expect(a.next() == b.next())
}

@Test func boundedIntegersCoverTheRangeUniformly() {
    var rng = SeededGenerator(seed: 3)
    var counts = [Int](repeating: 0, count: 6)
    for _ in 0..<60_000 { counts[rng.nextInt(below: 6)] += 1 }
    #expect(counts.allSatisfy { abs($0 - 10_000) < 400 }, "\(counts)")
    for _ in 0..<1_000 { #expect((-2...2).contains(rng.nextInt(in: -2...2))) }
}

@Test func normalHasRequestedMoments() {
    var rng = SeededGenerator(seed: 11)
    let draws = (0..<50_000).map { _ in rng.nextNormal(mean: 2, standardDeviation: 3) }
    let mean = draws.reduce(0, +) / Double(draws.count)
    let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(draws.count)
    #expect(abs(mean - 2) < 0.05)
    #expect(abs(variance.squareRoot() - 3) < 0.05)
}

@Test(arguments: [0.2, 1.0, 4.0])
func betaHasExpectedMean(alpha: Double) {
    var rng = SeededGenerator(seed: 5)
    let draws = (0..<20_000).map { _ in rng.nextBeta(alpha, alpha) }
    #expect(draws.allSatisfy { $0 >= 0 && $0 <= 1 })
    let mean = draws.reduce(0, +) / Double(draws.count)
    #expect(abs(mean - 0.5) < 0.02)
    // Var of Beta(a, a) = 1 / (4 (2a + 1)).
    let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(draws.count)
    #expect(abs(variance - 1 / (4 * (2 * alpha + 1))) < 0.01)
}

@Test func shuffleIsAPermutationAndReproducible() {
    var first = SeededGenerator(seed: 99)
    var second = SeededGenerator(seed: 99)
    let a = first.shuffled(Array(0..<100))
    let b = second.shuffled(Array(0..<100))
    #expect(a == b)
    #expect(a.sorted() == Array(0..<100))
    #expect(a != Array(0..<100))
    var third = SeededGenerator(seed: 100)
    #expect(third.shuffled(Array(0..<100)) != a)
}

@Test func fisherYatesIsUnbiasedOnThreeElements() {
    var rng = SeededGenerator(seed: 1)
    var counts: [[Int]: Int] = [:]
    for _ in 0..<60_000 { counts[rng.shuffled([0, 1, 2]), default: 0] += 1 }
    #expect(counts.count == 6)
    #expect(counts.values.allSatisfy { abs($0 - 10_000) < 400 }, "\(counts)")
}
