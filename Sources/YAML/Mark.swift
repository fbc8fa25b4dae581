/// A position in a source file, so every later diagnostic can point at the exact text.
///
/// Lines and columns are 1-based; libyaml's 0-based marks are converted in exactly one
/// place (the parser).
public struct Mark: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: Mark, b: Mark) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}
