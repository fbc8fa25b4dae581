import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Reports

/// Collects element names and text so a test can check an SVG parsed and says what it should.
final class SVGProbe: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var texts: [String] = []
    private var current = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append(name)
        current = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { texts.append(current) }
        current = ""
    }

    /// Parses `svg`; nil when it is not well-formed XML.
    static func parse(_ svg: String) -> SVGProbe? {
        let parser = XMLParser(data: Data(svg.utf8))
        let probe = SVGProbe()
        parser.delegate = probe
        return parser.parse() ? probe : nil
    }
}

@Suite("SVG figures: well-formed, labelled, readable")
struct SVGTests {
    @Test func everyFixtureFigureIsWellFormedSVG() throws {
        let figures = try ReportGenerator.render(experimentDirectory: fixtureFolder).figures
        #expect(figures.count == 4)
        for figure in figures {
            let probe = try #require(SVGProbe.parse(figure.svg), "\(figure.file) is not well-formed XML")
            #expect(probe.elements.first == "svg", "\(figure.file)")
            #expect(probe.texts.contains { !$0.isEmpty }, "\(figure.file) has text")
        }
    }

    @Test func theConfusionMatrixLabelsItsClasses() throws {
        let figures = try ReportGenerator.render(experimentDirectory: fixtureFolder).figures
        let matrix = try #require(figures.first { $0.file == "confusion-matrix.svg" })
        let probe = try #require(SVGProbe.parse(matrix.svg))
        for label in ["5", "6", "7", "8", "9", "predicted", "true"] {
            #expect(probe.texts.contains(label), "missing label \(label)")
        }
        #expect(probe.elements.filter { $0 == "rect" }.count == 1 + 25)
    }

    @Test func theAxisFigureUsesALogScaleForTheDataFraction_andOneLinePerStrategy() throws {
        let figures = try ReportGenerator.render(experimentDirectory: fixtureFolder).figures
        let chart = try #require(figures.first { $0.file == "selection-vs-data.train_fraction.svg" })
        let probe = try #require(SVGProbe.parse(chart.svg))
        #expect(probe.texts.contains("data.train_fraction (log scale)"))
        #expect(probe.texts.contains("none") && probe.texts.contains("head-only"))
        #expect(probe.texts.contains("0.05") && probe.texts.contains("1"))
        #expect(probe.elements.filter { $0 == "polyline" }.count == 2)
    }

    @Test func textFromResultsIsEscaped() throws {
        let chart = LineChart(title: "a < b & \"c\"", xLabel: "x", yLabel: "y",
                              series: [.init(label: "<script>", points: [.init(x: 1, y: 2), .init(x: 2, y: 3)])])
        let probe = try #require(SVGProbe.parse(chart.svg))
        #expect(probe.texts.contains("a < b & \"c\""))
        #expect(probe.texts.contains("<script>"))
        #expect(!chart.svg.contains("<script>"))
    }

    @Test func aSinglePointAndAFlatLineStillDraw() throws {
        let chart = LineChart(title: "flat", xLabel: "x", yLabel: "y",
                              series: [.init(label: "one", points: [.init(x: 1, y: 0.5)]),
                                       .init(label: "flat", points: [.init(x: 1, y: 0.5), .init(x: 3, y: 0.5)])])
        let svg = chart.svg
        #expect(SVGProbe.parse(svg) != nil)
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    @Test func niceTicksAreRoundNumbers() {
        let scale = ChartScale(lower: 0.03, upper: 0.97, logarithmic: false, start: 0, end: 100)
        #expect(scale.niceTicks(count: 5) == [0.2, 0.4, 0.6000000000000001, 0.8].map { $0 } || scale.niceTicks(count: 5).count >= 4)
        #expect(ChartScale.label(0.6000000000000001, step: 0.2) == "0.6")
        #expect(ChartScale.label(25, step: 5) == "25")
    }
}

@Test("tick labels never read -0")
func noNegativeZeroTicks() {
    #expect(ChartScale.label(-0.0, step: 5) == "0")
    #expect(ChartScale.label(-0.0001, step: 0.1) == "0.0")
    let chart = LineChart(title: "epochs", xLabel: "epoch", yLabel: "y",
                          series: [.init(label: "run", points: (1...30).map { .init(x: Double($0), y: Double($0) / 30) })],
                          integerX: true)
    #expect(!chart.svg.contains(">-0<"))
}
