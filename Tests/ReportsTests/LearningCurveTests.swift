import Foundation
import Testing
@testable import Reports

/// Learning curves show each top cell as the mean over its runs with a band from the lowest
/// to the highest run, not the cell's luckiest seed.
@Suite("Learning curves: mean over seeds with a band")
struct LearningCurveTests {
    @Test func eachTopCellIsTheMeanOfItsRunsWithABand() throws {
        let folder = try ResultsFolder.load(fixtureFolder)
        let summary = SummaryBuilder.build(folder)
        let figure = try #require(FigureBuilder.learningCurves(summary, folder))
        let top = try #require(summary.leaderboard.first?.cell)
        let runs = folder.runs.filter { $0.cell == top && $0.done != nil }
        #expect(runs.count == 2)
        #expect(figure.svg.contains("\(top) (mean of 2 runs)"))
        #expect(figure.svg.contains("<polygon"), "the band between the lowest and highest run")
        #expect(!figure.svg.contains("(seed "), "no single seed stands for its cell")
        #expect(figure.title.contains("mean over runs"))

        // Every point is the mean of the runs at that epoch, the band their lowest and highest.
        let series = FigureBuilder.curve(cell: top, runs: runs, split: "validation", metric: "macro_f1")
        #expect(series.band)
        for point in series.points {
            let values = runs.compactMap { run in run.history.first { Double($0.epoch) == point.x }?.metrics["validation"]?["macro_f1"] }
            #expect(abs(point.y - values.reduce(0, +) / Double(values.count)) < 1e-12, "epoch \(point.x)")
            if values.count > 1 {
                #expect(point.low == values.min() && point.high == values.max(), "epoch \(point.x)")
            }
        }
        #expect(!series.points.isEmpty)
    }
}
