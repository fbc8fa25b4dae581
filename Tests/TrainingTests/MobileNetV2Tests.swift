import Datasets
import Foundation
import Models
import Results
import SafeTensors
import Testing
import Torch
@testable import Experiment
@testable import Training

/// finetune's mobilenet_v2 against torchvision 0.29.2 (Fixtures/mobilenet_v2/parity.json, made by
/// scripts/parity/mobilenet_v2.py): the same formula weights give the same logits, and the real
/// ImageNet checkpoint gives torchvision's logits and top-5 classes on four real photos.
struct MobileNetV2Tests {
    struct Parity: Decodable {
        struct Random: Decodable { var names: [String]; var input_shape: [Int]; var logits: [[Double]] }
        struct Case: Decodable {
            struct Top: Decodable { var `class`: Int; var name: String; var probability: Double }
            var photo: String; var logits: [Double]; var top5: [Top]
        }
        struct ImageNet: Decodable { var cases: [Case] }
        var random: Random
        var imagenet: ImageNet
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/mobilenet_v2")
    static let parity: Parity = try! JSONDecoder().decode(Parity.self, from: Data(contentsOf: folder.appendingPathComponent("parity.json")))
    static let weights = (TrainingFixture.assetsRoot as NSString).appendingPathComponent("mobilenet_v2/mobilenet_v2-b0353104.pth")
    static var hasWeights: Bool { FileManager.default.fileExists(atPath: weights) }

    /// The fixture's formula: tensor k, element j → u in [-0.5, 0.5), exact in float64.
    static func uniform(_ k: Int, _ count: Int) -> [Double] {
        (0..<count).map { j in Double((UInt64(j) &* 2_654_435_761 &+ UInt64(k + 1) &* 40503) % (1 << 32)) / 4_294_967_296 - 0.5 }
    }

    /// The fixture's formula for tensor `k` named `name`, in one loop over a preallocated buffer
    /// (the same values as mapping ``uniform(_:_:)``, fast enough for resnet50's 25 M in a debug build).
    static func formulaTensor(_ name: String, _ k: Int, shape: [Int]) throws -> Tensor {
        let count = shape.reduce(1, *)
        if name.hasSuffix("num_batches_tracked") { return try Tensor.zeros(shape, dtype: .int64) }
        enum Kind { case runningVar, small, weight, scale }
        let kind: Kind = name.hasSuffix("running_var") ? .runningVar
            : name.hasSuffix("running_mean") || name.hasSuffix("bias") ? .small
            : shape.count >= 2 ? .weight : .scale
        let scale = shape.count >= 2 ? 2 * (3 / Double(shape.dropFirst().reduce(1, *))).squareRoot() : 0
        let offset = UInt64(k + 1) &* 40503
        let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            var j = 0
            while j < count {
                let u = Double((UInt64(j) &* 2_654_435_761 &+ offset) & 0xFFFF_FFFF) / 4_294_967_296 - 0.5
                switch kind {
                case .runningVar: buffer[j] = Float(1 + 0.5 * (u + 0.5))
                case .small: buffer[j] = Float(0.1 * u)
                case .weight: buffer[j] = Float(u * scale)
                case .scale: buffer[j] = Float(1 + 0.2 * u)
                }
                j += 1
            }
            initialized = count
        }
        return try Tensor(values, shape: shape)
    }

    @Test func namesAreTorchvisions() throws {
        let network = try MobileNetV2(imageSize: 64, outputs: 1000)
        let own = Set(network.stateNames())
        let torchvision = Self.parity.random.names
        #expect(torchvision.count == 314)
        #expect(Set(torchvision.map(MobileNetV2.ownName)) == own)
        #expect(Set(own.map(MobileNetV2.referenceName)) == Set(torchvision))
        #expect(network.blockNames == (0...18).map { "features.\($0)" })
        #expect(network.parameterCount() == 3_504_872)
    }

