import Foundation
import Results
import SafeTensors
import Testing
@testable import Datasets
@testable import Experiment
@testable import Training

/// Head-only MiniLM runs on cached sentence vectors: the same results as running the frozen
/// encoder at every step, one computation shared by the runs of a sweep, and a key that
/// follows the folder's config and vocabulary as well as its weights.
///
/// Kept to seconds: VADER tweets rated beyond ±2.5 (about 400 texts, every one encoded once
/// for the cache), 16 tokens, 8 training texts per class, 2 epochs.
///
/// The runs draw nothing from libtorch's random generator, which tests running in parallel
/// share: no dropout, and the head comes with the weights (``withFixedHead(in:)``).
@Suite(.enabled(if: hasMiniLM && hasVADER, "MiniLM or VADER assets not downloaded (make deps)"), .serialized)
struct BERTFeatureCacheTests {
    /// A copy of MiniLM's folder whose weights also hold a fixed 2-class head.
    private func withFixedHead(in folder: TemporaryFolder) throws -> String {
        let target = folder.file("minilm-with-head")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        for name in ["config.json", "vocab.txt", "tokenizer_config.json"] {
            try FileManager.default.copyItem(atPath: miniLMFolder + "/" + name, toPath: target + "/" + name)
        }
        let original = try SafeTensors.read(miniLMFolder + "/model.safetensors")
        var records = try original.tensors.map {
            TensorRecord(name: $0.name, dtype: $0.dtype, shape: $0.shape, bytes: try original.bytes(of: $0.name))
        }
        records.append(TensorRecord(name: "head.weight", floats: (0..<768).map { Float($0 % 7 - 3) * 0.01 }, shape: [2, 384]))
        records.append(TensorRecord(name: "head.bias", floats: [0, 0], shape: [2]))
        try SafeTensors.write(tensors: records, to: target + "/model.safetensors")
        return target
    }

    private func headOnly(_ fixture: TrainingFixture, model: String) throws -> Plan {
        try fixture.plan("minilm-head.yaml", """
        experiment: minilm-head
        seed: 5
        data:
          source: sentiment/tweets
          margin: 2.5
          split: {train: 0.8, validation: 0.1, test: 0.1}
          per_class: 8
        model: {architecture: bert, pretrained: \(model), max_length: 16, pooling: mean, dropout: 0.0, head: {replace: false}}
        freeze: {strategy: head-only}
        optimizer: {name: adamw, lr: 3e-3, weight_decay: 0.01}
        schedule: {epochs: 2, batch_size: 8, warmup: 0.0, decay: cosine}
        evaluation: {metrics: [accuracy, macro_f1], select: validation.accuracy}
        sweep: {optimizer.lr: [0.001, 0.003]}
        """)
    }

    @Test func headOnlyResultsWithTheCacheEqualThoseThatRunTheEncoder() throws {
        let fixture = try TrainingFixture()
        let folder = TemporaryFolder()
        let plan = try headOnly(fixture, model: withFixedHead(in: folder))
        let layout = ResultsLayout(root: fixture.results)
        var uncached = Runner(spec: plan.runs[0], layout: layout, assetsRoot: assetsRoot)
        uncached.useFeatureCache = false
        let reference = try uncached.run()
        let first = try Runner(spec: plan.runs[0], layout: layout, assetsRoot: assetsRoot).run()
        #expect(reference.status == .done && first.status == .done, "\(reference.error ?? "") \(first.error ?? "")")
        #expect(reference.featureCache == nil)
        #expect(first.featureCache?.reused == false)
        #expect(first.bestEpoch == reference.bestEpoch)
        #expect(first.freeze?.changedTensors == [])
        // The cache encodes 256 texts at a time padded to the longest of them, training 8 at
        // a time: padding is masked out exactly, but the matrix products' rounding follows
        // the shapes, so vectors agree to ~1e-6 and metrics well within one flipped prediction.
        for split in ["train", "validation", "test"] {
            for (metric, value) in reference.metrics[split] ?? [:] {
                #expect(abs((first.metrics[split]?[metric] ?? .nan) - value) < 1e-3, "\(split).\(metric)")
            }
        }
        // The sweep's other variant reads what the first computed.
        let second = try Runner(spec: plan.runs[1], layout: layout, assetsRoot: assetsRoot).run()
        #expect(second.status == .done)
        #expect(second.featureCache?.reused == true)
        #expect(second.featureCache?.key == first.featureCache?.key)
    }

    @Test func theKeyFollowsTheFolderFilesAndTheTokenization() throws {
        let folder = TemporaryFolder()
        let weights = folder.write("model/model.safetensors", "weights")
        let config = folder.write("model/config.json", "{\"hidden_size\": 384}")
        let vocabulary = folder.write("model/vocab.txt", "[PAD]\n[UNK]\n")
        let dataset = Dataset(name: "texts", features: .text(["a good day", "a bad day"]),
                              targets: .classes([1, 0], names: ["negative", "positive"]))
        let model: Value = .object(["architecture": .string("bert"), "max_length": .number(16), "pooling": .string("mean")])
        func key(_ model: Value = model) throws -> String {
            try FeatureCacheKey(weightsPath: weights, companions: [config, vocabulary], dataset: dataset,
                                model: model, frozenDepth: 7).id
        }
        let base = try key()
        #expect(try key() == base)
        #expect(try key(model.setting(["max_length"], to: .number(32))) != base)
        #expect(try key(model.setting(["pooling"], to: .string("cls"))) != base)
        #expect(try key(model.setting(["dropout"], to: .number(0.3))) == base, "dropout runs after the cached vector")
        folder.write("model/vocab.txt", "[PAD]\n[UNK]\n[CLS]\n")
        let newVocabulary = try key()
        #expect(newVocabulary != base)
        folder.write("model/config.json", "{\"hidden_size\": 384, \"layer_norm_eps\": 1e-5}")
        #expect(try key() != newVocabulary)
    }
}
