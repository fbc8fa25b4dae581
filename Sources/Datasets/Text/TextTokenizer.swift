import Foundation

/// The tokenizer of a Hugging Face model folder, whichever files it ships: `tokenizer.json`
/// first (what the `tokenizers` library itself reads), else RoBERTa-style `vocab.json` with
/// `merges.txt`, else BERT's `vocab.txt`.
public enum TextTokenizer: Sendable {
    case wordPiece(WordPieceTokenizer)
    case huggingFace(HFTokenizer)

    /// The tokenizer files a folder can hold, in the order they are preferred.
    public static let fileNames = ["tokenizer.json", "vocab.json", "merges.txt", "vocab.txt"]

    /// The file (or first of two files) `load(folder:lowercase:)` reads, or nil when the
    /// folder has none.
    public static func file(in folder: String) -> String? {
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }
        if exists("tokenizer.json") { return path("tokenizer.json") }
        if exists("vocab.json") && exists("merges.txt") { return path("vocab.json") }
        if exists("vocab.txt") { return path("vocab.txt") }
        return nil
    }

    /// Reads the folder's tokenizer.
    /// - Parameters:
    ///   - folder: the model folder.
    ///   - lowercase: for a bare `vocab.txt` only (`do_lower_case`); the other files say it.
    /// - Throws: `TokenizerError` naming the file; `fileNotFound` naming the folder when it
    ///   holds none of `fileNames`.
    public static func load(folder: String, lowercase: Bool) throws(TokenizerError) -> TextTokenizer {
        guard let file = file(in: folder) else {
            throw TokenizerError(.fileNotFound, path: folder,
                                 "no tokenizer: expected tokenizer.json, vocab.json with merges.txt, or vocab.txt")
        }
        switch (file as NSString).lastPathComponent {
        case "tokenizer.json":
            return .huggingFace(try HFTokenizer(file: file))
        case "vocab.json":
            return .huggingFace(try HFTokenizer(vocabularyFile: file,
                                                mergesFile: (folder as NSString).appendingPathComponent("merges.txt")))
        default:
            return .wordPiece(try WordPieceTokenizer(vocabularyFile: file, lowercase: lowercase))
        }
    }

    /// Number of token ids the tokenizer can produce (at most the model's `vocab_size`).
    public var vocabularySize: Int {
        switch self {
        case .wordPiece(let tokenizer): return tokenizer.vocabulary.tokens.count
        case .huggingFace(let tokenizer): return tokenizer.vocabularySize
        }
    }

    /// One input with its special tokens, truncated to `maxLength` ids.
    public func encode(_ text: String, maxLength: Int) -> (ids: [Int], attentionMask: [Int]) {
        switch self {
        case .wordPiece(let tokenizer): return tokenizer.encode(text, maxLength: maxLength)
        case .huggingFace(let tokenizer): return tokenizer.encode(text, maxLength: maxLength)
        }
    }

    /// A batch padded to its longest row.
    public func encodeBatch(_ texts: [String], maxLength: Int) -> EncodedBatch {
        switch self {
        case .wordPiece(let tokenizer): return tokenizer.encodeBatch(texts, maxLength: maxLength)
        case .huggingFace(let tokenizer): return tokenizer.encodeBatch(texts, maxLength: maxLength)
        }
    }
}
