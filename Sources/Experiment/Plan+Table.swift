extension Plan {
    /// The plan as an aligned text table: id, name and overrides of every run, then the count.
    public var table: String {
        let header = ["id", "name", "overrides"]
        let rows = runs.map { run in
            [run.id, run.name, run.overrides.map { "\($0.path)=\($0.text)" }.joined(separator: " ")]
        }
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var out = [line(header)] + rows.map(line)
        let axesText = axes.isEmpty ? "no sweep" : "axes: " + axes.joined(separator: ", ")
        out.append("\(runs.count) run\(runs.count == 1 ? "" : "s") (\(axesText); repeats: \(repeats))")
        return out.joined(separator: "\n")
    }
}
