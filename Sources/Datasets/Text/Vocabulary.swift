import Foundation

/// A WordPiece vocabulary: token strings and their ids, where a token's id is its line
/// index in BERT's `vocab.txt`.
///
/// Loading validates the four special tokens up front so a wrong or truncated file fails
/// when the tokenizer is built, not halfway through a training run.
public struct Vocabulary: Sendable {
    /// The token of each id; `tokens[id]`.
    public let tokens: [String]
    /// Id of `[PAD]`, the filler after a sequence's end (0 in BERT's vocabulary).
    public let padID: Int
    /// Id of `[UNK]`, the stand-in for a word that has no segmentation (100 in BERT's).
    public let unknownID: Int
    /// Id of `[CLS]`, the first token of every sequence (101 in BERT's).
    public let classifierID: Int
    /// Id of `[SEP]`, the last token of every sequence (102 in BERT's).
    public let separatorID: Int
    /// Id of `[MASK]` when the vocabulary has one (103 in BERT's).
    public let maskID: Int?

    private let idsByToken: [String: Int]

    /// The special tokens BERT never splits; text that contains one verbatim
    /// (case-sensitive) keeps it as a single token, as Hugging Face's tokenizers do.
    public static let specialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

    /// Builds a vocabulary from tokens in id order.
    ///
    /// A token listed twice maps to its last id, as BERT's reference loaders do.
    /// - Parameters:
    ///   - tokens: the token of each id.
    ///   - path: the file the tokens came from, for error messages.
    /// - Throws: `TokenizerError` with `.emptyVocabulary` or `.missingSpecialToken`.
    public init(tokens: [String], path: String? = nil) throws(TokenizerError) {
        guard tokens.contains(where: { !$0.isEmpty }) else {
            throw TokenizerError(.emptyVocabulary, path: path, "the vocabulary has no tokens")
        }
        var idsByToken: [String: Int] = [:]
        idsByToken.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() { idsByToken[token] = id }

        let required = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
        let missing = required.filter { idsByToken[$0] == nil }
        guard missing.isEmpty else {
            let list = missing.map { "'\($0)'" }.joined(separator: ", ")
            throw TokenizerError(.missingSpecialToken, path: path,
                                 "the vocabulary lacks the special token\(missing.count > 1 ? "s" : "") \(list)")
        }
        self.tokens = tokens
        self.idsByToken = idsByToken
        self.padID = idsByToken["[PAD]"]!
        self.unknownID = idsByToken["[UNK]"]!
        self.classifierID = idsByToken["[CLS]"]!
        self.separatorID = idsByToken["[SEP]"]!
        self.maskID = idsByToken["[MASK]"]
    }

    /// Reads a `vocab.txt`: one token per line, id = 0-based line index.
    ///
    /// Lines may end in LF or CRLF; a final newline does not add an empty token.
    /// - Throws: `TokenizerError` naming the file: `.fileNotFound`, `.unreadable`,
    ///   `.encoding`, `.emptyVocabulary` or `.missingSpecialToken`.
    public init(contentsOfFile path: String) throws(TokenizerError) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw TokenizerError(.fileNotFound, path: path, "vocabulary file not found")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TokenizerError(.unreadable, path: path, "cannot read the vocabulary: \(error.localizedDescription)")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw TokenizerError(.encoding, path: path, "the vocabulary is not UTF-8 text")
        }
        // Split on bytes: Swift treats CRLF as one `Character`, so splitting the String on
        // "\n" would miss Windows line ends.
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        let tokens = lines.map { line in
            String(Substring(line.last == UInt8(ascii: "\r") ? line.dropLast() : line))
        }
        try self.init(tokens: tokens, path: path)
    }

    /// Number of tokens, which is also the size of a model's embedding table.
    public var count: Int { tokens.count }

    /// The id of `token`, or nil when it is not in the vocabulary.
    ///
    /// Compares as Swift strings do (canonically equivalent spellings are equal); encoding
    /// itself matches scalar by scalar, as the reference does.
    public func id(of token: String) -> Int? { idsByToken[token] }
}
