import Foundation
import Testing
@testable import Datasets

@Test func timeShiftMovesTheWaveformAndFillsWithZeros() {
    var rng = SeededGenerator(seed: 3)
    let wave: [Float] = [1, 2, 3, 4, 5, 6]
    let out = Augmentation.timeShift(samples: 2).apply(to: wave, shape: [1, 1, 1, 6], rng: &rng).images
    // Some shift in -2...2: the values keep their order and the vacated end is zero.
    let shift = (-2...2).first { d in (0..<6).allSatisfy { i in out[i] == ((0..<6).contains(i - d) ? wave[i - d] : 0) } }
    #expect(shift != nil)
}

/// The added noise has the power the SNR asks for (within sampling error over 20,000 samples).
@Test(arguments: [0.0, 10.0, 20.0])
func backgroundNoiseHasTheRequestedSNR(snr: Double) {
    var rng = SeededGenerator(seed: 7)
    let count = 20_000
    let wave = (0..<count).map { Float(0.3 * (Double($0 % 50) / 25 - 1)) }
    let out = Augmentation.backgroundNoise(snrDB: snr).apply(to: wave, shape: [1, 1, 1, count], rng: &rng).images
    let signal = wave.reduce(0.0) { $0 + Double($1 * $1) }
    let noise = zip(out, wave).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }
    let measured = 10 * log10(signal / noise)
    #expect(Swift.abs(measured - snr) < 0.2)
}

@Test func audioAugmentationIsSeeded() {
    let wave = (0..<100).map { Float($0) / 100 }
    func run() -> [Float] {
        var rng = SeededGenerator(seed: 11)
        return try! AugmentationPipeline([.timeShift(samples: 10, p: 0.5), .backgroundNoise(snrDB: 10)])
            .apply(to: wave + wave, shape: [2, 1, 1, 100], rng: &rng).images
    }
    #expect(run() == run())
    #expect(run() != wave + wave)
}
