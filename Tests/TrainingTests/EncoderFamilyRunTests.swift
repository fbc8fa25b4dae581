import Foundation
import Testing
import Experiment
import Models
@testable import Training

/// A run on the tiny RoBERTa, XLM-R and ELECTRA folders of `EncoderFamilyParityTests` (their own
/// tokenizer.json): LoRA on query and value trains, the saved run predicts, and (with the
/// bench venv) the PEFT adapter and the export give transformers the same logits.
@Suite(.enabled(if: hasVADER, "VADER asset not downloaded (make deps)"), .serialized)
struct EncoderFamilyRunTests {
    static let texts = ["a wonderful, moving film", "dull and far too long", "it is a movie 😀"]

    @Test(arguments: ["roberta", "xlm-roberta", "electra"])
    func loraRunPredictsAndExports(_ family: String) throws {
        let folder = TemporaryFolder()
        let (result, runFolder) = try BERTFineTuningTests.train("""
            experiment: \(family)-lora
            seed: 3
            data:
              source: sentiment/movies
              margin: 2.5
              split: {train: 0.9, validation: 0.05, test: 0.05}
              per_class: 8
            model: {architecture: bert, pretrained: \(EncoderFamilyParityTests.fixtures)/\(family), max_length: 16, pooling: mean}
            freeze: {strategy: lora, lora: {rank: 4, alpha: 8, targets: [query, value]}}
            optimizer: {name: adamw, lr: 1e-3}
            schedule: {epochs: 1, batch_size: 16, warmup: 0.0, decay: constant}
            evaluation: {metrics: [accuracy], select: validation.accuracy}
            output: {save_model: true}
            """, in: folder)
        #expect(result.status == .done, "\(result.error ?? "")")
        #expect(result.freeze?.changedTensors == [])
        // 2 layers × 2 targets × (A 4×32 + B 32×4), and the head 32·2 + 2.
        #expect(result.parameters?.trainable == 2 * 2 * (4 * 32 * 2) + 66)
        #expect(FileManager.default.fileExists(atPath: runFolder + "/tokenizer.json"))
        let saved = try SavedRun(folder: runFolder)
        let predictions = try saved.predict(texts: Self.texts)
        #expect(predictions.count == 3)
        guard liveParityEnabled else { return }
        let export = folder.file("export")
        try saved.export(to: export)
        let ours = predictions.map(\.logits)
        for (kind, path) in [("adapter", runFolder + "/adapter"), ("export", export)] {
            let difference = maxDifference(ours, try huggingFaceLogits(kind, folder: path, maxLength: 16, texts: Self.texts))
            #expect(difference < 1e-4, "\(family) \(kind): \(difference)")
        }
    }
}
