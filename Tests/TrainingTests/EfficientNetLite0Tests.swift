import Datasets
import Foundation
@testable import Models
import Results
import SafeTensors
import Testing
import Torch
@testable import Experiment
@testable import Training

/// finetune's efficientnet_lite0 against a plain-torch reference written after the
/// efficientnet-lite-pytorch design (Fixtures/efficientnet_lite0/parity.json, made by
/// scripts/parity/efficientnet_lite0.py): the same formula weights give the same logits, and the
/// real checkpoint gives the reference's logits and top-5 classes on the four fixture photos.
struct EfficientNetLite0Tests {
    struct Parity: Decodable {
        struct Random: Decodable { var names: [String]; var parameters: Int; var input_shape: [Int]; var logits: [[Double]] }
        var random: Random
        var imagenet: MobileNetV2Tests.Parity.ImageNet
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/efficientnet_lite0")
    static let parity: Parity = try! JSONDecoder().decode(Parity.self, from: Data(contentsOf: folder.appendingPathComponent("parity.json")))
    static let weights = (TrainingFixture.assetsRoot as NSString).appendingPathComponent("efficientnet_lite0/efficientnet-lite0-57934424.pth")
    static var hasWeights: Bool { FileManager.default.fileExists(atPath: weights) }

    /// TensorFlow's "SAME": ⌈size / stride⌉ outputs, the odd padding after (bottom/right).
    /// [size, kernel, stride, padding before, padding after]
    @Test(arguments: [
        [224, 3, 2, 0, 1], [224, 5, 2, 1, 2], [7, 3, 2, 1, 1], [7, 5, 2, 2, 2], [14, 3, 1, 1, 1], [14, 5, 1, 2, 2], [9, 1, 1, 0, 0],
    ])
    func samePadding(_ row: [Int]) {
        let padding = SamePaddingConv2d.padding(size: row[0], kernel: row[1], stride: row[2])
        #expect(padding.before == row[3] && padding.after == row[4])
    }