    @Test func randomWeightsGiveTorchvisionsLogits() throws {
        let network = try MobileNetV2(imageSize: 64, outputs: 1000)
        let difference = try FormulaParity.maxDifference(network, label: "mobilenet_v2", names: Self.parity.random.names, ownName: MobileNetV2.ownName,
                                                         inputShape: Self.parity.random.input_shape, expected: Self.parity.random.logits)
        #expect(difference <= 1e-4)
    }

    @Test(.enabled(if: hasWeights, "mobilenet_v2 asset not fetched (finetune fetch mobilenet_v2)"))
    func imagenetWeightsGiveTorchvisionsClassesOnRealPhotos() throws {
        let network = try MobileNetV2(imageSize: 224, outputs: 1000)
        try network.load(stateDict: network.normalizedWeights(Checkpoint.read(Self.weights)), strict: true)
        network.eval()
        let cases = Self.parity.imagenet.cases
        let worst = try PhotoParity.maxDifference(network, label: "mobilenet_v2", cases: cases,
                                                  mean: ImagePreprocessing.imagenetMean, std: ImagePreprocessing.imagenetStd)
        #expect(worst <= 1e-4)
        #expect(cases[0].top5[0].class == 285 && cases[1].top5[0].class == 967)
    }

    /// A real run on a folder of the four photos with the bottom ten blocks frozen: their
    /// weights and BatchNorm running statistics come out bit-identical (the frozen check covers
    /// buffers), while training mode would have moved the statistics.
    @Test func frozenBlocksKeepTheirBatchNormStatistics() throws {
        let fixture = try TrainingFixture()
        _ = try fixture.photos()
        let pretrained = Self.hasWeights ? "imagenet" : "none"
        let plan = try fixture.plan("frozen.yaml", """
        experiment: mobilenet-frozen
        data: {source: {images: photos}, split: {train: 0.5, validation: 0.25, test: 0.25}}
        model: {architecture: mobilenet_v2, image_size: 32, pretrained: \(pretrained)}
        freeze: {strategy: bottom, layers: 10}
        schedule: {epochs: 2, batch_size: 4}
        evaluation: {metrics: [accuracy], select: validation.accuracy}
        """)
        let result = try fixture.run(plan.runs[0])
        #expect(result.status == .done, "\(result.error ?? "")")
        let freeze = try #require(result.freeze)
        #expect(freeze.frozenBlocks == (0..<10).map { "features.\($0)" })
        #expect(freeze.changedTensors.isEmpty)
        // 10 blocks' weights, BN parameters and buffers (running_mean, running_var, num_batches_tracked).
        #expect(freeze.checkedTensors > 60)
        #expect(result.imageInput?.channels == 3)
        #expect(result.imageInput?.mean == ImagePreprocessing.imagenetMean)
        #expect(result.imageInput?.std == ImagePreprocessing.imagenetStd)
        if Self.hasWeights { #expect(result.pretrained?.loadedTensors == 312) }
    }

    /// A torch state dict of another network, named by path: its tensors are listed by name.
    @Test func aTorchFileOfAnotherNetworkIsRefusedWithItsNames() throws {
        let fixture = try TrainingFixture()
        _ = try fixture.photos(copies: 1)
        let other = TrainingFixture.repositoryRoot + "/Tests/SafeTensorsTests/Fixtures/torch/module.legacy.pt"
        let plan = try fixture.plan("other.yaml", """
        experiment: mobilenet-other
        data: {source: {images: photos}, split: {train: 0.5, validation: 0.5, test: 0}}
        model: {architecture: mobilenet_v2, image_size: 32, pretrained: {path: \(other)}}
        schedule: {epochs: 1, batch_size: 2}
        evaluation: {metrics: [accuracy], select: validation.accuracy}
        """)
        let result = try fixture.run(plan.runs[0])
        #expect(result.status == .failed)
        let error = result.error ?? ""
        #expect(error.contains("do not fit this mobilenet_v2: missing 312: features.0.0.weight"), "\(error)")
        #expect(error.contains("unexpected 8: 0.weight, 1.bias, 1.num_batches_tracked, 1.running_mean, 1.running_var, 1.weight, 4.bias, 4.weight"), "\(error)")
    }
}
