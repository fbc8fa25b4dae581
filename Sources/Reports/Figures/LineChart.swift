import Foundation

/// A line chart with markers, optional 95% error bars, a log-scale x option and a legend.
///
/// Used for learning curves (epoch on x) and for a metric against a numeric sweep axis
/// (one line per value of another axis).
struct LineChart {
    struct Point {
        var x: Double
        var y: Double
        /// Error bar ends (e.g. a 95% interval); nil draws none.
        var low: Double? = nil
        var high: Double? = nil
        /// Drawn larger and hollow, e.g. a run's best epoch.
        var highlighted = false
    }

    struct Series {
        var label: String
        var points: [Point]
        /// Draw each point's low...high as a shaded band along the line instead of error bars
        /// (a spread over seeds per epoch).
        var band = false
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var series: [Series]
    var logarithmicX = false
    /// Ticks at exactly these x values (a sweep's values) instead of "nice" ones.
    var xTicks: [Double]? = nil
    /// Integer x ticks only (epochs).
    var integerX = false
    /// A note under the title, e.g. what the bars mean.
    var subtitle: String? = nil
    /// The values the metric can take (0...1 for accuracy); error bars are cut there so a
    /// wide interval does not squash the data.
    var yBounds: ClosedRange<Double>? = nil

    static let width = 720.0, plotHeight = 300.0
    static let left = 78.0, right = 24.0, top = 58.0, axisSpace = 62.0, legendRow = 18.0

    /// Height grows with the legend, which sits under the plot so labels are never cut.
    var height: Double { Self.top + Self.plotHeight + Self.axisSpace + Double(series.count) * Self.legendRow + 12 }

    var svg: String {
        var doc = SVGDocument(width: Self.width, height: height)
        doc.comment(title)
        let plotRight = Self.width - Self.right, plotBottom = Self.top + Self.plotHeight
        let points = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite && (!logarithmicX || $0.x > 0) }
        let xs = points.map(\.x) + (xTicks ?? [])
        let clamp = { (v: Double) in yBounds.map { min(max(v, $0.lowerBound), $0.upperBound) } ?? v }
        let ys = points.flatMap { [$0.y, clamp($0.low ?? $0.y), clamp($0.high ?? $0.y)] }.filter(\.isFinite)
        let (x0, x1) = ChartScale.padded(xs, logarithmic: logarithmicX)
        let (y0, y1) = ChartScale.padded(ys, logarithmic: false)
        let xScale = ChartScale(lower: x0, upper: x1, logarithmic: logarithmicX, start: Self.left, end: plotRight)
        let yScale = ChartScale(lower: y0, upper: y1, logarithmic: false, start: plotBottom, end: Self.top)

        // 1. Title and frame.
        let centre = (Self.left + plotRight) / 2
        doc.text(title, x: centre, y: 24, size: 15, anchor: .middle, bold: true)
        if let subtitle { doc.text(subtitle, x: centre, y: 42, size: 11, anchor: .middle, color: "#555555") }
        doc.rect(Self.left, Self.top, plotRight - Self.left, plotBottom - Self.top, fill: "none", stroke: "#999999")

        // 2. Y grid, ticks and label.
        let yTicks = yScale.niceTicks(count: 6)
        let yStep = yTicks.count > 1 ? yTicks[1] - yTicks[0] : max(abs(y1 - y0), 1e-9)
        for tick in yTicks {
            let y = yScale.position(tick)
            doc.line(Self.left, y, plotRight, y, stroke: "#e4e4e4")
            doc.line(Self.left - 5, y, Self.left, y, stroke: "#333333")
            doc.text(ChartScale.label(tick, step: yStep), x: Self.left - 8, y: y + 4, size: 11, anchor: .end)
        }
        doc.text(yLabel, x: 18, y: (Self.top + plotBottom) / 2, size: 12, anchor: .middle, rotate: -90)

