import Foundation
@testable import Datasets

/// Where the tokenizer tests find the downloaded assets: the machine-wide cache, found as
/// finetune finds it. Tests that need a file are disabled when it is absent.
enum TokenizerAssets {
    static let root: String? = {
        let root = AssetsRoot.resolve(environment: ProcessInfo.processInfo.environment)
        return FileManager.default.fileExists(atPath: root + "/minilm/vocab.txt") ? root : nil
    }()

    /// all-MiniLM-L6-v2's `vocab.txt`, when present.
    static let miniLMVocabulary: String? = root.map { $0 + "/minilm/vocab.txt" }

    static var hasMiniLM: Bool { miniLMVocabulary != nil }

    /// The MiniLM tokenizer, loaded once for all tests.
    static let miniLM: WordPieceTokenizer? = miniLMVocabulary.flatMap {
        try? WordPieceTokenizer(vocabularyFile: $0, lowercase: true)
    }

    /// A VADER ground-truth file, e.g. `tweets_GroundTruth.txt`, when present.
    static func vader(_ name: String) -> String? {
        guard let root else { return nil }
        let path = root + "/vader/" + name
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}

/// A vocabulary built from `tokens` after the four required special tokens
/// (`[PAD]`=0, `[UNK]`=1, `[CLS]`=2, `[SEP]`=3), so tests read ids off the list.
func tinyTokenizer(_ tokens: [String], lowercase: Bool = true) throws -> WordPieceTokenizer {
    let vocabulary = try Vocabulary(tokens: ["[PAD]", "[UNK]", "[CLS]", "[SEP]"] + tokens)
    return WordPieceTokenizer(vocabulary: vocabulary, lowercase: lowercase)
}

/// Writes `contents` to a fresh temporary file named `name` and returns its path.
func tokenizerTemporaryFile(_ name: String, _ contents: Data) throws -> String {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("tokenizer-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try contents.write(to: url)
    return url.path
}