    @Test func namesAreTheCheckpoints() throws {
        let network = try EfficientNetLite0(imageSize: 64, outputs: 1000)
        let own = Set(network.stateNames())
        let reference = Self.parity.random.names
        #expect(reference.count == 296)
        #expect(Set(reference.map(EfficientNetLite0.ownName)) == own)
        #expect(Set(own.map(EfficientNetLite0.referenceName)) == Set(reference))
        #expect(network.parameterCount() == 4_652_008)
        #expect(network.parameterCount() == Self.parity.random.parameters)
        #expect(network.blockNames == ModelConfig.Architecture.efficientnetLite0.backboneBlockNames)
        for block in network.blockNames { #expect(network.block(named: block) != nil, "\(block)") }
        let uncovered = network.bodyParameters().map(\.name).filter { name in
            !network.blockNames.contains { Module.parameterName(name, isUnder: $0) }
        }
        #expect(uncovered.isEmpty)
    }

    @Test func randomWeightsGiveTheReferencesLogits() throws {
        let network = try EfficientNetLite0(imageSize: 64, outputs: 1000)
        let difference = try FormulaParity.maxDifference(network, label: "efficientnet_lite0", names: Self.parity.random.names,
                                                         ownName: EfficientNetLite0.ownName,
                                                         inputShape: Self.parity.random.input_shape, expected: Self.parity.random.logits)
        #expect(difference <= 1e-4)
    }

    /// The real checkpoint on the real photos, normalised with the architecture's own
    /// statistics (mean 127/255, std 128/255 on 0–1 values: (x − 127) / 128 on 0–255).
    @Test(.enabled(if: hasWeights, "efficientnet_lite0 asset not fetched (finetune fetch efficientnet_lite0)"))
    func imagenetWeightsGiveTheReferencesClassesOnRealPhotos() throws {
        let network = try EfficientNetLite0(imageSize: 224, outputs: 1000)
        try network.load(stateDict: network.normalizedWeights(Checkpoint.read(Self.weights)), strict: true)
        network.eval()
        let cases = Self.parity.imagenet.cases
        let statistics = try #require(ModelConfig.Architecture.efficientnetLite0.imageInput)
        let worst = try PhotoParity.maxDifference(network, label: "efficientnet_lite0", cases: cases, mean: statistics.mean, std: statistics.std)
        #expect(worst <= 1e-4)
        #expect(cases[0].top5.prefix(2).map(\.class).sorted() == [282, 285] && cases[1].top5[0].class == 967)
    }

    /// A real run (imagenet weights when fetched) with the stem and first four blocks frozen:
    /// their BatchNorm statistics stay, result.json records lite0's own mean and std, and the
    /// export carries the checkpoint's names with `_fc`.
    @Test func frozenRunRecordsItsStatisticsAndExportsTheCheckpointsNames() throws {
        let fixture = try TrainingFixture()
        _ = try fixture.photos()
        let plan = try fixture.plan("frozen.yaml", """
        experiment: lite-frozen
        data: {source: {images: photos}, split: {train: 0.5, validation: 0.25, test: 0.25}}
        model: {architecture: efficientnet_lite0, image_size: 32, pretrained: \(Self.hasWeights ? "imagenet" : "none")}
        freeze: {strategy: bottom, layers: 6}
        schedule: {epochs: 2, batch_size: 4}
        evaluation: {metrics: [accuracy], select: validation.accuracy}
        output: {save_model: true}
        """)
        let result = try fixture.run(plan.runs[0])
        #expect(result.status == .done, "\(result.error ?? "")")
        let freeze = try #require(result.freeze)
        #expect(freeze.frozenBlocks == ["_conv_stem", "_bn0", "_blocks.0", "_blocks.1", "_blocks.2", "_blocks.3"])
        #expect(freeze.changedTensors.isEmpty)
        let statistics = try #require(ModelConfig.Architecture.efficientnetLite0.imageInput)
        #expect(result.imageInput?.mean == statistics.mean)
        #expect(result.imageInput?.std == statistics.std)
        #expect(statistics.mean.allSatisfy { abs($0 * 255 - 127) < 1e-9 } && statistics.std.allSatisfy { abs($0 * 255 - 128) < 1e-9 })
        if Self.hasWeights { #expect(result.pretrained?.loadedTensors == 294) }

        let saved = try SavedRun(folder: fixture.runFolder("lite-frozen", plan.runs[0].id))
        let out = (fixture.directory as NSString).appendingPathComponent("export")
        try saved.export(to: out)
        let file = try SafeTensorsFile(contentsOf: out + "/model.safetensors")
        #expect(Set(file.names) == Set(Self.parity.random.names))
        #expect(file.info("_fc.weight")?.shape == [2, 1280])
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/config.json"))) as? [String: Any]
        #expect(config?["format"] as? String == "efficientnet-lite-pytorch")
        #expect(config?["load"] as? String == "model = EfficientNetLite0(num_classes=num_classes); model.load_state_dict(safetensors.torch.load_file('model.safetensors'))")
        #expect((config?["note"] as? String)?.contains("scripts/parity/efficientnet_lite0.py") == true)
        let written = try #require(config?["mean"] as? [Double])
        #expect(zip(written, statistics.mean).allSatisfy { abs($0 - $1) < 1e-12 })
    }
}

/// The upstream drop connect: in training a residual block adds, per photo, either nothing or
/// its branch scaled by 1 / (1 − p); in evaluation the whole branch.
struct EfficientNetDropConnectTests {
    @Test func trainingDropsWholeBranchesPerPhotoAndScalesTheRest() throws {
        let block = try MBConvBlock(16, 16, kernel: 3, stride: 1, expansion: 6, dropConnect: 0.5)
        let x = try Tensor.randn([64, 16, 4, 4])
        block.eval()
        let branch = try Torch.withNoGrad { try block(x) - x }
        // Training mode with BatchNorm kept in evaluation, so only the drop differs.
        block.train()
        for (_, module) in block.namedModules() where module is BatchNorm2d { module.eval() }
        let added = try Torch.withNoGrad { try block(x) - x }
        let full = try branch.toFloatArray(), kept = try added.toFloatArray()
        let width = 16 * 4 * 4
        var dropped = 0
        for photo in 0..<64 {
            let mine = kept[(photo * width)..<((photo + 1) * width)], whole = full[(photo * width)..<((photo + 1) * width)]
            if mine.allSatisfy({ $0 == 0 }) { dropped += 1; continue }
            #expect(zip(mine, whole).allSatisfy { abs($0 - 2 * $1) <= 1e-5 * max(1, abs($1)) }, "photo \(photo)")
        }
        #expect(dropped > 10 && dropped < 54)
        #expect(EfficientNetLite0.dropConnectRate == 0.2)
    }
}
