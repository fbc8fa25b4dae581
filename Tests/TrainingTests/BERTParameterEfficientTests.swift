import Foundation
import SafeTensors
import Testing
import Experiment
import Models
@testable import Training

/// Real LoRA and BitFit runs of all-MiniLM-L6-v2 on VADER movie reviews, shrunk to seconds
/// (8 examples per class, 1 epoch, 16 tokens): what trains, what stays bit-identical, and
/// that the saved run predicts, exports and (with the bench venv) matches Hugging Face.
@Suite(.enabled(if: hasMiniLM && hasVADER, "MiniLM or VADER assets not downloaded (make deps)"), .serialized)
struct BERTParameterEfficientTests {
    static func experiment(_ name: String, freeze: String, pooling: String = "mean") -> String {
        """
        experiment: \(name)
        seed: 3
        data:
          source: sentiment/movies
          margin: 2.5
          split: {train: 0.9, validation: 0.05, test: 0.05}
          per_class: 8
        model: {architecture: bert, pretrained: all-MiniLM-L6-v2, max_length: 16, pooling: \(pooling)}
        freeze: \(freeze)
        optimizer: {name: adamw, lr: 1e-3}
        schedule: {epochs: 1, batch_size: 16, warmup: 0.0, decay: constant}
        evaluation: {metrics: [accuracy], select: validation.accuracy}
        output: {save_model: true}
        """
    }

    static let texts = ["a wonderful, moving film", "dull and far too long", "it is a movie"]

    @Test("LoRA on query and value: base bit-identical, A·B and head trained, adapter saved",
          arguments: ["mean", "cls"])
    func lora(pooling: String) throws {
        let folder = TemporaryFolder()
        let (result, runFolder) = try BERTFineTuningTests.train(
            Self.experiment("bert-lora", freeze: "{strategy: lora, lora: {rank: 8, alpha: 16, targets: [query, value]}}", pooling: pooling), in: folder)
        #expect(result.status == .done, "\(result.error ?? "")")
        let pooler = pooling == "cls" ? 2 : 0
        #expect(result.freeze?.checkedTensors == 101 + pooler, "every pre-trained tensor")
        #expect(result.freeze?.changedTensors == [])
        // 6 layers × 2 targets × (A 8×384 + B 384×8), and the head 384·2 + 2.
        #expect(result.parameters?.trainable == 6 * 2 * (8 * 384 * 2) + 770)
        #expect(result.featureCache == nil)
        for name in ["adapter/adapter_config.json", "adapter/adapter_model.safetensors", "model.safetensors", "config.json", "vocab.txt"] {
            #expect(FileManager.default.fileExists(atPath: runFolder + "/" + name), "\(name)")
        }
        // The saved run predicts: probabilities in class order that sum to 1.
        let saved = try SavedRun(folder: runFolder)
        let predictions = try saved.predict(texts: Self.texts)
        #expect(predictions.count == 3)
        for p in predictions {
            #expect(abs((p.probabilities ?? []).reduce(0, +) - 1) < 1e-9)
            #expect(saved.classes.contains(p.label ?? ""))
        }
        guard liveParityEnabled else { return }
        let export = folder.file("export")
        try saved.export(to: export)
        let ours = predictions.map(\.logits)
        for (kind, theirs) in try huggingFaceLogits(adapter: runFolder + "/adapter", export: export, maxLength: 16, texts: Self.texts) {
            let difference = maxDifference(ours, theirs)
            print("trained \(pooling) \(kind): max |finetune - HF| = \(difference)")
            #expect(difference < 1e-4, "\(kind): \(difference)")
        }
    }

    @Test func bitFitTrainsTheBiasesAndTheHeadOnly() throws {
        let folder = TemporaryFolder()
        let (result, _) = try BERTFineTuningTests.train(Self.experiment("bert-bitfit", freeze: "{strategy: bitfit}"), in: folder)
        #expect(result.status == .done, "\(result.error ?? "")")
        // Biases: embeddings LayerNorm 384; per layer q, k, v, attention output, 2 LayerNorms,
        // output 384 each and intermediate 1536.
        #expect(result.parameters?.trainable == 384 + 6 * (7 * 384 + 1536) + 770)
        #expect(result.freeze?.checkedTensors == 101 - 49, "every weight, none of the 49 biases")
        #expect(result.freeze?.changedTensors == [])
    }
}
