import Foundation
import Testing
@testable import Datasets

/// Which tokenizer file a model folder's tokenizer comes from, and that MiniLM read through
/// its tokenizer.json gives the ids its vocab.txt gave (the built-in model switched files).
@Suite struct TextTokenizerFolderTests {
    static let fixtures = TokenizerJSONParityTests.folder

    /// A fresh folder holding copies of `files` (fixture-relative path → name in the folder).
    static func folder(_ files: [(String, String)]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("text-tokenizer-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (source, name) in files {
            try FileManager.default.copyItem(atPath: fixtures + "/" + source, toPath: folder + "/" + name)
        }
        return folder
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let files: [(String, String)]
        let chosen: String
        let isHuggingFace: Bool
        var testDescription: String { files.map(\.1).joined(separator: " + ") }
    }

    static let cases = [
        Case(files: [("unigram/tokenizer.json", "tokenizer.json"), ("bpe/vocab.json", "vocab.json"),
                     ("bpe/merges.txt", "merges.txt")], chosen: "tokenizer.json", isHuggingFace: true),
        Case(files: [("bpe/vocab.json", "vocab.json"), ("bpe/merges.txt", "merges.txt")], chosen: "vocab.json", isHuggingFace: true),
        Case(files: [("bpe/vocab.json", "vocab.json")], chosen: "", isHuggingFace: false),
    ]

    @Test(arguments: cases)
    func theFolderDecidesTheTokenizer(_ folderCase: Case) throws {
        let folder = try Self.folder(folderCase.files)
        guard !folderCase.chosen.isEmpty else {
            #expect(TextTokenizer.file(in: folder) == nil)
            #expect {
                try TextTokenizer.load(folder: folder, lowercase: true)
            } throws: { error in
                (error as! TokenizerError).description.hasPrefix(folder + ": no tokenizer")
            }
            return
        }
        #expect(TextTokenizer.file(in: folder) == folder + "/" + folderCase.chosen)
        let tokenizer = try TextTokenizer.load(folder: folder, lowercase: true)
        if case .huggingFace = tokenizer {} else { Issue.record("expected the tokenizer.json/BPE reader") }
        let batch = tokenizer.encodeBatch(["a short one", "a somewhat longer text than the first"], maxLength: 32)
        #expect(batch.batchSize == 2)
        #expect(batch.attentionMask(row: 0).last == 0, "the shorter row is padded")
    }

    @Test(.enabled(if: TokenizerAssets.hasMiniLM && TokenizerAssets.vader("tweets_GroundTruth.txt") != nil))
    func miniLMTokenizerJSONMatchesItsVocabulary() throws {
        let wordPiece = try #require(TokenizerAssets.miniLM)
        let folder = try #require(TokenizerAssets.root) + "/minilm"
        let json = try HFTokenizer(file: folder + "/tokenizer.json")
        let texts = try TokenizerVADERParityTests.texts(try #require(TokenizerAssets.vader("tweets_GroundTruth.txt")))
            + TokenizerJSONParityTests.edgeTexts
        var differing: [String] = []
        for text in texts where json.encode(text, maxLength: 128).ids != wordPiece.encode(text, maxLength: 128).ids {
            differing.append(text)
        }
        #expect(differing.isEmpty, "\(differing.count) differ, first: \(differing.prefix(3))")
        #expect(json.vocabularySize == wordPiece.vocabulary.tokens.count)
    }
}
