import Foundation
import Results
import Testing
@testable import Datasets
@testable import Experiment
@testable import Training

/// Head-only runs on cached frozen features: same results as recomputing the body, shared
/// across runs, and invalidated when the weights, the data or the frozen depth change.
@Suite("Feature cache on real digits", .enabled(if: TrainingFixture.hasDigits, "digits asset missing: run `make deps`"))
struct FeatureCacheTests {
    /// No dropout and the pre-trained head kept (both runs classify 5 digits): the runs draw
    /// nothing from libtorch's random generator, which tests running in parallel share.
    private func headOnly(_ fixture: TrainingFixture) throws -> Plan {
        try fixture.transfer("cached", """
        freeze: {strategy: head-only}
        sweep: {optimizer.lr: [0.001, 0.003]}
        """, epochs: 3, model: ", dropout: 0.0, head: {replace: false}")
    }

    @Test func headOnlyResultsWithTheCacheEqualThoseThatRecomputeTheBody() throws {
        let fixture = try TrainingFixture()
        try fixture.pretrain(epochs: 1)
        let spec = try headOnly(fixture).runs[0]
        let layout = ResultsLayout(root: fixture.results)
        var uncached = Runner(spec: spec, layout: layout, assetsRoot: TrainingFixture.assetsRoot)
        uncached.useFeatureCache = false
        let reference = try uncached.run()
        let cached = try Runner(spec: spec, layout: layout, assetsRoot: TrainingFixture.assetsRoot).run()
        #expect(reference.featureCache == nil)
        #expect(cached.featureCache?.reused == false)
        #expect(cached.status == .done && reference.status == .done)
        #expect(cached.bestEpoch == reference.bestEpoch)
        // The cache computes the body 256 examples at a time, training batches 16 at a time;
        // the convolution's rounding depends on the batch size, so outputs agree to ~1e-6 and
        // losses after three epochs to ~1e-4. A flipped prediction would move accuracy by >5e-3.
        for split in ["train", "validation", "test"] {
            for (metric, value) in reference.metrics[split] ?? [:] {
                #expect(abs((cached.metrics[split]?[metric] ?? .nan) - value) < 1e-3, "\(split).\(metric)")
            }
        }
    }

    @Test func theSecondVariantReusesTheFeaturesTheFirstComputed() throws {
        let fixture = try TrainingFixture()
        try fixture.pretrain(epochs: 1)
        let plan = try headOnly(fixture)
        let first = try fixture.run(plan.runs[0])
        let second = try fixture.run(plan.runs[1])
        #expect(first.featureCache?.reused == false)
        #expect(second.featureCache?.reused == true)
        #expect(first.featureCache?.key == second.featureCache?.key)
        // Full fine-tuning recomputes the body every step: no cache.
        let full = try fixture.transfer("full", "freeze: {strategy: none}", epochs: 1)
        #expect(try fixture.run(full.runs[0]).featureCache == nil)
    }

    @Test func theKeyChangesWithTheWeightsTheDataAndTheDepth() throws {
        let fixture = try TrainingFixture()
        let weights = (try fixture.pretrain(epochs: 1) as NSString).appendingPathComponent("model.safetensors")
        let dataset = try Dataset.digits(assetsRoot: TrainingFixture.assetsRoot)
        let model: Value = .object(["architecture": .string("cnn")])
        let base = try FeatureCacheKey(weightsPath: weights, dataset: dataset, model: model, frozenDepth: 2)
        #expect(try FeatureCacheKey(weightsPath: weights, dataset: dataset, model: model, frozenDepth: 2) == base)
        #expect(try FeatureCacheKey(weightsPath: weights, dataset: dataset, model: model, frozenDepth: 1).id != base.id)
        #expect(try FeatureCacheKey(weightsPath: weights, dataset: dataset.keepingClasses(["5", "6"]), model: model, frozenDepth: 2).id != base.id)
        // Other bytes in the weights file (a retrained model) give another key.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: weights))
        bytes[bytes.count - 1] ^= 1
        let changed = fixture.directory + "/changed.safetensors"
        try bytes.write(to: URL(fileURLWithPath: changed))
        #expect(try FeatureCacheKey(weightsPath: changed, dataset: dataset, model: model, frozenDepth: 2).id != base.id)
    }
}
