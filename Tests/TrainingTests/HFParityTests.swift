import Foundation
import Testing
import SafeTensors
@testable import Models
@testable import Training

/// finetune's LoRA model against Hugging Face: the PEFT adapter loaded by peft onto the
/// untouched MiniLM, and the exported folder loaded by transformers (cls) or
/// sentence-transformers (mean), must give finetune's logits within 1e-4.
///
/// The committed references (Fixtures/hf-parity.json) are what the bench venv's libraries
/// printed for ``ParityModel`` (see the file's "command"); the default suite compares against
/// them. With the venv installed (or FINETUNE_PARITY=1) the libraries are also run live.
@Suite("Parity with transformers and peft", .enabled(if: hasMiniLM, "MiniLM asset missing (make deps)"), .serialized)
struct HFParityTests {
    static let tolerance = 1e-4

    static func reference(_ key: String) throws -> [[Double]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: projectRoot + "/Tests/TrainingTests/Fixtures/hf-parity.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(object[key] as? [[Double]], "no \(key) in hf-parity.json")
    }

    /// Writes the adapter and the export of the parity model; kept in FINETUNE_PARITY_KEEP when set.
    static func write(_ bert: BERT, pooling: String) throws -> (adapter: String, export: String, keep: TemporaryFolder) {
        let temporary = TemporaryFolder()
        let root = ProcessInfo.processInfo.environment["FINETUNE_PARITY_KEEP"].map { $0 + "/" + pooling } ?? temporary.path
        let adapter = root + "/adapter", export = root + "/export"
        try PEFTAdapter.write(bert, to: adapter, baseModel: miniLMFolder, labels: ParityModel.labels)
        try HFExport.write(bert, to: export, metadata: .init(labels: ParityModel.labels, regression: false,
                                                             maxLength: ParityModel.maxLength, tokenizerFolder: miniLMFolder))
        return (adapter, export, temporary)
    }

    @Test("finetune's logits equal the committed PEFT and transformers references", arguments: [BERT.Pooling.cls, .mean])
    func committedReferences(pooling: BERT.Pooling) throws {
        let ours = try ParityModel.logits(ParityModel.build(pooling: pooling))
        for kind in ["adapter", "export"] {
            let difference = maxDifference(ours, try Self.reference("\(kind)-\(pooling.rawValue)"))
            #expect(difference < Self.tolerance, "\(kind) \(pooling): max |difference| \(difference)")
        }
    }

    @Test("the adapter and the export load in peft/transformers/sentence-transformers with equal logits",
          .enabled(if: liveParityEnabled, "bench venv missing: scripts/bench-venv.sh (or FINETUNE_PARITY=1)"),
          arguments: [BERT.Pooling.cls, .mean])
    func liveParity(pooling: BERT.Pooling) throws {
        let bert = try ParityModel.build(pooling: pooling)
        let ours = try ParityModel.logits(bert)
        let (adapter, export, keep) = try Self.write(bert, pooling: pooling.rawValue)
        defer { withExtendedLifetime(keep) {} }
        for (kind, theirs) in try huggingFaceLogits(adapter: adapter, export: export, maxLength: ParityModel.maxLength, texts: ParityModel.texts) {
            let difference = maxDifference(ours, theirs)
            print("parity \(kind) \(pooling.rawValue): max |finetune - HF| = \(difference)")
            #expect(difference < Self.tolerance, "\(kind) \(pooling): max |difference| \(difference)")
        }
    }

    @Test func theAdapterHasPEFTsKeyNamesAndTheHeadAsModulesToSave() throws {
        let bert = try ParityModel.build(pooling: .cls)
        let (adapter, _, keep) = try Self.write(bert, pooling: "cls")
        defer { withExtendedLifetime(keep) {} }
        let names = try SafeTensors.read(adapter + "/adapter_model.safetensors").names.sorted()
        #expect(names.count == 6 * 3 * 2 + 2)
        #expect(names.contains("base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight"))
        #expect(names.contains("base_model.model.bert.encoder.layer.5.output.dense.lora_B.weight"))
        #expect(names.contains("base_model.model.classifier.weight"))
        #expect(!names.contains { $0.contains("attention.output.dense") }, "output is the layer's output.dense only")
    }
}
