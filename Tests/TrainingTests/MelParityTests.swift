import Foundation
import Testing
@testable import Datasets
@testable import Models
import Torch
@testable import Training

/// finetune's log-mel front end (libtorch's STFT through `ft_stft_power`, the mel filters built
/// in Swift) against librosa's `melspectrogram`, within 1e-4 on ln(mel + 1e-6).
///
/// Fixtures/mel-reference.json was written by scripts/reference-mel.py with librosa 0.11.0
/// (float64) in the bench venv; the file records the library, the call and every setting. Its
/// inputs are a synthetic signal both sides compute from one formula and two generated clips,
/// whose SHA-256 the test checks so a different generator output fails loudly rather than
/// comparing different audio.
@Suite("Mel spectrogram parity")
struct MelParityTests {
    struct Reference: Decodable {
        struct Config: Decodable {
            var n_mels: Int, n_fft: Int, win_length: Int, hop_length: Int, fmin: Double, fmax: Double
        }
        struct Case: Decodable {
            var input: String, config: String, sha256: String?, log_mel: [[Double]]
        }
        var library: String, configs: [String: Config], cases: [Case]
    }

    static let reference: Reference = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/mel-reference.json")
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()

    /// The synthetic input of scripts/reference-mel.py: 0.5·sin(440 Hz) + 0.25·chirp + 0.05·LCG noise.
    static func synthetic(count: Int = 16000) -> [Float] {
        var state: UInt64 = 14
        return (0..<count).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let noise = Double(state >> 40) / Double(1 << 24) * 2 - 1
            let t = Double(i) / 16000
            return Float(0.5 * sin(2 * .pi * 440 * t) + 0.25 * sin(2 * .pi * (200 + 1500 * t) * t) + 0.05 * noise)
        }
    }

    static func input(_ item: Reference.Case) throws -> [Float]? {
        if item.input == "synthetic" { return synthetic() }
        let path = (TrainingFixture.assetsRoot as NSString).appendingPathComponent(item.input)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let digest = try FileDigests.compute(path)
        #expect(digest == item.sha256, "\(item.input) differs from the clip the reference was computed on; rerun scripts/reference-mel.py")
        return try WAVFile.decode([UInt8](Data(contentsOf: URL(fileURLWithPath: path))), path: path).samples
    }

    @Test(arguments: 0..<reference.cases.count)
    func logMelMatchesLibrosa(index: Int) throws {
        let item = Self.reference.cases[index]
        guard let samples = try Self.input(item) else {
            Issue.record("\(item.input) not generated: run `make deps`")
            return
        }
        let c = try #require(Self.reference.configs[item.config])
        let mel = try LogMel(nFFT: c.n_fft, windowLength: c.win_length, hop: c.hop_length, melCount: c.n_mels, fMin: c.fmin, fMax: c.fmax)
        // A batch of two (the clip and its negation, whose spectrum is the same) checks batching.
        let batch = try Tensor(samples + samples.map { -$0 }, shape: [2, samples.count])
        let out = try mel(batch)
        let frames = item.log_mel[0].count
        #expect(out.shape == [2, c.n_mels, frames])
        #expect(mel.frames(samples: samples.count) == frames)
        let values = try out.toFloatArray()
        var worst = 0.0
        for example in 0..<2 {
            for m in 0..<c.n_mels {
                for t in 0..<frames {
                    worst = max(worst, abs(Double(values[(example * c.n_mels + m) * frames + t]) - item.log_mel[m][t]))
                }
            }
        }
        #expect(worst < 1e-4, "\(item.input) (\(item.config)): largest difference \(worst) vs \(Self.reference.library)")
    }

    /// The filters' own properties, independent of librosa: non-negative, none empty, and the
    /// Slaney scale linear up to 1 kHz (15 mels there) and inverted exactly by melToHz.
    @Test func melFiltersAreTrianglesBetweenTheirEdges() {
        let bins = 257
        let weights = LogMel.melFilters(sampleRate: 16000, nFFT: 512, melCount: 40, fMin: 20, fMax: 8000)
        #expect(weights.count == 40 * bins)
        for m in 0..<40 {
            let row = weights[(m * bins)..<((m + 1) * bins)]
            #expect(row.allSatisfy { $0 >= 0 })
            #expect(row.contains { $0 > 0 })
        }
        #expect(abs(LogMel.melToHz(LogMel.hzToMel(3456)) - 3456) < 1e-9)
        #expect(abs(LogMel.hzToMel(1000) - 15) < 1e-12)
    }

    @Test func badFrontEndSettingsAreRefused() {
        #expect(throws: TorchError.self) { try LogMel(nFFT: 256, windowLength: 400, hop: 160, melCount: 40, fMin: 20, fMax: 8000) }
        #expect(throws: TorchError.self) { try LogMel(nFFT: 512, windowLength: 400, hop: 160, melCount: 40, fMin: 20, fMax: 9000) }
    }
}
