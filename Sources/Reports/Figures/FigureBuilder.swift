import Experiment
import Foundation
import Results

/// Chooses and draws the report's figures from the summary and the runs' files.
enum FigureBuilder {
    static let learningCurves = "learning-curves.svg"
    static let confusionMatrix = "confusion-matrix.svg"
    /// How many leaderboard cells get a learning curve.
    static let curveCells = 4

    static func figures(_ summary: ExperimentSummary, _ folder: ResultsFolder) -> [Figure] {
        var figures: [Figure] = []
        if let curves = learningCurves(summary, folder) { figures.append(curves) }
        figures += summary.marginals.filter(\.numeric).compactMap { metricAgainstAxis($0.axis, summary) }
        if let tradeOff = metricAgainstTrainable(summary) { figures.append(tradeOff) }
        if let matrix = confusionMatrix(summary, folder) { figures.append(matrix) }
        return figures
    }

    static let trainableFigure = "selection-vs-trainable-parameters.svg"

    /// Mean selection metric (95% interval) of each cell against its trainable parameters on
    /// a log axis, when they span more than a factor of ten (LoRA, BitFit, head-only against
    /// full fine-tuning).
    static func metricAgainstTrainable(_ summary: ExperimentSummary) -> Figure? {
        let cells = summary.cells.filter { ($0.trainableParameters?.mean ?? 0) > 0 && $0.selection != nil }
        let counts = cells.map { $0.trainableParameters!.mean }
        guard let low = counts.min(), let high = counts.max(), high / low > 10 else { return nil }
        let series = cells.map { cell in
            LineChart.Series(label: cell.cell, points: [LineChart.Point(
                x: cell.trainableParameters!.mean, y: cell.selection!.mean,
                low: cell.selection!.interval?.lower, high: cell.selection!.interval?.upper)])
        }
        let title = "\(summary.selection.metric) against trainable parameters"
        let chart = LineChart(title: title, xLabel: "trainable parameters (log scale)", yLabel: summary.selection.metric.text,
                              series: series, logarithmicX: true,
                              subtitle: "one marker per cell: mean over seeds; bars: 95% confidence interval (none when n = 1)",
                              yBounds: summary.selection.metric.metric.range)
        return Figure(file: trainableFigure, title: title, svg: chart.svg)
    }

