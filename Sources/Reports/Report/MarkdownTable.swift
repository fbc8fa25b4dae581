/// A GitHub-flavoured Markdown table.
///
/// Cells are escaped so text from results (cell names, error messages) cannot break the
/// table: pipes are escaped and line breaks become spaces.
struct MarkdownTable {
    enum Alignment { case left, right }

    var header: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []

    init(_ columns: [(String, Alignment)]) {
        header = columns.map(\.0)
        alignments = columns.map(\.1)
    }

    mutating func add(_ row: [String]) {
        precondition(row.count == header.count, "a row needs one cell per column")
        rows.append(row)
    }

    var text: String {
        func line(_ cells: [String]) -> String { "| " + cells.map(Self.escape).joined(separator: " | ") + " |" }
        let rule = "|" + alignments.map { $0 == .right ? " ---: |" : " --- |" }.joined()
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\|", with: "|")
            .replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\r\n", with: " ")
            .replacingOccurrences(of: "\n", with: " ")
    }
}

extension String {
    /// Inline code that survives backticks inside the text.
    var code: String { contains("`") ? "`` \(self) ``" : "`\(self)`" }
}
