/// Sentences about the largest and smallest of a per-cell value that never single out one
/// cell when several share the extreme: "smallest in head-only, 0.02" is wrong when all nine
/// head-only runs are exactly 0. Values are compared as the report prints them (3 decimals).
enum ExtremesText {
    /// The forgetting sentence of the Answer; `drops` are (cell, mean drop), at least two.
    static func forgetting(_ drops: [(cell: String, value: Double)], metric: String) -> String {
        let printed = drops.map { (cell: $0.cell, text: Formatting.signed($0.value), value: $0.value) }
        let largest = printed.max { $0.value < $1.value }!, smallest = printed.min { $0.value < $1.value }!
        let lead = "Forgetting of the source task: the drop in source \(metric)"
        if largest.text == smallest.text {
            return "\(lead) is \(largest.text) in every cell (\(drops.count) cells), so no cell forgets more than another."
        }
        func at(_ text: String) -> String {
            let cells = printed.filter { $0.text == text }.map(\.cell)
            if cells.count == 1 { return "in \(cells[0].code) (\(text))" }
            let shown = cells.prefix(4).map(\.code).joined(separator: ", ")
            return "(\(text)) in \(cells.count) cells alike: \(shown)\(cells.count > 4 ? " and \(cells.count - 4) more" : "")"
        }
        var text = "\(lead) is largest \(at(largest.text)) and smallest \(at(smallest.text))"
        text += smallest.value < 0 ? "; a negative drop means source \(metric) rose." : "."
        return text
    }
}
