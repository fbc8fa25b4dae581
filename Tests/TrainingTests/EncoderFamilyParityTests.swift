import Foundation
import Testing
@testable import Datasets
@testable import Models
@testable import Training
import Torch

/// RoBERTa, XLM-R and ELECTRA folders (config.json, model.safetensors, tokenizer.json) made by
/// transformers from seeded tiny configs (`scripts/parity/encoders_tiny.py`): finetune's encoder
/// reads them as BERT (RoBERTa's positions counted from `pad_token_id + 1`), and its ids and
/// last hidden states equal transformers' (1e-4).
@Suite struct EncoderFamilyParityTests {
    static let fixtures = projectRoot + "/Tests/TrainingTests/Fixtures/encoders"

    struct Reference: Decodable {
        struct Row: Decodable { let text: String; let ids: [Int]; let hidden: [[Float]] }
        let family: String
        let rows: [Row]
    }

    @Test(arguments: ["roberta", "xlm-roberta", "electra"])
    func lastHiddenStatesMatchTransformers(_ family: String) throws {
        let folder = BERTFolder(Self.fixtures + "/" + family)
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: URL(fileURLWithPath: folder.file("reference.json"))))
        let config = try folder.config()
        let offset = family == "electra" ? 0 : 2
        #expect(config.modelType == family && config.positionOffset == offset && config.maximumSequenceLength == 64)
        let model = try BERT(config: config, pooling: .mean, outputs: 1, dropout: 0)
        try model.loadWeights(from: folder.weightsFile)
        model.eval()

        let tokenizer = try TextTokenizer.load(folder: folder.path, lowercase: false)
        let batch = tokenizer.encodeBatch(reference.rows.map(\.text), maxLength: 64)
        let shape = [batch.batchSize, batch.sequenceLength]
        let hidden = try Torch.withNoGrad {
            try model.hiddenStates(ids: Tensor(batch.ids, shape: shape), mask: Tensor(batch.attentionMask, shape: shape)).toFloatArray()
        }
        let width = config.hiddenSize
        var worst: Float = 0
        for (row, expected) in reference.rows.enumerated() {
            let ids = zip(batch.ids(row: row), batch.attentionMask(row: row)).filter { $0.1 == 1 }.map { Int($0.0) }
            #expect(ids == expected.ids, "\(expected.text.debugDescription)")
            for (position, token) in expected.hidden.enumerated() {
                let start = (row * batch.sequenceLength + position) * width
                for (value, want) in zip(hidden[start..<start + width], token) { worst = max(worst, abs(value - want)) }
            }
        }
        #expect(worst < 1e-4, "largest difference \(worst)")
    }

    @Test func embedReadsARobertaFolder() throws {
        let embedder = try SentenceEmbedder(model: Self.fixtures + "/roberta", assetsRoot: assetsRoot)
        #expect(embedder.maxLength == 64, "positions 2...65 of 66")
        let embeddings = try embedder.embed(["A great movie!", String(repeating: "long ", count: 200)])
        #expect(embeddings[1].ids.count == 64)
        #expect(embeddings.allSatisfy { $0.embedding.count == 32 && $0.embedding.allSatisfy(\.isFinite) })
    }
}
