import Datasets
import Foundation
import Models
import Results
import SafeTensors
import Testing
import Torch
@testable import Experiment
@testable import Training

/// finetune's resnet18/34/50 against torchvision 0.29.2 (Fixtures/resnet/parity.json, made by
/// scripts/parity/resnet.py): the same formula weights (MobileNetV2Tests' formula, tensor k in
/// state-dict order) give the same logits on the same 64 px input.
struct ResNetTests {
    struct Parity: Decodable {
        struct Depth: Decodable { var names: [String]; var parameters: Int; var logits: [[Double]] }
        var input_shape: [Int]
        var depths: [String: Depth]
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/resnet")
    static let parity: Parity = try! JSONDecoder().decode(Parity.self, from: Data(contentsOf: folder.appendingPathComponent("parity.json")))

    struct Case: Sendable, CustomTestStringConvertible {
        var architecture: ModelConfig.Architecture
        var depth: ResNet.Depth
        var tensors: Int
        var testDescription: String { architecture.rawValue }
    }

    static let cases = [
        Case(architecture: .resnet18, depth: .d18, tensors: 122),
        Case(architecture: .resnet34, depth: .d34, tensors: 218),
        Case(architecture: .resnet50, depth: .d50, tensors: 320),
    ]

    @Test(arguments: cases)
    func namesAndBlocksAreTorchvisions(_ item: Case) throws {
        let reference = try #require(Self.parity.depths[String(item.depth.rawValue)])
        let network = try ResNet(depth: item.depth, imageSize: 64, outputs: 1000)
        let own = Set(network.stateNames())
        #expect(reference.names.count == item.tensors)
        #expect(Set(reference.names.map(ResNet.ownName)) == own)
        #expect(Set(own.map(ResNet.referenceName)) == Set(reference.names))
        #expect(network.parameterCount() == reference.parameters)
        #expect(network.blockNames == item.architecture.backboneBlockNames)
        // Every block is a real module prefix, and together they hold every body tensor.
        for block in network.blockNames { #expect(network.block(named: block) != nil, "\(block)") }
        let uncovered = network.bodyParameters().map(\.name).filter { name in
            !network.blockNames.contains { Module.parameterName(name, isUnder: $0) }
        }
        #expect(uncovered.isEmpty)
    }

    @Test(arguments: cases)
    func randomWeightsGiveTorchvisionsLogits(_ item: Case) throws {
        let reference = try #require(Self.parity.depths[String(item.depth.rawValue)])
        let network = try ResNet(depth: item.depth, imageSize: 64, outputs: 1000)
        let difference = try FormulaParity.maxDifference(network, label: item.architecture.rawValue, names: reference.names, ownName: ResNet.ownName,
                                                         inputShape: Self.parity.input_shape, expected: reference.logits)
        #expect(difference <= 1e-4)
    }

    /// A real resnet18 run on the MobileNetV2 fixture photos with the stem and layer1 frozen:
    /// their weights and BatchNorm running statistics come out bit-identical, the export has
    /// torchvision's names (`fc.weight`), and a safetensors file in torchvision's names loads
    /// as `pretrained`.
    @Test func frozenBlocksKeepTheirStatisticsAndExportHasTorchvisionsNames() throws {
        let fixture = try TrainingFixture()
        _ = try fixture.photos()
        // Starting weights: a fresh resnet18 written with torchvision's names and a 1000-class fc.
        let weights = try fixture.weightsFile("resnet18.safetensors", ResNet(depth: .d18, imageSize: 32, outputs: 1000), rename: ResNet.referenceName)
        let plan = try fixture.plan("frozen.yaml", """
        experiment: resnet-frozen
        data: {source: {images: photos}, split: {train: 0.5, validation: 0.25, test: 0.25}}
        model: {architecture: resnet18, image_size: 32, pretrained: \(weights)}
        freeze: {strategy: bottom, layers: 4}
        schedule: {epochs: 2, batch_size: 4}
        evaluation: {metrics: [accuracy], select: validation.accuracy}
        output: {save_model: true}
        """)
        let result = try fixture.run(plan.runs[0])
        #expect(result.status == .done, "\(result.error ?? "")")
        let freeze = try #require(result.freeze)
        #expect(freeze.frozenBlocks == ["conv1", "bn1", "layer1.0", "layer1.1"])
        #expect(freeze.changedTensors.isEmpty)
        #expect(freeze.checkedTensors > 20)
        #expect(result.pretrained?.loadedTensors == 120)
        #expect(result.imageInput?.mean == ImagePreprocessing.imagenetMean)

        let saved = try SavedRun(folder: fixture.runFolder("resnet-frozen", plan.runs[0].id))
        let out = (fixture.directory as NSString).appendingPathComponent("export")
        #expect(try saved.export(to: out) == ["config.json", "model.safetensors"])
        let file = try SafeTensorsFile(contentsOf: out + "/model.safetensors")
        let expected = try #require(Self.parity.depths["18"]).names.filter { !$0.hasPrefix("fc.") } + ["fc.weight", "fc.bias"]
        #expect(Set(file.names) == Set(expected))
        #expect(file.info("fc.weight")?.shape == [2, 512])
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/config.json"))) as? [String: Any]
        #expect(config?["architecture"] as? String == "resnet18")
        #expect((config?["load"] as? String)?.contains("torchvision.models.resnet18(num_classes=num_classes)") == true)
    }

    /// `head.replace: false` keeps a 1000-class head: on two-class photos it is refused, naming
    /// the file, both sizes and the fix.
    @Test func keepingTheImageNetHeadNeedsItsClasses() throws {
        let fixture = try TrainingFixture()
        _ = try fixture.photos(copies: 1)
        let weights = try fixture.weightsFile("resnet18.safetensors", ResNet(depth: .d18, imageSize: 32, outputs: 1000), rename: ResNet.referenceName)
        let plan = try fixture.plan("keep.yaml", """
        experiment: resnet-keep
        data: {source: {images: photos}, split: {train: 0.5, validation: 0.5, test: 0}}
        model: {architecture: resnet18, image_size: 32, pretrained: \(weights), head: {replace: false}}
        schedule: {epochs: 1, batch_size: 2}
        evaluation: {metrics: [accuracy], select: validation.accuracy}
        """)
        let result = try fixture.run(plan.runs[0])
        #expect(result.status == .failed)
        #expect(result.error == "model.head.replace: false keeps the head of \(weights), which has 1000 outputs, but the data has 2 classes; set model.head.replace: true for a new head sized to the data, or train on data with those 1000 classes")
    }
}
