import Foundation
import Models
import Results
import Testing
@testable import Experiment
@testable import Training

/// Head-only training of the new backbones on their cached body outputs: every block frozen
/// (the ViT's `cls_token` and `pos_embed` included, so the body is deterministic), the features
/// computed once and reused, and the same metrics as recomputing the body at every step.
struct BackboneHeadOnlyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var architecture: String
        var make: @Sendable () throws -> Network
        var rename: @Sendable (String) -> String
        var testDescription: String { architecture }
    }

    static let cases = [
        Case(architecture: "resnet18", make: { try ResNet(depth: .d18, imageSize: 32, outputs: 1000) }, rename: ResNet.referenceName),
        Case(architecture: "efficientnet_lite0", make: { try EfficientNetLite0(imageSize: 32, outputs: 1000) }, rename: EfficientNetLite0.referenceName),
        Case(architecture: "vit_tiny_patch16", make: { try VisionTransformer(size: .tiny, imageSize: 32, outputs: 1000) }, rename: { $0 }),
    ]

    @Test(arguments: cases)
    func cachedBodyOutputsTrainTheHeadAsRecomputingThem(_ item: Case) throws {
        let fixture = try TrainingFixture()
        _ = try fixture.photos()
        let weights = try fixture.weightsFile("start.safetensors", item.make(), rename: item.rename)
        let plan = try fixture.plan("head.yaml", """
        experiment: head-only
        data: {source: {images: photos}, split: {train: 0.5, validation: 0.25, test: 0.25}}
        model: {architecture: \(item.architecture), image_size: 32, pretrained: \(weights)}
        freeze: {strategy: head-only}
        schedule: {epochs: 2, batch_size: 4}
        evaluation: {metrics: [accuracy], select: validation.accuracy}
        """)
        let layout = ResultsLayout(root: fixture.results)
        var uncached = Runner(spec: plan.runs[0], layout: layout, assetsRoot: TrainingFixture.assetsRoot)
        uncached.useFeatureCache = false
        let reference = try uncached.run()
        let cached = try Runner(spec: plan.runs[0], layout: layout, assetsRoot: TrainingFixture.assetsRoot).run()
        #expect(reference.status == .done && cached.status == .done, "\(reference.error ?? "") \(cached.error ?? "")")
        #expect(reference.featureCache == nil)
        #expect(cached.featureCache?.reused == false)
        #expect(cached.freeze?.changedTensors.isEmpty == true)
        for split in ["train", "validation", "test"] {
            for (metric, value) in reference.metrics[split] ?? [:] {
                #expect(abs((cached.metrics[split]?[metric] ?? .nan) - value) < 1e-3, "\(split).\(metric)")
            }
        }
    }
}
