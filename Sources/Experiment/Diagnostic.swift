import YAML

/// One problem found in an experiment file, as a value so all of them can be collected,
/// sorted by position and printed together.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error, warning, note
    }

    public var severity: Severity
    /// Where the offending text is; nil only when no file position exists (e.g. a missing file).
    public var mark: Mark?
    public var message: String
    /// Secondary positions worth showing (the first definition of a duplicate, the base file).
    public var notes: [Note]

    public struct Note: Sendable, Hashable {
        public var mark: Mark?
        public var message: String
        public init(mark: Mark?, message: String) {
            self.mark = mark
            self.message = message
        }
    }

    public init(_ severity: Severity = .error, at mark: Mark?, _ message: String, notes: [Note] = []) {
        self.severity = severity
        self.mark = mark
        self.message = message
        self.notes = notes
    }

    public static func error(at mark: Mark?, _ message: String) -> Diagnostic {
        Diagnostic(.error, at: mark, message)
    }

    public static func warning(at mark: Mark?, _ message: String) -> Diagnostic {
        Diagnostic(.warning, at: mark, message)
    }

    public var isError: Bool { severity == .error }

    /// `file:line:column: error: message`, the form editors and CI logs understand.
    public var description: String {
        var lines = [Self.line(mark, severity.rawValue, message)]
        for note in notes {
            lines.append(Self.line(note.mark, "note", note.message))
        }
        return lines.joined(separator: "\n")
    }

    private static func line(_ mark: Mark?, _ label: String, _ message: String) -> String {
        if let mark { return "\(mark): \(label): \(message)" }
        return "\(label): \(message)"
    }
}

extension Array where Element == Diagnostic {
    /// Position order, so a reader fixes a file top to bottom; duplicates removed.
    public func ordered() -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        let unique = filter { seen.insert($0).inserted }
        return unique.enumerated().sorted { a, b in
            switch (a.element.mark, b.element.mark) {
            case let (x?, y?): return x == y ? a.offset < b.offset : x < y
            case (nil, _?): return true
            case (_?, nil): return false
            case (nil, nil): return a.offset < b.offset
            }
        }.map(\.element)
    }

    public var hasErrors: Bool { contains { $0.isError } }
}
