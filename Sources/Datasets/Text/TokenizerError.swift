/// A problem loading a tokenizer (a WordPiece vocabulary or a `tokenizer.json`), naming the file so a user can fix the
/// asset cache rather than guess which download went wrong.
///
/// A struct over an open set of codes so new checks do not break callers that match codes.
public struct TokenizerError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The vocabulary file does not exist.
        public static let fileNotFound = Code("fileNotFound")
        /// The file exists but cannot be read.
        public static let unreadable = Code("unreadable")
        /// The bytes are not UTF-8 text.
        public static let encoding = Code("encoding")
        /// The vocabulary has no tokens.
        public static let emptyVocabulary = Code("emptyVocabulary")
        /// One of `[CLS]`, `[SEP]`, `[PAD]`, `[UNK]` is not in the vocabulary.
        public static let missingSpecialToken = Code("missingSpecialToken")
        /// A `tokenizer.json` (or `vocab.json`, `merges.txt`) is not what Hugging Face writes:
        /// bad JSON, a missing key, a value of the wrong type; the message names the JSON path.
        public static let malformed = Code("malformed")
        /// A well-formed tokenizer file uses a component or option finetune does not implement.
        public static let unsupported = Code("unsupported")
    }

    public let code: Code
    /// The vocabulary file, when the vocabulary came from one.
    public let path: String?
    public let message: String

    public init(_ code: Code, path: String? = nil, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    /// `path: message`, the location prefix a terminal or editor can follow.
    public var description: String {
        guard let path else { return message }
        return "\(path): \(message)"
    }
}
