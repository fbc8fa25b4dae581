import Experiment
import Foundation
import Models
import Results
import SafeTensors
import Testing
import Training

/// Real fine-tuning of all-MiniLM-L6-v2 on VADER movie reviews, shrunk to seconds: 16
/// examples per class, 1 epoch, 24 tokens, about 80 validation and test texts.
@Suite(.enabled(if: hasMiniLM && hasVADER, "MiniLM or VADER assets not downloaded (make deps)"), .serialized)
struct BERTFineTuningTests {
    static func experiment(_ name: String, freeze: String = "none", extra: String = "") -> String {
        """
        experiment: \(name)
        seed: 3
        data:
          source: sentiment/movies
          margin: 2.5
          split: {train: 0.9, validation: 0.05, test: 0.05}
          per_class: 16
        model:
          architecture: bert
          pretrained: all-MiniLM-L6-v2
          max_length: 24
        freeze: {strategy: \(freeze)}
        optimizer: {name: adamw, lr: 1e-4, weight_decay: 0.01}
        schedule: {epochs: 1, batch_size: 16, warmup: 0.0, decay: constant}
        augmentation:
          - {kind: word_dropout, rate: 0.1}
          - {kind: random_swap, swaps: 1}
        evaluation:
          metrics: [accuracy, macro_f1]
          select: validation.accuracy
        output: {save_model: true}
        \(extra)
        """
    }

    /// Plans `yaml` and trains its first run into `folder/results`.
    static func train(_ yaml: String, in folder: TemporaryFolder) throws -> (RunResult, String) {
        let file = folder.write("experiment.yaml", yaml)
        let outcome = Planner.plan(file: file)
        let plan = try #require(outcome.plan, "\(outcome.diagnostics.map { "\($0)" })")
        let spec = try #require(plan.runs.first)
        let layout = ResultsLayout(root: folder.file("results"))
        let result = try Runner(spec: spec, layout: layout, assetsRoot: assetsRoot).run()
        return (result, layout.run(plan.experiment, spec.id))
    }

    @Test func fullFineTuningTrainsEndToEndAndWritesResults() throws {
        let folder = TemporaryFolder()
        let (result, runFolder) = try Self.train(Self.experiment("bert-tiny"), in: folder)
        #expect(result.status == .done, "\(result.error ?? "")")
        #expect(result.epochsRun == 1)
        #expect(result.data?.train == 32)
        #expect(result.pretrained?.loadedTensors == 101, "embeddings 5 + 6 layers × 16; the pooler is unused by mean pooling")
        #expect(result.parameters?.trainable == result.parameters?.total)
        #expect((result.metrics["test"]?["accuracy"]).map { (0...1).contains($0) } == true)
        #expect(result.metrics["train"]?["loss"]?.isFinite == true)
        #expect((result.timings.peakRSSMB ?? 0) > 0)
        let written = try RunResult.decode(Data(contentsOf: URL(fileURLWithPath: runFolder + "/result.json")))
        #expect(written.id == result.id && written.status == .done)
        // The saved model is a loadable folder: weights, config.json, vocab.txt.
        for name in ["model.safetensors", "config.json", "vocab.txt", "history.jsonl"] {
            #expect(FileManager.default.fileExists(atPath: runFolder + "/" + name), "\(name)")
        }
        #expect(try BERTFolder(runFolder).config() == BERTFolder(miniLMFolder).config())
    }

    @Test func headOnlyKeepsEveryBodyTensorBitIdentical() throws {
        let folder = TemporaryFolder()
        let (result, runFolder) = try Self.train(Self.experiment("bert-head-only", freeze: "head-only"), in: folder)
        #expect(result.status == .done, "\(result.error ?? "")")
        #expect(result.freeze?.checkedTensors == 101)
        #expect(result.freeze?.changedTensors == [])
        #expect(result.parameters?.trainable == 384 * 2 + 2)
        // Independently of the run's own check: every non-head tensor of the saved model
        // equals the original MiniLM file's, bit for bit; the head did train.
        let original = try SafeTensors.read(miniLMFolder + "/model.safetensors")
        let saved = try SafeTensors.read(runFolder + "/model.safetensors")
        let body = saved.names.filter { !$0.hasPrefix("head.") }
        #expect(body.count == 101)
        for name in body {
            #expect(try saved.floats(of: name) == original.floats(of: name), "\(name) changed")
        }
        #expect(saved.names.contains("head.weight"))
    }
}
