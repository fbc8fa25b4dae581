import Foundation
import Testing
@testable import Datasets
@testable import Models
@testable import Training

/// A BERT folder whose tokenizer is a tokenizer.json (or RoBERTa's vocab.json + merges.txt)
/// instead of vocab.txt: `finetune embed` reads it, and its ids are the tokenizer's.
@Suite struct BERTTokenizerFolderTests {
    static let fixtures = projectRoot + "/Tests/DatasetsTests/Fixtures/tokenizers"

    struct Case: Sendable, CustomTestStringConvertible {
        let kind: String
        let files: [String]
        var testDescription: String { kind + ": " + files.joined(separator: " + ") }
    }

    static let cases = [
        Case(kind: "wordpiece", files: ["tokenizer.json"]),
        Case(kind: "unigram", files: ["tokenizer.json"]),
        Case(kind: "bpe", files: ["tokenizer.json"]),
        Case(kind: "bpe", files: ["vocab.json", "merges.txt"]),
    ]

    @Test(arguments: cases)
    func embedReadsTheFolderTokenizer(_ folderCase: Case) throws {
        let folder = TemporaryFolder()
        for name in folderCase.files {
            try FileManager.default.copyItem(atPath: Self.fixtures + "/\(folderCase.kind)/\(name)", toPath: folder.file(name))
        }
        let config = BERTConfig(vocabSize: 2001, hiddenSize: 8, numHiddenLayers: 1, numAttentionHeads: 2,
                                intermediateSize: 16, maxPositionEmbeddings: 32)
        try BERTFolder(folder.path).writeCompanions(config: config, from: nil)
        try writeCheckpoint(try BERT(config: config, outputs: 1), to: folder.file("model.safetensors"))

        let embedder = try SentenceEmbedder(model: folder.path, assetsRoot: assetsRoot, maxLength: 24)
        let texts = ["A great movie!", "naïve café, 中文 and 😀", ""]
        let embeddings = try embedder.embed(texts, batchSize: 2)
        let tokenizer = try TextTokenizer.load(folder: folder.path, lowercase: true)
        for (embedding, text) in zip(embeddings, texts) {
            #expect(embedding.ids == tokenizer.encode(text, maxLength: 24).ids)
            #expect(embedding.embedding.count == 8 && embedding.embedding.allSatisfy(\.isFinite))
        }
    }
}
