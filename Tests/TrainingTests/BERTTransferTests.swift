import Foundation
import Testing
import Training

/// The text transfer chain: fine-tune MiniLM on movie reviews and save it, then adapt that
/// model to tweets with forgetting measured on movies by the saved movie head. Slow (two
/// real runs plus a scratch baseline): FINETUNE_SLOW_TESTS=1.
@Suite(.enabled(if: hasMiniLM && hasVADER && slowTestsEnabled, "set FINETUNE_SLOW_TESTS=1 (needs MiniLM and VADER)"), .serialized)
struct BERTTransferTests {
    @Test func adaptingASavedMovieModelToTweetsMeasuresForgetting() throws {
        let folder = TemporaryFolder()
        let (source, sourceFolder) = try BERTFineTuningTests.train(BERTFineTuningTests.experiment("movies-tiny"), in: folder)
        #expect(source.status == .done, "\(source.error ?? "")")
        #expect(FileManager.default.fileExists(atPath: sourceFolder + "/config.json"))

        let transfer = """
        experiment: tweets-tiny
        seed: 3
        data:
          source: sentiment/tweets
          margin: 2.0
          split: {train: 0.9, validation: 0.05, test: 0.05}
          per_class: 16
        model:
          architecture: bert
          pretrained: {experiment: movies-tiny}
          max_length: 24
        freeze: {strategy: bottom, layers: 4}
        optimizer: {name: adamw, lr: 1e-4, layer_decay: 0.8}
        schedule: {epochs: 1, batch_size: 16}
        evaluation:
          metrics: [accuracy]
          select: validation.accuracy
          forgetting: {source: sentiment/movies}
          baselines: [scratch]
        """
        let (result, _) = try BERTFineTuningTests.train(transfer, in: folder)
        #expect(result.status == .done, "\(result.error ?? "")")
        #expect(result.pretrained?.run == source.id)
        let forgetting = try #require(result.forgetting)
        #expect(forgetting.split.contains("test split of the pre-training run \(source.id)"))
        #expect(forgetting.examples == source.data?.test)
        #expect((0...1).contains(forgetting.before) && (0...1).contains(forgetting.after))
        #expect(result.freeze?.frozenBlocks == ["embeddings", "encoder.layer.0", "encoder.layer.1", "encoder.layer.2"])
        #expect(result.freeze?.changedTensors == [])
        #expect(result.baselines["scratch"]?.status == .done)
        // The movie head scores the source test split exactly as the source run measured it.
        #expect(abs(forgetting.before - (source.metrics["test"]?["accuracy"] ?? -1)) < 1e-9)
    }
}
