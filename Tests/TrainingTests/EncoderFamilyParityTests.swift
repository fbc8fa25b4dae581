import Foundation
import Testing
@testable import Datasets
@testable import Models
@testable import Training
import Torch

/// BERT, RoBERTa, XLM-R, ELECTRA (embeddings as wide as the layers, and narrower with
/// `embeddings_project`) and DistilBERT folders (config.json, model.safetensors, tokenizer.json)
/// made by transformers from seeded tiny configs (`scripts/parity/encoders_tiny.py`): finetune's
/// encoder reads them (RoBERTa's positions counted from `pad_token_id + 1`, DistilBERT under its
/// own names), and its ids and last hidden states equal transformers' (1e-4).
@Suite struct EncoderFamilyParityTests {
    static let fixtures = projectRoot + "/Tests/TrainingTests/Fixtures/encoders"

    /// A folder's reference.json: per text, transformers' ids and last hidden state.
    struct Reference: Decodable {
        struct Row: Decodable { let text: String; let ids: [Int]; let hidden: [[Double]] }
        let family: String
        let rows: [Row]

        static func load(_ name: String) throws -> Reference {
            try JSONDecoder().decode(Reference.self, from: Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + name + "/reference.json")))
        }
    }

    /// The reference texts through the folder's own tokenizer as one padded batch, as the
    /// references were made: the batch, and its ids and mask as tensors.
    static func encode(_ reference: Reference, in folder: BERTFolder) throws -> (batch: EncodedBatch, ids: Tensor, mask: Tensor) {
        let tokenizer = try TextTokenizer.load(folder: folder.path, lowercase: false)
        let batch = tokenizer.encodeBatch(reference.rows.map(\.text), maxLength: 64)
        let shape = [batch.batchSize, batch.sequenceLength]
        return (batch, try Tensor(batch.ids, shape: shape), try Tensor(batch.attentionMask, shape: shape))
    }

    @Test(arguments: ["bert", "roberta", "xlm-roberta", "electra", "electra-projected", "distilbert"])
    func lastHiddenStatesMatchTransformers(_ name: String) throws {
        let folder = BERTFolder(Self.fixtures + "/" + name)
        let reference = try Reference.load(name)
        let config = try folder.config()
        let family = reference.family
        let offset = family.hasSuffix("roberta") ? 2 : 0
        #expect(config.modelType == family && config.positionOffset == offset && config.maximumSequenceLength == 64)
        #expect(config.embeddingWidth == (name == "electra-projected" ? 16 : 32))
        let model = try BERT(config: config, pooling: .mean, outputs: 1, dropout: 0)
        try model.loadWeights(from: folder.weightsFile)
        model.eval()

        let (batch, ids, mask) = try Self.encode(reference, in: folder)
        let hidden = try Torch.withNoGrad { try model.hiddenStates(ids: ids, mask: mask).toFloatArray() }
        let width = config.hiddenSize
        var worst = 0.0
        for (row, expected) in reference.rows.enumerated() {
            let ids = zip(batch.ids(row: row), batch.attentionMask(row: row)).filter { $0.1 == 1 }.map { Int($0.0) }
            #expect(ids == expected.ids, "\(expected.text.debugDescription)")
            for (position, token) in expected.hidden.enumerated() {
                let start = (row * batch.sequenceLength + position) * width
                for (value, want) in zip(hidden[start..<start + width], token) { worst = max(worst, abs(Double(value) - want)) }
            }
        }
        #expect(worst < 1e-4, "largest difference \(worst)")
        print("parity \(name): largest difference \(worst)")
    }

    /// Each family's seeded 2-label `ForSequenceClassification` checkpoint loads into the
    /// cls-pooled model with every key in place (BERT's pooler, the others' `classifier.dense`
    /// or `pre_classifier`), and its logits equal transformers' in evaluation mode (1e-4): the
    /// classifier the run builds and `finetune export` writes, checked without the bench venv.
    @Test(arguments: ["bert", "roberta", "xlm-roberta", "electra", "electra-projected", "distilbert"])
    func sequenceClassificationLogitsMatchTransformers(_ name: String) throws {
        struct Logits: Decodable { let `class`: String; let logits: [[Float]] }
        let folder = BERTFolder(Self.fixtures + "/" + name)
        let reference = try Reference.load(name)
        let expected = try JSONDecoder().decode(Logits.self, from: Data(contentsOf: URL(fileURLWithPath: folder.file("seq-classification.json"))))
        let model = try BERT(config: folder.config(), pooling: .cls, outputs: 2, dropout: 0)
        let copied = try model.loadWeights(from: folder.file("seq-classification.safetensors"), includeHead: true)
        #expect(copied == (model.namedParameters() + model.namedBuffers()).count, "every tensor of \(expected.class) in place")
        model.eval()

        let (_, ids, mask) = try Self.encode(reference, in: folder)
        let logits = try Torch.withNoGrad { try model(.tokens(ids: ids, mask: mask)).toFloatArray() }
        #expect(logits.count == expected.logits.count * 2)
        let worst = zip(logits, expected.logits.flatMap { $0 }).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 1e-4, "largest difference \(worst)")
        print("parity \(name) \(expected.class): largest logit difference \(worst)")
    }

    /// DistilBERT's blocks carry its names, so freezing and layer decay count them as BERT's;
    /// ELECTRA's projection is a block of its own above the embeddings.
    @Test func blocksCarryTheFamilysNames() throws {
        let distil = try BERT(config: BERTFolder(Self.fixtures + "/distilbert").config(), pooling: .cls, outputs: 2)
        #expect(distil.blockNames == ["embeddings", "transformer.layer.0", "transformer.layer.1"])
        #expect(distil.namedParameters().map(\.name).contains("pre_classifier.weight"))
        let projected = try BERT(config: BERTFolder(Self.fixtures + "/electra-projected").config(), pooling: .mean, outputs: 2)
        #expect(projected.blockNames == ["embeddings", "embeddings_project", "encoder.layer.0", "encoder.layer.1"])
    }

    /// config.json round trip: a saved DistilBERT or projected ELECTRA reads back as it was.
    @Test(arguments: ["distilbert", "electra-projected"])
    func configRoundTrips(_ name: String) throws {
        let config = try BERTFolder(Self.fixtures + "/" + name).config()
        let again = try JSONDecoder().decode(BERTConfig.self, from: JSONEncoder().encode(config))
        #expect(again == config)
    }

    @Test func embedReadsARobertaFolder() throws {
        let embedder = try SentenceEmbedder(model: Self.fixtures + "/roberta", assetsRoot: assetsRoot)
        #expect(embedder.maxLength == 64, "positions 2...65 of 66")
        let embeddings = try embedder.embed(["A great movie!", String(repeating: "long ", count: 200)])
        #expect(embeddings[1].ids.count == 64)
        #expect(embeddings.allSatisfy { $0.embedding.count == 32 && $0.embedding.allSatisfy(\.isFinite) })
    }
}
