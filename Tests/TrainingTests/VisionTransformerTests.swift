import Foundation
import Models
import Results
import SafeTensors
import Testing
import Torch
@testable import Experiment
@testable import Training

/// finetune's vit_*_patch16 against timm 1.0.31 (Fixtures/vit/parity.json, made by
/// scripts/parity/vit.py): timm's names and shapes for all three sizes, the same formula weights
/// give the same logits, and a pos_embed made at 32 px is resampled to 48 px as
/// timm resamples it.
struct VisionTransformerTests {
    struct Parity: Decodable {
        struct Size: Decodable { var names: [String]; var shapes: [[Int]]; var parameters: Int; var logits: [[Double]] }
        struct Resample: Decodable { var image_size: Int; var input_shape: [Int]; var pos_embed: [Double]; var logits: [[Double]] }
        var image_size: Int
        var input_shape: [Int]
        var sizes: [String: Size]
        var resample: Resample
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/vit")
    static let parity: Parity = try! JSONDecoder().decode(Parity.self, from: Data(contentsOf: folder.appendingPathComponent("parity.json")))

    static let sizes: [(ModelConfig.Architecture, VisionTransformer.Size)] = [(.vitTiny, .tiny), (.vitSmall, .small), (.vitBase, .base)]

    /// timm's state dict with every tensor set by the formula (names in timm's order).
    static func formulaState(_ reference: Parity.Size) throws -> [String: Tensor] {
        var state: [String: Tensor] = [:]
        for (k, name) in reference.names.enumerated() {
            state[name] = try MobileNetV2Tests.formulaTensor(name, k, shape: reference.shapes[k])
        }
        return state
    }

    @Test(arguments: sizes)
    func namesShapesAndBlocksAreTimms(_ architecture: ModelConfig.Architecture, _ size: VisionTransformer.Size) throws {
        let reference = try #require(Self.parity.sizes[size.rawValue])
        let network = try VisionTransformer(size: size, imageSize: Self.parity.image_size, outputs: 1000)
        let own = try network.stateDict()
        #expect(Set(own.keys) == Set(reference.names))
        for (name, shape) in zip(reference.names, reference.shapes) { #expect(own[name]?.shape == shape, "\(name)") }
        #expect(network.parameterCount() == reference.parameters)
        #expect(network.blockNames == architecture.backboneBlockNames)
        let uncovered = network.bodyParameters().map(\.name).filter { name in
            !network.blockNames.contains { Module.parameterName(name, isUnder: $0) }
        }
        #expect(uncovered.isEmpty)
    }

    @Test(arguments: VisionTransformer.Size.allCases)
    func randomWeightsGiveTimmsLogits(_ size: VisionTransformer.Size) throws {
        let reference = try #require(Self.parity.sizes[size.rawValue])
        let network = try VisionTransformer(size: size, imageSize: Self.parity.image_size, outputs: 1000)
        try network.load(stateDict: Self.formulaState(reference), strict: true)
        network.eval()
        let logits = try Torch.withNoGrad { try network(.dense(FormulaParity.input(Self.parity.input_shape))) }.toFloatArray()
        let expected = reference.logits.flatMap { $0 }
        #expect(logits.count == expected.count)
        let difference = zip(logits, expected).map { abs(Double($0) - $1) }.max() ?? .infinity
        print("\(size.timmName) random-weight parity: max |Δlogit| = \(difference) over \(expected.count) logits (|logit| up to \(expected.map(abs).max() ?? 0))")
        #expect(difference <= 1e-4)
    }

    /// A 32 px checkpoint (2×2 grid) loaded into a 48 px network (3×3): pos_embed resampled as
    /// timm's resample_abs_pos_embed, and the logits timm gives with that state.
    @Test func positionEmbeddingOfAnotherSizeIsResampledAsTimm() throws {
        let reference = try #require(Self.parity.sizes["tiny"])
        let resample = Self.parity.resample
        let network = try VisionTransformer(size: .tiny, imageSize: resample.image_size, outputs: 1000)
        let state = network.normalizedWeights(try Self.formulaState(reference))
        let embedding = try #require(state["pos_embed"])
        #expect(embedding.shape == [1, 10, 192])
        let positions = try embedding.toFloatArray()
        let worstPosition = zip(positions, resample.pos_embed).map { abs(Double($0) - $1) }.max() ?? .infinity
        try network.load(stateDict: state, strict: true)
        network.eval()
        let logits = try Torch.withNoGrad { try network(.dense(FormulaParity.input(resample.input_shape))) }.toFloatArray()
        let worst = zip(logits, resample.logits.flatMap { $0 }).map { abs(Double($0) - $1) }.max() ?? .infinity
        print("vit pos_embed 2×2 → 3×3: max |Δ| = \(worstPosition) on pos_embed, \(worst) on logits")
        #expect(worstPosition <= 1e-6)
        #expect(worst <= 1e-4)
    }

    /// A LoRA run on vit_tiny_patch16 from a timm-named safetensors file: only the updates of
    /// qkv and fc2 and the head train, the saved model is the merged plain ViT, the adapter
    /// holds PEFT's names with the head in modules_to_save, and the export has timm's names.
    @Test func loraRunWritesAPEFTAdapterAndATimmExport() throws {
        let fixture = try TrainingFixture()
        _ = try fixture.photos()
        // Starting weights made at 48 px: loading them at 32 px resamples pos_embed.
        let weights = try fixture.weightsFile("vit_tiny.safetensors", VisionTransformer(size: .tiny, imageSize: 48, outputs: 1000))
        let plan = try fixture.plan("lora.yaml", """
        experiment: vit-lora
        data: {source: {images: photos}, split: {train: 0.5, validation: 0.25, test: 0.25}}
        model: {architecture: vit_tiny_patch16, image_size: 32, pretrained: \(weights)}
        freeze: {strategy: lora, lora: {rank: 4, alpha: 8, targets: [qkv, fc2]}}
        schedule: {epochs: 2, batch_size: 4}
        evaluation: {metrics: [accuracy], select: validation.accuracy}
        output: {save_model: true}
        """)
        let result = try fixture.run(plan.runs[0])
        #expect(result.status == .done, "\(result.error ?? "")")
        #expect(result.lora?.modules.count == 24)
        #expect(result.imageInput?.mean == [0.5, 0.5, 0.5])
        let folder = fixture.runFolder("vit-lora", plan.runs[0].id)
        let adapter = try SafeTensorsFile(contentsOf: folder + "/adapter/adapter_model.safetensors")
        #expect(adapter.names.contains("base_model.model.blocks.0.attn.qkv.lora_A.weight"))
        #expect(adapter.names.contains("base_model.model.blocks.11.mlp.fc2.lora_B.weight"))
        #expect(adapter.info("base_model.model.head.weight")?.shape == [2, 192])
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/adapter/adapter_config.json"))) as? [String: Any]
        #expect(config?["modules_to_save"] as? [String] == ["head"])

        let saved = try SavedRun(folder: folder)
        let out = (fixture.directory as NSString).appendingPathComponent("export")
        try saved.export(to: out)
        let file = try SafeTensorsFile(contentsOf: out + "/model.safetensors")
        let expected = try #require(Self.parity.sizes["tiny"]).names
        #expect(Set(file.names) == Set(expected))
        #expect(file.info("pos_embed")?.shape == [1, 5, 192])
        let exported = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/config.json"))) as? [String: Any]
        #expect(exported?["format"] as? String == "timm")
        #expect((exported?["load"] as? String)?.contains("timm.create_model('vit_tiny_patch16_224', pretrained=False, num_classes=num_classes, img_size=32)") == true)
    }
}
