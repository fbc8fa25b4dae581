import AtomicFile
import Foundation
import Results

/// `finetune report DIR`: summary.json, report.md and figures/ from a results folder alone.
public enum ReportGenerator {
    /// What was written, for the command line to print.
    public struct Output: Sendable {
        public var summaryPath: String
        public var reportPath: String
        public var figurePaths: [String]
        public var summary: ExperimentSummary
        /// Planned runs without a readable result.json.
        public var missing: [String]
    }

    /// Reads `experimentDirectory` (`<results>/<experiment>`) and writes its summary.json,
    /// report.md and figures/*.svg, each atomically. Never re-runs anything.
    ///
    /// - Throws: ``ReportError`` when the folder has no plan.json or no results at all, or a
    ///   file cannot be written. Missing or corrupt run results do not throw: those runs are
    ///   reported as missing.
    @discardableResult
    public static func generate(experimentDirectory: String) throws -> Output {
        let folder = try ResultsFolder.load(experimentDirectory)
        let summary = SummaryBuilder.build(folder)
        let figures = FigureBuilder.figures(summary, folder)
        let markdown = ReportWriter(summary: summary, folder: folder, figures: figures).markdown
        let figuresFolder = ResultsLayout.join(experimentDirectory, ResultsLayout.figuresFolder)
        var figurePaths: [String] = []
        for figure in figures {
            let path = ResultsLayout.join(figuresFolder, figure.file)
            try AtomicFile.write(Data(figure.svg.utf8), to: path)
            figurePaths.append(path)
        }
        let summaryPath = ResultsLayout.join(experimentDirectory, ResultsLayout.summaryFile)
        let reportPath = ResultsLayout.join(experimentDirectory, ResultsLayout.reportFile)
        try AtomicFile.write(try summary.encoded(), to: summaryPath)
        try AtomicFile.write(Data(markdown.utf8), to: reportPath)
        return Output(summaryPath: summaryPath, reportPath: reportPath, figurePaths: figurePaths, summary: summary,
                      missing: folder.runs.filter { $0.result == nil }.map { "\($0.name) [\($0.id)]: \($0.problem ?? "missing")" })
    }

    /// The report's Markdown and figures without writing anything (for tests and previews).
    public static func render(experimentDirectory: String) throws -> (summary: ExperimentSummary, markdown: String, figures: [Figure]) {
        let folder = try ResultsFolder.load(experimentDirectory)
        let summary = SummaryBuilder.build(folder)
        let figures = FigureBuilder.figures(summary, folder)
        return (summary, ReportWriter(summary: summary, folder: folder, figures: figures).markdown, figures)
    }
}
