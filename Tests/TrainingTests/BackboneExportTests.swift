import Foundation
import Testing

/// What scripts/parity/backbones_export.py measured on real exports (Fixtures/backbones-export.json):
/// each exported resnet, efficientnet_lite0 and vit loaded with strict keys by its reference
/// library (and a vit LoRA adapter by peft onto timm's model) gives `finetune predict`'s logits
/// within 1e-4 and the same class on every photo. The names and shapes themselves are checked
/// live by ResNetTests, EfficientNetLite0Tests and VisionTransformerTests.
struct BackboneExportTests {
    struct Record: Decodable {
        struct Case: Decodable { var max_abs_difference: Double; var same_top1: [Bool] }
        var cases: [String: Case]
    }

    static let record: Record = try! JSONDecoder().decode(Record.self, from: Data(contentsOf: URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("Fixtures/backbones-export.json")))

    @Test(arguments: ["resnet18", "resnet50", "efficientnet_lite0", "vit_tiny_patch16", "vit_tiny_patch16 lora adapter"])
    func recordedExportPredictsAsFinetune(_ name: String) throws {
        let item = try #require(Self.record.cases[name])
        #expect(item.max_abs_difference <= 1e-4)
        #expect(item.same_top1.count == 4 && item.same_top1.allSatisfy { $0 })
    }
}
