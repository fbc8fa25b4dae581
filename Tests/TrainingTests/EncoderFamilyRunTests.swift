import Foundation
import Testing
import Experiment
import Models
import Results
@testable import Training

/// A run on the tiny BERT, RoBERTa, XLM-R, ELECTRA and DistilBERT folders of `EncoderFamilyParityTests`
/// (their own tokenizer.json): LoRA on query and value (DistilBERT's q_lin and v_lin) trains, the
/// saved run predicts, and (with the bench venv) the PEFT adapter and the export give
/// transformers the same logits, mean-pooled and cls-pooled (the family's own
/// `ForSequenceClassification`, loaded with every key in place).
@Suite(.enabled(if: hasVADER, "VADER asset not downloaded (make deps)"), .serialized)
struct EncoderFamilyRunTests {
    static let texts = ["a wonderful, moving film", "dull and far too long", "it is a movie 😀"]

    @Test(arguments: ["bert", "roberta", "xlm-roberta", "electra", "electra-projected", "distilbert"])
    func loraRunPredictsAndExports(_ name: String) throws {
        try run(name, pooling: "mean")
    }

    @Test(arguments: ["bert", "roberta", "xlm-roberta", "electra", "distilbert"])
    func clsPooledRunExportsItsFamilysClassifier(_ name: String) throws {
        try run(name, pooling: "cls")
    }

    /// One epoch on 16 VADER movie texts with the committed `name` folder, the model saved;
    /// `freeze` is an extra line of YAML (none: full fine-tuning).
    static func trainTiny(_ name: String, experiment: String, seed: Int, pooling: String, freeze: String = "",
                          in folder: TemporaryFolder) throws -> (RunResult, String) {
        try BERTFineTuningTests.train("""
            experiment: \(experiment)
            seed: \(seed)
            data:
              source: sentiment/movies
              margin: 2.5
              split: {train: 0.9, validation: 0.05, test: 0.05}
              per_class: 8
            model: {architecture: bert, pretrained: \(EncoderFamilyParityTests.fixtures)/\(name), max_length: 16, pooling: \(pooling)}
            \(freeze)
            optimizer: {name: adamw, lr: 1e-3}
            schedule: {epochs: 1, batch_size: 16, warmup: 0.0, decay: constant}
            evaluation: {metrics: [accuracy], select: validation.accuracy}
            output: {save_model: true}
            """, in: folder)
    }

    private func run(_ name: String, pooling: String) throws {
        let folder = TemporaryFolder()
        let targets = name == "distilbert" ? "[q_lin, v_lin]" : "[query, value]"
        let (result, runFolder) = try Self.trainTiny(
            name, experiment: "\(name)-lora", seed: 3, pooling: pooling,
            freeze: "freeze: {strategy: lora, lora: {rank: 4, alpha: 8, targets: \(targets)}}", in: folder)
        #expect(result.status == .done, "\(result.error ?? "")")
        #expect(result.freeze?.changedTensors == [])
        // 2 layers × 2 targets × (A 4×32 + B 32×4), the head 32·2 + 2, and with cls pooling the
        // family's dense layer before it, 32·32 + 32, which trains with the head (BERT's pooler is
        // pre-trained and stays frozen).
        #expect(result.parameters?.trainable == 2 * 2 * (4 * 32 * 2) + 66 + (pooling == "cls" && name != "bert" ? 1056 : 0))
        #expect(FileManager.default.fileExists(atPath: runFolder + "/tokenizer.json"))
        let saved = try SavedRun(folder: runFolder)
        let predictions = try saved.predict(texts: Self.texts)
        #expect(predictions.count == 3)
        guard liveParityEnabled else { return }
        let export = folder.file("export")
        try saved.export(to: export)
        let ours = predictions.map(\.logits)
        for (kind, theirs) in try huggingFaceLogits(adapter: runFolder + "/adapter", export: export, maxLength: 16, texts: Self.texts) {
            let difference = maxDifference(ours, theirs)
            #expect(difference < 1e-4, "\(name) \(pooling) \(kind): \(difference)")
            print("export parity \(name) \(pooling) \(kind): largest difference \(difference)")
        }
    }
}
