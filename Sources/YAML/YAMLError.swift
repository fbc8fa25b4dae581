/// A problem with a YAML file, located at the offending text.
///
/// Its `description` is the `file:line:column: error: message` form every finetune
/// diagnostic uses, so callers can print it as it is.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is; line 1, column 1 when no better position is known.
    public var mark: Mark
    /// What is wrong, without the location prefix.
    public var message: String

    public init(mark: Mark, message: String) {
        self.mark = mark
        self.message = message
    }

    /// An error about a whole file (unreadable, empty, ...), placed at line 1, column 1.
    public init(file: String, message: String) {
        self.init(mark: Mark(file: file, line: 1, column: 1), message: message)
    }

    public var description: String { "\(mark): error: \(message)" }
}
