import Testing
import YAML

/// The file name every inline test document is parsed under.
let testFile = "test.yaml"

func parse(_ text: String, limits: YAMLLimits = .default) throws(YAMLError) -> Node {
    try YAMLParser.parse(text, file: testFile, limits: limits)
}

/// The error parsing `text` gives, or nil (recorded as a test failure) when it parses.
func parseError(
    _ text: String,
    limits: YAMLLimits = .default,
    sourceLocation: SourceLocation = #_sourceLocation
) -> YAMLError? {
    do {
        _ = try parse(text, limits: limits)
        Issue.record("expected an error, but the document parsed", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// A compact flow rendering of a tree (`{a: 1, b: [x, y]}`) for comparing structure.
func render(_ node: Node) -> String {
    switch node.kind {
    case .scalar(let scalar): scalar.text
    case .sequence(let items): "[" + items.map(render).joined(separator: ", ") + "]"
    case .mapping(let pairs): "{" + pairs.map { render($0.key) + ": " + render($0.value) }.joined(separator: ", ") + "}"
    }
}

/// A 1-based (line, column) pair, the part of a mark tests usually compare.
struct Position: Equatable, CustomStringConvertible {
    var line: Int
    var column: Int
    init(_ line: Int, _ column: Int) {
        self.line = line
        self.column = column
    }
    init(_ mark: Mark) {
        self.init(mark.line, mark.column)
    }
    var description: String { "\(line):\(column)" }
}
