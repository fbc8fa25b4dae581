import Foundation
import Testing
import Training

/// Sentence embeddings of all-MiniLM-L6-v2 against the original sentence-transformers model.
///
/// The fixture Fixtures/minilm-embeddings.json was produced independently of this project by
/// scripts/reference-embeddings.py: sentence-transformers 2.3.1 and transformers 4.36.2 on
/// Debian's PyTorch 1.13, loading the same local folder offline. It holds the ids and all 384
/// components for sentences with punctuation, accents, an empty text and one longer than the
/// model's 256-token limit.
@Suite(.enabled(if: hasMiniLM, "MiniLM asset not downloaded (make deps)"))
struct BERTEmbeddingParityTests {
    struct Reference: Decodable {
        struct Case: Decodable { var text: String; var ids: [Int]; var embedding: [Float] }
        var max_seq_length: Int
        var pair_cosine: Double
        var cases: [Case]
    }

    static let reference: Reference = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/minilm-embeddings.json")
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: file))
    }()

    @Test func embeddingsMatchSentenceTransformers() throws {
        let reference = Self.reference
        let embedder = try SentenceEmbedder(model: miniLMFolder, assetsRoot: assetsRoot)
        #expect(embedder.maxLength == reference.max_seq_length)
        // One padded batch: every shorter text is padded to the 256-token one.
        let embeddings = try embedder.embed(reference.cases.map(\.text), batchSize: 16)
        var worst: Float = 0
        for (mine, theirs) in zip(embeddings, reference.cases) {
            #expect(mine.ids == theirs.ids, "\(theirs.text.prefix(40))")
            #expect(mine.embedding.count == 384)
            let diff = zip(mine.embedding, theirs.embedding).map { abs($0 - $1) }.max() ?? .infinity
            #expect(diff < 1e-4, "\(theirs.text.prefix(40)): max abs diff \(diff)")
            worst = max(worst, diff)
        }
        print("BERT parity: max abs diff per component \(worst) over \(embeddings.count) sentences")
    }

    @Test func examplePairCosineIs0_8939() throws {
        let embedder = try SentenceEmbedder(model: "all-MiniLM-L6-v2", assetsRoot: assetsRoot)
        let pair = try embedder.embed(["The new movie is awesome", "The new movie is so great"])
        let cosine = zip(pair[0].embedding, pair[1].embedding).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        #expect((cosine * 10_000).rounded() / 10_000 == 0.8939)
        #expect(abs(cosine - Self.reference.pair_cosine) < 1e-5)
    }

    @Test func jsonHasTextIdsAndEmbedding() throws {
        let json = try SentenceEmbedder.json([.init(text: "a \"quoted\" text", ids: [101, 102], embedding: [0.5, -1.25e-05])])
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(parsed?.first?["text"] as? String == "a \"quoted\" text")
        #expect(parsed?.first?["ids"] as? [Int] == [101, 102])
        #expect((parsed?.first?["embedding"] as? [Double])?.first == 0.5)
    }
}