    static func axisFile(_ axis: String) -> String {
        let safe = String(axis.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? $0 : "-" })
        return "selection-vs-\(safe).svg"
    }

    /// The run the report calls "best": the top cell's best seed.
    static func bestRun(_ summary: ExperimentSummary, _ folder: ResultsFolder) -> LoadedRun? {
        guard let top = summary.leaderboard.first, let id = summary.cell(top.cell)?.bestRun else { return nil }
        return folder.runs.first { $0.id == id }
    }

    /// Validation selection metric per epoch of each top cell: the mean over its done runs
    /// (seeds, and folds with k-fold CV) with a band from the lowest to the highest run, so a
    /// curve shows the cell, not one lucky seed. An epoch some runs never reached (early
    /// stopping) averages the runs that did, and the legend says how many runs there are.
    static func learningCurves(_ summary: ExperimentSummary, _ folder: ResultsFolder) -> Figure? {
        let (split, metric) = (summary.selection.metric.split.rawValue, summary.selection.metric.metric.rawValue)
        let cells = summary.leaderboard.prefix(curveCells).map { entry in
            (entry.cell, folder.runs.filter { $0.cell == entry.cell && $0.done != nil && !$0.history.isEmpty })
        }.filter { !$0.1.isEmpty }
        // Fall back to the split's loss when the history does not carry the selection metric.
        let name = cells.contains { $0.1.contains { $0.history.contains { $0.metrics[split]?[metric] != nil } } } ? metric : "loss"
        let series = cells.map { cell, runs in curve(cell: cell, runs: runs, split: split, metric: name) }.filter { !$0.points.isEmpty }
        guard !series.isEmpty else { return nil }
        let title = "Learning curves of the top \(series.count == 1 ? "cell" : "\(series.count) cells")"
        let chart = LineChart(title: title, xLabel: "epoch", yLabel: "\(split).\(name)", series: series,
                              integerX: true, subtitle: "mean over each cell's runs per epoch; band: lowest to highest run",
                              yBounds: bounds(of: name))
        return Figure(file: learningCurves, title: "\(title): \(split).\(name) per epoch, mean over runs", svg: chart.svg)
    }

    /// One cell's curve: per epoch, the mean of `split.metric` over the runs that reached it,
    /// with the lowest and highest run as the band (none with a single run).
    static func curve(cell: String, runs: [LoadedRun], split: String, metric: String) -> LineChart.Series {
        var perEpoch: [Int: [Double]] = [:]
        for run in runs {
            for record in run.history {
                if let value = record.metrics[split]?[metric], value.isFinite { perEpoch[record.epoch, default: []].append(value) }
            }
        }
        let points = perEpoch.keys.sorted().map { epoch in
            let values = perEpoch[epoch]!
            return LineChart.Point(x: Double(epoch), y: Statistics.mean(values),
                                   low: values.count > 1 ? values.min() : nil, high: values.count > 1 ? values.max() : nil)
        }
        return LineChart.Series(label: "\(cell) (mean of \(runs.count) run\(runs.count == 1 ? "" : "s"))", points: points, band: true)
    }

    /// Mean selection metric (with 95% interval) against a numeric axis, one line per
    /// combination of the other axes' values.
    static func metricAgainstAxis(_ axis: String, _ summary: ExperimentSummary) -> Figure? {
        let others = summary.axes.filter { $0 != axis }
        var groups: [(label: String, points: [LineChart.Point])] = []
        for cell in summary.cells {
            guard let x = cell.overrides[axis]?.double, let selection = cell.selection else { continue }
            let label = others.isEmpty ? "all runs"
                : others.map { other in
                    let value = cell.overrides[other].map(SummaryBuilder.label) ?? "?"
                    return others.count == 1 ? value : "\(shortAxis(other))=\(value)"
                }.joined(separator: ", ")
            let point = LineChart.Point(x: x, y: selection.mean, low: selection.interval?.lower, high: selection.interval?.upper)
            if let index = groups.firstIndex(where: { $0.label == label }) { groups[index].points.append(point) }
            else { groups.append((label, [point])) }
        }
        guard !groups.isEmpty else { return nil }
        let values = Set(groups.flatMap { $0.points.map(\.x) }).sorted()
        let logarithmic = (values.first ?? 0) > 0 && (values.last ?? 1) / (values.first ?? 1) > 10
        let series = groups.map { LineChart.Series(label: $0.label, points: $0.points.sorted { $0.x < $1.x }) }
        let legend = others.count == 1 ? " by \(others[0])" : ""
        let title = "\(summary.selection.metric) against \(axis)\(legend)"
        let chart = LineChart(title: title, xLabel: axis, yLabel: summary.selection.metric.text, series: series,
                              logarithmicX: logarithmic, xTicks: values,
                              subtitle: "mean over seeds; bars: 95% confidence interval (none when n = 1; cut at the metric's range)",
                              yBounds: summary.selection.metric.metric.range)
        return Figure(file: axisFile(axis), title: title, svg: chart.svg)
    }

    /// The range a metric can take, when it has one: rates and scores live in [0, 1].
    static func bounds(of metric: String) -> ClosedRange<Double>? { MetricRange.of(metric) }

    static func shortAxis(_ axis: String) -> String { String(axis.split(separator: ".").last ?? Substring(axis)) }

    /// The best run's test confusion matrix.
    static func confusionMatrix(_ summary: ExperimentSummary, _ folder: ResultsFolder) -> Figure? {
        guard let run = bestRun(summary, folder), let result = run.result,
              let matrix = result.confusionMatrices[.test], !matrix.isEmpty else { return nil }
        let labels = result.data?.classes ?? matrix.indices.map(String.init)
        let accuracy = result.metrics[.test]?["accuracy"].map { ", test accuracy \(Formatting.metric($0))" } ?? ""
        let title = "Confusion matrix of the best run (test split)"
        let heatmap = Heatmap(title: title, subtitle: "\(run.name) [\(run.id)]\(accuracy)", labels: labels, counts: matrix)
        return Figure(file: confusionMatrix, title: "\(title): \(run.name)", svg: heatmap.svg)
    }
}
