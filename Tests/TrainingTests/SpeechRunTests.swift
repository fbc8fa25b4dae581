import Foundation
import Testing
@testable import Datasets
@testable import Experiment
@testable import Training

/// Real tiny runs of the audio CNN on a few generated clips: pre-train on espeak-ng voices,
/// adapt to festival voices with every freeze strategy, and a damaged clip in a user folder.
/// Whether `make deps` generated the speech clips.
let hasSpeechAsset = FileManager.default.fileExists(atPath: (TrainingFixture.assetsRoot as NSString).appendingPathComponent("speech/manifest.csv"))

@Suite("Speech runs", .enabled(if: hasSpeechAsset, "speech asset missing: run `make deps`"))
struct SpeechRunTests {
    /// An `{audio: FOLDER}` of `perWord` clips of three words from one generated domain.
    static func folder(_ fixture: TrainingFixture, _ name: String, domain: String, voices: [String], perWord: Int) throws -> String {
        let root = (fixture.directory as NSString).appendingPathComponent(name)
        for word in ["yes", "no", "stop"] {
            let target = root + "/" + word
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            for voice in voices {
                for n in 0..<perWord {
                    let file = String(format: "%@_%02d.wav", voice, n)
                    try FileManager.default.copyItem(atPath: TrainingFixture.assetsRoot + "/speech/\(domain)/\(word)/\(file)", toPath: target + "/" + file)
                }
            }
        }
        return root
    }

    static let model = "model: {architecture: audio-cnn, channels: [8, 16], mel: {n_mels: 32, hop: 320}"
    static let augmentation = """
    augmentation:
      - {kind: time_shift, ms: 50, p: 0.5}
      - {kind: background_noise, snr_db: 20, p: 0.5}
      - {kind: time_mask, width: 4}
      - {kind: freq_mask, width: 4}
    """

    @Test func everyFreezeStrategyAdaptsThePretrainedSpotter() throws {
        let fixture = try TrainingFixture()
        _ = try Self.folder(fixture, "source", domain: "espeak", voices: ["en-us", "en-gb"], perWord: 5)
        _ = try Self.folder(fixture, "target", domain: "festival", voices: ["kal", "ked"], perWord: 5)
        let pretrain = try fixture.plan("pre.yaml", """
        experiment: speech-tiny-pretrain
        data: {source: {audio: source}}
        \(Self.model)}
        \(Self.augmentation)
        schedule: {epochs: 2, batch_size: 8}
        evaluation: {metrics: [accuracy], select: validation.accuracy}
        output: {save_model: true}
        """)
        let source = try fixture.run(pretrain.runs[0])
        #expect(source.status == .done, "\(source.error ?? "")")
        let transfer = try fixture.plan("adapt.yaml", """
        experiment: speech-tiny-adapt
        data: {source: {audio: target}, speakers: [kal], per_class: 2}
        \(Self.model), pretrained: {experiment: speech-tiny-pretrain}}
        \(Self.augmentation)
        freeze: {strategy: gradual, layers: 1, unfreeze_every: 1, head_epochs: 1}
        optimizer: {layer_decay: 0.7}
        schedule: {epochs: 2, batch_size: 4}
        evaluation: {metrics: [accuracy], select: validation.accuracy, baselines: [scratch],
                     forgetting: {source: {audio: source}}}
        sweep: {freeze.strategy: [none, head-only, bottom, gradual, two-stage, bitfit]}
        """)
        for spec in transfer.runs {
            let result = try fixture.run(spec)
            #expect(result.status == .done, "\(spec.name): \(result.error ?? "")")
            #expect(result.freeze?.changedTensors == [], "\(spec.name): frozen weights moved")
            #expect(result.forgetting != nil)
            #expect(result.baselines["scratch"]?.status == .done)
            // Only kal's clips: 3 words × 5 clips, 2 per word in training.
            #expect(result.data?.train == 6)
        }
    }

    @Test func aDamagedClipFailsTheRunWithThePositionedError() throws {
        let fixture = try TrainingFixture()
        let root = try Self.folder(fixture, "clips", domain: "festival", voices: ["slt"], perWord: 3)
        try Data("RIFF\u{4}\0\0\0WAVEjunk".utf8).write(to: URL(fileURLWithPath: root + "/no/slt_99.wav"))
        let plan = try fixture.plan("bad.yaml", """
        experiment: speech-bad
        data: {source: {audio: clips}}
        model: {architecture: audio-cnn, channels: [4]}
        schedule: {epochs: 1}
        """)
        let result = try fixture.run(plan.runs[0])
        #expect(result.status == .failed)
        #expect(result.error == root + "/no/slt_99.wav: byte 12: no 'fmt ' chunk")
    }
}
