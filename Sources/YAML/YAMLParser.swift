/// Parses one YAML document into a tree of ``Node``s that remember their file, line and column.
///
/// The input must be UTF-8 and hold exactly one non-empty document; anything else is an
/// error located as precisely as possible, so a user can fix the file without guessing.
///
/// - Positions: a node's mark is where its text starts (its `&anchor` or `!tag` when it has
///   one). Lines and columns are 1-based; columns count Unicode scalars as libyaml does, so
///   a tab, `é` or `日` is one column; CR LF is one line break; a leading BOM takes no column.
/// - Aliases: `*name` yields a copy of the anchored node with the anchored text's marks.
/// - Merge keys: `<<: *base` and `<<: [*a, *b]` merge mappings; keys written in the mapping
///   win, earlier merged mappings win over later ones, merged pairs keep their marks.
/// - Duplicate keys (compared by scalar text) are errors at the second occurrence.
/// - Tags on sequences and mappings are accepted and ignored.
public enum YAMLParser {
    /// Reads and parses the file at `path`.
    ///
    /// - Parameters:
    ///   - path: The file to read.
    ///   - displayName: The name used in marks and errors (for example a path relative to
    ///     the experiment folder); defaults to `path` as given.
    ///   - limits: Nesting and alias-expansion bounds.
    public static func parse(
        contentsOf path: String,
        displayName: String? = nil,
        limits: YAMLLimits = .default
    ) throws(YAMLError) -> Node {
        let file = displayName ?? path
        let bytes = try FileReader.readAll(path: path, displayName: file)
        return try parse(bytes, file: file, limits: limits)
    }

    /// Parses YAML text; `file` is the name used in marks and errors.
    public static func parse(_ text: String, file: String, limits: YAMLLimits = .default) throws(YAMLError) -> Node {
        try parse(Array(text.utf8), file: file, limits: limits)
    }

    /// Parses raw bytes, which must be UTF-8 (an optional byte order mark is skipped).
    public static func parse(_ bytes: [UInt8], file: String, limits: YAMLLimits = .default) throws(YAMLError) -> Node {
        if let offset = SourceText.firstInvalidUTF8Offset(in: bytes) {
            let position = SourceText.position(ofByte: offset, in: bytes)
            throw YAMLError(
                mark: Mark(file: file, line: position.line, column: position.column),
                message: "file is not valid UTF-8 (unexpected byte 0x\(String(bytes[offset], radix: 16, uppercase: true))); save it with UTF-8 encoding")
        }

        let reader = try EventReader(bytes: bytes, file: file)
        var builder = TreeBuilder(limits: limits)
        var documents = 0
        while true {
            let (event, mark) = try reader.next()
            switch event {
            case .streamEnd:
                guard let root = builder.root, !isEmptyDocument(root.node) else {
                    throw YAMLError(file: file, message: "file is empty (no YAML document, only comments or whitespace)")
                }
                return root.node
            case .documentStart:
                documents += 1
                guard documents == 1 else {
                    throw YAMLError(mark: mark, message: "a second YAML document starts here; a file must hold exactly one")
                }
            default:
                try builder.handle(event, at: mark)
            }
        }
    }

    /// A document that is only `---` (or comments) yields an empty plain scalar.
    private static func isEmptyDocument(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node.kind else { return false }
        return scalar.text.isEmpty && scalar.style == .plain && scalar.tag == nil
    }
}