        // 3. X ticks and label.
        let xTickValues: [Double]
        var xLabels: [String]
        if let xTicks {
            xTickValues = xTicks
            xLabels = xTicks.map(Formatting.shortNumber)
        } else {
            var ticks = xScale.niceTicks(count: 8)
            if integerX {
                let step = max(1, (ticks.count > 1 ? ticks[1] - ticks[0] : 1).rounded())
                ticks = stride(from: ceil(x0), through: floor(x1), by: step).map { $0 }
            }
            xTickValues = ticks
            let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
            xLabels = ticks.map { ChartScale.label($0, step: step) }
        }
        for (tick, label) in zip(xTickValues, xLabels) where tick >= x0 && tick <= x1 {
            let x = xScale.position(tick)
            doc.line(x, Self.top, x, plotBottom, stroke: "#f0f0f0")
            doc.line(x, plotBottom, x, plotBottom + 5, stroke: "#333333")
            doc.text(label, x: x, y: plotBottom + 19, size: 11, anchor: .middle)
        }
        doc.text(xLabel + (logarithmicX ? " (log scale)" : ""), x: centre, y: plotBottom + 40, size: 12, anchor: .middle)

        // 4. Series: error bars, line, markers. With error bars, series sharing an x are
        //    nudged apart a few pixels so their bars stay distinguishable.
        let hasBars = series.contains { !$0.band && $0.points.contains { $0.low != nil } }
        for (index, series) in series.enumerated() {
            let colour = SVGDocument.palette[index % SVGDocument.palette.count]
            let visible = series.points.filter { $0.x.isFinite && $0.y.isFinite && (!logarithmicX || $0.x > 0) }
            let nudge = hasBars ? (Double(index) - Double(self.series.count - 1) / 2) * 6 : 0
            let xPosition = { (value: Double) in xScale.position(value) + nudge }
            if series.band {
                let spanned = visible.filter { ($0.low?.isFinite ?? false) && ($0.high?.isFinite ?? false) }
                if spanned.count > 1 {
                    let upper = spanned.map { (xPosition($0.x), yScale.position(clamp($0.high!))) }
                    let lower = spanned.reversed().map { (xPosition($0.x), yScale.position(clamp($0.low!))) }
                    doc.polygon(upper + lower, fill: colour)
                }
            }
            for point in visible where !series.band {
                guard let low = point.low, let high = point.high, low.isFinite, high.isFinite else { continue }
                let x = xPosition(point.x)
                doc.line(x, yScale.position(clamp(low)), x, yScale.position(clamp(high)), stroke: colour, width: 1.5)
                // A cap marks a real end; an end cut at the metric's bound gets none.
                if clamp(low) == low { doc.line(x - 4, yScale.position(low), x + 4, yScale.position(low), stroke: colour, width: 1.5) }
                if clamp(high) == high { doc.line(x - 4, yScale.position(high), x + 4, yScale.position(high), stroke: colour, width: 1.5) }
            }
            if visible.count > 1 {
                doc.polyline(visible.map { (xPosition($0.x), yScale.position($0.y)) }, stroke: colour)
            }
            for point in visible {
                let (x, y) = (xPosition(point.x), yScale.position(point.y))
                if point.highlighted { doc.circle(x, y, radius: 6, fill: "#ffffff", stroke: colour) }
                else { doc.circle(x, y, radius: visible.count > 30 ? 2 : 3.5, fill: colour) }
            }
        }

        // 5. Legend under the plot, one full label per row.
        for (index, series) in series.enumerated() {
            let colour = SVGDocument.palette[index % SVGDocument.palette.count]
            let y = plotBottom + Self.axisSpace + Double(index) * Self.legendRow
            doc.line(Self.left, y, Self.left + 22, y, stroke: colour, width: 2.5)
            doc.circle(Self.left + 11, y, radius: 3.5, fill: colour)
            doc.text(series.label, x: Self.left + 30, y: y + 4, size: 11)
        }
        return doc.text
    }
}
