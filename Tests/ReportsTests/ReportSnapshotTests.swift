import Foundation
import Testing
@testable import Reports

@Suite("report.md of the fixture results, against the committed snapshot")
struct ReportSnapshotTests {
    static let snapshot = snapshotFolder + "/fixture-transfer-report.md"

    /// Set UPDATE_SNAPSHOTS=1 to rewrite the snapshot after an intended change, then review the diff.
    @Test func theReportMatchesTheSnapshot() throws {
        let workspace = Workspace()
        let folder = try workspace.fixtureCopy()
        try ReportGenerator.generate(experimentDirectory: folder)
        let report = try String(contentsOfFile: folder + "/report.md", encoding: .utf8)
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
            try report.write(toFile: Self.snapshot, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: Self.snapshot, encoding: .utf8)
        #expect(report == expected, "report.md differs from \(Self.snapshot); if intended, rerun with UPDATE_SNAPSHOTS=1 and review the diff")
    }

    @Test func theReportIsTheSameEveryTime() throws {
        let first = try ReportGenerator.render(experimentDirectory: fixtureFolder)
        let second = try ReportGenerator.render(experimentDirectory: fixtureFolder)
        #expect(first.markdown == second.markdown)
        #expect(first.figures == second.figures)
        #expect(try first.summary.encoded() == second.summary.encoded())
    }

    @Test func everyFigureTheReportLinksIsWritten_andEveryWrittenFigureIsLinked() throws {
        let workspace = Workspace()
        let folder = try workspace.fixtureCopy()
        let output = try ReportGenerator.generate(experimentDirectory: folder)
        let report = try String(contentsOfFile: output.reportPath, encoding: .utf8)
        let linked = report.split(separator: "\n").filter { $0.hasPrefix("![") }
            .compactMap { $0.split(separator: "(").last.map { String($0.dropLast()) } }
        let written = try FileManager.default.contentsOfDirectory(atPath: folder + "/figures").sorted()
        #expect(Set(linked) == Set(written.map { "figures/" + $0 }))
        #expect(written == ["confusion-matrix.svg", "learning-curves.svg", "selection-vs-data.train_fraction.svg", "selection-vs-trainable-parameters.svg"])
    }

    @Test func theReportHasEverySection() throws {
        let markdown = try ReportGenerator.render(experimentDirectory: fixtureFolder).markdown
        for heading in ["# fixture-transfer: results", "## Answer", "## Plan", "## Leaderboard", "## Effect of each axis",
                        "## Fine-tuned vs scratch", "## Forgetting", "## Learning curves", "## Confusion matrix of the best run",
                        "## Runs", "## Method"] {
            #expect(markdown.contains("\n\(heading)\n") || markdown.hasPrefix("\(heading)\n"), "missing \(heading)")
        }
        // GitHub strips most HTML: the report uses none.
        #expect(!markdown.contains("<div") && !markdown.contains("<table") && !markdown.contains("<img"))
    }
}
