/// A problem loading or selecting data, with the file and 1-based line when there is one,
/// so a user can jump straight to the bad row.
///
/// A struct over an open set of codes so new checks do not break callers that match codes.
public struct DatasetError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The file does not exist or cannot be read.
        public static let unreadable = Code("unreadable")
        /// The bytes are not UTF-8 text.
        public static let encoding = Code("encoding")
        /// A line does not have the expected structure (quotes, JSON, field count).
        public static let malformed = Code("malformed")
        /// A row has a different number of cells than the header.
        public static let raggedRow = Code("raggedRow")
        /// A cell that must be a number is not one.
        public static let notNumeric = Code("notNumeric")
        /// A value is a number but outside the allowed range.
        public static let outOfRange = Code("outOfRange")
        /// A named column, field or class does not exist.
        public static let unknownName = Code("unknownName")
        /// A JSON field has the wrong type.
        public static let wrongType = Code("wrongType")
        /// The file has no examples.
        public static let empty = Code("empty")
        /// A parameter is out of its domain (fractions, counts, class lists).
        public static let invalidArgument = Code("invalidArgument")
        /// The file is broken: empty, truncated, corrupt data, a failed checksum.
        public static let damaged = Code("damaged")
        /// The file is not in a format finetune reads (e.g. a GIF among photos, a 12-bit JPEG).
        public static let unsupportedFormat = Code("unsupportedFormat")
        /// The data is over a size limit (an image's pixel count over `data.max_pixels`).
        public static let tooLarge = Code("tooLarge")
    }

    public let code: Code
    public let path: String?
    /// 1-based line number within `path`.
    public let line: Int?
    public let message: String
    /// A close existing name when the user probably misspelled one.
    public let suggestion: String?

    public init(_ code: Code, path: String? = nil, line: Int? = nil, _ message: String, suggestion: String? = nil) {
        self.code = code
        self.path = path
        self.line = line
        self.message = message
        self.suggestion = suggestion
    }

    /// `path:line: message; did you mean 'x'?` — the location prefix a terminal or editor
    /// can follow.
    public var description: String {
        var text = ""
        if let path {
            text += path
            if let line { text += ":\(line)" }
            text += ": "
        }
        text += message
        if let suggestion { text += "; did you mean '\(suggestion)'?" }
        return text
    }
}
