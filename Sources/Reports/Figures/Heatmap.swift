import Foundation

/// A confusion matrix as a heatmap: rows are true classes, columns predictions.
///
/// Shading is by the row's share (recall per class), so a small class's mistakes are as
/// visible as a large one's; each square also prints its count.
struct Heatmap {
    var title: String
    var subtitle: String? = nil
    var labels: [String]
    var counts: [[Int]]

    var svg: String {
        let n = max(labels.count, counts.count)
        let cell = n <= 5 ? 64.0 : max(24, 360 / Double(n))
        let left = 110.0, top = 96.0
        let width = left + cell * Double(n) + 40, height = top + cell * Double(n) + 56
        let canvas = max(width, 500)
        var doc = SVGDocument(width: canvas, height: height)
        doc.comment(title)
        doc.text(title, x: canvas / 2, y: 24, size: 15, anchor: .middle, bold: true)
        if let subtitle { doc.text(subtitle, x: canvas / 2, y: 42, size: 11, anchor: .middle, color: "#555555") }
        doc.text("predicted", x: left + cell * Double(n) / 2, y: top - 30, size: 12, anchor: .middle)
        doc.text("true", x: 24, y: top + cell * Double(n) / 2, size: 12, anchor: .middle, rotate: -90)
        for index in 0..<n {
            let label = index < labels.count ? labels[index] : String(index)
            doc.text(label, x: left + cell * (Double(index) + 0.5), y: top - 8, size: 11, anchor: .middle)
            doc.text(label, x: left - 8, y: top + cell * (Double(index) + 0.5) + 4, size: 11, anchor: .end)
        }
        for (row, values) in counts.enumerated() {
            let total = values.reduce(0, +)
            for (column, count) in values.enumerated() {
                let share = total > 0 ? Double(count) / Double(total) : 0
                let x = left + cell * Double(column), y = top + cell * Double(row)
                doc.rect(x, y, cell, cell, fill: Self.colour(share), stroke: "#ffffff")
                doc.text(String(count), x: x + cell / 2, y: y + cell / 2 + 4, size: cell >= 40 ? 13 : 9, anchor: .middle,
                         color: share > 0.55 ? "#ffffff" : "#222222", bold: row == column)
            }
        }
        doc.text("shade: share of the true class's examples", x: left, y: top + cell * Double(n) + 28, size: 11, color: "#555555")
        return doc.text
    }

    /// White → dark blue as `share` goes 0 → 1.
    static func colour(_ share: Double) -> String {
        let s = min(max(share, 0), 1)
        let (r, g, b) = (255 - s * (255 - 8), 255 - s * (255 - 48), 255 - s * (255 - 107))
        return String(format: "#%02x%02x%02x", Int(r.rounded()), Int(g.rounded()), Int(b.rounded()))
    }
}
