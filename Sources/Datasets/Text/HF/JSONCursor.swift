import Foundation

/// A value of a parsed JSON file together with its JSON path (`model.vocab[3]`), so every
/// type or shape error names the file and the exact place a user would look.
///
/// `JSONParser` does the parsing; this wrapper only reads, so a damaged file becomes a
/// `TokenizerError`, never a crash.
struct JSONCursor {
    let value: Any
    /// `model.merges[12]`; empty at the top level.
    let path: String
    /// The file the value came from.
    let file: String

    /// Parses `data` as the content of `file`.
    init(data: Data, file: String) throws(TokenizerError) {
        do {
            value = try JSONParser.parse(Array(data))
        } catch {
            throw TokenizerError(.malformed, path: file, "line \(error.line), column \(error.column): not valid JSON: \(error.message)")
        }
        path = ""
        self.file = file
    }

    private init(value: Any, path: String, file: String) {
        self.value = value
        self.path = path
        self.file = file
    }

    /// A `malformed` error at this value's path.
    func error(_ what: String) -> TokenizerError {
        TokenizerError(.malformed, path: file, "at \(path.isEmpty ? "the top level" : path): \(what)")
    }

    /// An `unsupported` error at this value's path.
    func unsupported(_ what: String) -> TokenizerError {
        TokenizerError(.unsupported, path: file, "at \(path.isEmpty ? "the top level" : path): \(what)")
    }

    private func child(_ value: Any, key: String) -> JSONCursor {
        JSONCursor(value: value, path: path.isEmpty ? key : path + "." + key, file: file)
    }

    var isNull: Bool { value is JSONNull }

    /// The member `key`, or nil when it is absent or `null`.
    func optional(_ key: String) throws(TokenizerError) -> JSONCursor? {
        guard let member = try object()[key], !(member is JSONNull) else { return nil }
        return child(member, key: key)
    }

    /// The member `key`; absent or `null` is an error.
    func required(_ key: String) throws(TokenizerError) -> JSONCursor {
        guard let member = try optional(key) else {
            throw error("missing key '\(key)'")
        }
        return member
    }

    func object() throws(TokenizerError) -> [String: Any] {
        guard let object = value as? [String: Any] else { throw error("expected an object, found \(kind)") }
        return object
    }

    /// The members in key order (JSON objects are unordered; sorting keeps loading deterministic).
    func members() throws(TokenizerError) -> [(key: String, value: JSONCursor)] {
        try object().sorted { $0.key < $1.key }.map { ($0.key, child($0.value, key: $0.key)) }
    }

    func array() throws(TokenizerError) -> [JSONCursor] {
        guard let array = value as? [Any] else { throw error("expected an array, found \(kind)") }
        return array.enumerated().map { JSONCursor(value: $1, path: "\(path)[\($0)]", file: file) }
    }

    func string() throws(TokenizerError) -> String {
        guard let string = value as? String else { throw error("expected a string, found \(kind)") }
        return string
    }

    func bool() throws(TokenizerError) -> Bool {
        guard let bool = value as? Bool else { throw error("expected true or false, found \(kind)") }
        return bool
    }

    func int() throws(TokenizerError) -> Int {
        guard let integer = value as? Int else { throw error("expected an integer, found \(kind)") }
        return integer
    }

    /// A token id: an integer that fits the `Int32` tensors ids become.
    func tokenID() throws(TokenizerError) -> Int {
        let id = try int()
        guard (0...Int(Int32.max)).contains(id) else { throw error("token id \(id) is outside 0...\(Int32.max)") }
        return id
    }

    func double() throws(TokenizerError) -> Double {
        if let integer = value as? Int { return Double(integer) }
        guard let double = value as? Double, double.isFinite else { throw error("expected a number, found \(kind)") }
        return double
    }

    /// An optional boolean member with a default.
    func bool(_ key: String, default fallback: Bool) throws(TokenizerError) -> Bool {
        try optional(key)?.bool() ?? fallback
    }

    /// What the value is, for messages.
    var kind: String {
        switch value {
        case is JSONNull: return "null"
        case is String: return "a string"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        case let bool as Bool: return "\(bool)"
        case let integer as Int: return "the number \(integer)"
        case let double as Double: return "the number \(double)"
        default: return "\(type(of: value))"
        }
    }
}
