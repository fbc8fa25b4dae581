import Experiment
import Foundation
import Results

/// Writes report.md from a summary, the runs' files and the figures.
///
/// Every number and verdict comes from ``ExperimentSummary`` so report.md and summary.json
/// never disagree; this type only chooses words and layout (GitHub-flavoured Markdown:
/// tables, lists and relative image links, no HTML that GitHub would strip).
struct ReportWriter {
    var summary: ExperimentSummary
    var folder: ResultsFolder
    var figures: [Figure]

    private var selection: String { summary.selection.metric.text }
    private var primary: String { summary.primaryMetric.text }
    /// The test metric the report compares, without its split.
    private var primaryMetric: Metric { summary.primaryMetric.metric }
    private var direction: String { summary.selection.higherIsBetter ? "higher is better" : "lower is better" }

    var markdown: String {
        var out = "# \(summary.experiment): results\n\n"
        if !summary.description.isEmpty { out += "> \(summary.description.replacingOccurrences(of: "\n", with: " "))\n\n" }
        out += answer + plan + leaderboard + axes + baseline + forgetting + curvesAndMatrix + runs + method
        return out
    }

    // MARK: - Answer

    /// The conclusions first, each backed by a table below: summary.json's claims, in order.
    private var answer: String {
        "## Answer\n\n" + summary.claims.map { "- \($0.text)\n" }.joined() + "\n"
    }

    // MARK: - Plan

    private var plan: String {
        var out = "## Plan\n\n"
        out += "- Experiment file: \(summary.file.code)\n"
        if summary.marginals.isEmpty { out += "- Axes: none (a single configuration)\n" }
        for marginal in summary.marginals {
            out += "- Axis \(marginal.axis.code): \(marginal.levels.map { $0.label.code }.joined(separator: ", "))\n"
        }
        let seeds = Set(folder.runs.map(\.seed)).sorted()
        let folds = summary.folds.map { " × \($0) folds (\($0)-fold CV: n = \($0 * summary.repeats) per cell)" } ?? ""
        out += "- Repeats: \(summary.repeats) per cell (seeds \(seeds.map(String.init).joined(separator: ", ")))\(folds) → \(summary.cells.count) cells, \(summary.plannedRuns) runs\n"
        let counts = RunStatus.allCases.compactMap { status in
            summary.statusCounts[status.rawValue].flatMap { $0 > 0 ? "\($0) \(status.rawValue)" : nil }
        }
        out += "- Status: \(counts.joined(separator: ", "))\n"
        out += "- Compute: \(Formatting.duration(summary.computeSeconds)) (sum of run wall times, scratch baselines included)\n"
        out += "- Selection metric: \(selection.code) (\(direction)); it picks each run's best epoch and ranks the cells. Test metric compared: \(primary.code)\n\n"
        return out
    }

    // MARK: - Leaderboard

    /// The top row's verdict: "best" only when it beats every other cell beyond the noise.
    private var topVerdict: String {
        switch TopCellVerdict(summary.leaderboard.dropFirst().compactMap(\.bestVersusThis)) {
        case .alone: return "only cell"
        case .winner: return "**best**"
        case .tied: return "highest mean, tied (no single best)"
        case .noNoiseEstimate, .unresolved: return "highest mean"
        }
    }

    private var leaderboard: String {
        var table = MarkdownTable([("Rank", .right), ("Cell", .left), ("\(selection) (mean ± 95% CI)", .right), ("n", .right),
                                   (primary, .right), ("Top cell vs this one", .left)])
        for entry in summary.leaderboard {
            let cell = summary.cell(entry.cell)
            let done = entry.selection?.count ?? 0
            let verdict = entry.rank == 1 && entry.selection != nil ? topVerdict
                : entry.bestVersusThis.map(VerdictText.bestVersusThis) ?? "no results"
            table.add([String(entry.rank), entry.cell.code, Formatting.meanCI(entry.selection),
                       "\(done)/\(cell?.runs.count ?? 0)",
                       Formatting.meanCI(cell?.metrics[.test]?[primaryMetric]), verdict])
        }
        return "## Leaderboard\n\nGrid cells by \(selection.code) (\(direction)), best first. A cell is called better only when the difference exceeds the noise; see [Method](#method).\n\n" + table.text + "\n"
    }

    // MARK: - Axes

    private var axes: String {
        guard !summary.marginals.isEmpty else { return "" }
        var out = "## Effect of each axis\n\nMean over every done run with that value (all other axes and seeds pooled); the last column is the spread of the cell means, which shows whether the effect holds across the other axes.\n\n"
        let testColumns = [summary.primaryMetric] + (primaryMetric == .accuracy ? [] : [Selection(.test, .accuracy)])
        for marginal in summary.marginals {
            out += "### \(marginal.axis)\n\n"
            var table = MarkdownTable([("Value", .left), ("\(selection) mean", .right)]
                                      + testColumns.map { ("\($0) mean", MarkdownTable.Alignment.right) }
                                      + [("Runs", .right), ("Cell means (min – max)", .right)])
            for level in marginal.levels {
                let range = level.cellMeans.map { "\(Formatting.metric($0.min)) – \(Formatting.metric($0.max))" } ?? "—"
                table.add([level.label.code, level.selection.map { Formatting.metric($0.mean) } ?? "—"]
                          + testColumns.map { key in level.test[key.metric.rawValue].map { Formatting.metric($0.mean) } ?? "—" }
                          + [String(level.runs), range])
            }
            out += table.text + "\n"
            if !marginal.slices.isEmpty {
                out += "Within each setting of the other axes (same noise rule as the leaderboard):\n\n" + sliceTable(marginal) + "\n"
            }
            if let figure = figures.first(where: { $0.file == FigureBuilder.axisFile(marginal.axis) }) {
                out += image(figure)
            }
        }
        return out
    }

    /// Per slice: the best value of the axis, the values tied with it, those it beats.
    private func sliceTable(_ marginal: AxisMarginal) -> String {
        var table = MarkdownTable([("Setting", .left), ("Highest mean", .left), (selection, .right),
                                   ("Tied with it", .left), ("Worse beyond noise", .left)])
        for slice in marginal.slices {
            guard let best = slice.ranking.first, best.selection != nil else {
                table.add([slice.label.code, "no results", "—", "—", "—"])
                continue
            }
            func names(_ outcome: Comparison.Outcome) -> String {
                let matching = slice.ranking.dropFirst().filter { $0.bestVersusThis?.outcome == outcome }
                if matching.isEmpty { return "—" }
                return matching.map { entry in
                    let evidence = entry.bestVersusThis.map(VerdictText.evidence) ?? ""
                    return "\(entry.label.code)" + (outcome == .better && !evidence.isEmpty ? " (\(evidence))" : "")
                }.joined(separator: ", ")
            }
            let inconclusive = slice.ranking.dropFirst().contains { $0.bestVersusThis?.outcome == .inconclusive }
            table.add([slice.label.code, best.label.code, Formatting.meanCI(best.selection),
                       inconclusive ? VerdictText.singleRun : names(.tied), names(.better)])
        }
        return table.text
    }

    // MARK: - Baseline and forgetting

    private var baseline: String {
        let cells = summary.cells.filter { $0.scratch != nil }
        guard !cells.isEmpty else { return "" }
        let name = primaryMetric.rawValue
        var table = MarkdownTable([("Cell", .left), ("Fine-tuned \(primary)", .right), ("Scratch \(primary)", .right),
                                   ("Difference", .right), ("Verdict", .left)])
        for cell in cells {
            let scratch = cell.scratch!
            table.add([cell.cell.code, Formatting.meanCI(cell.metrics[.test]?[name]), Formatting.meanCI(scratch.test[name]),
                       scratch.comparison.difference.map(Formatting.signed) ?? "—",
                       VerdictText.fineTunedVersusScratch(scratch.comparison)])
        }
        return "## Fine-tuned vs scratch\n\nEach run's scratch baseline trains the same architecture on the same data split with the same budget from a random start. The baseline resets what only fine-tuning uses (pre-trained weights, freezing, layer decay, L2-SP, distillation), so cells that differ only in those share their baselines. Difference: fine-tuned minus scratch on the same seed.\n\n" + table.text + "\n"
    }

    private var forgetting: String {
        let cells = summary.cells.filter { $0.forgetting != nil }
        guard !cells.isEmpty else { return "" }
        let probe = folder.runs.lazy.compactMap { $0.done?.forgetting }.first
        var table = MarkdownTable([("Cell", .left), ("Before", .right), ("After", .right), ("Drop (mean ± 95% CI)", .right)])
        for cell in cells {
            let f = cell.forgetting!
            table.add([cell.cell.code, Formatting.meanCI(f.before), Formatting.meanCI(f.after), f.drop.map(signedCI) ?? "—"])
        }
        var intro = "## Forgetting\n\n"
        if let probe {
            intro += "\(probe.metric.capitalized) on the source task (\(probe.split), \(probe.examples) examples) with the source model's head, before and after fine-tuning; drop = before − after, so larger means more forgotten.\n\n"
        }
        return intro + table.text + "\n"
    }

    // MARK: - Figures

    private var curvesAndMatrix: String {
        var out = ""
        if let curves = figures.first(where: { $0.file == FigureBuilder.learningCurves }) {
            out += "## Learning curves\n\n" + image(curves)
        }
        if let tradeOff = figures.first(where: { $0.file == FigureBuilder.trainableFigure }) {
            out += "## Trainable parameters\n\nEach cell's \(selection.code) against how many parameters it trains (log scale): what parameter-efficient strategies give up, or not, against full fine-tuning.\n\n" + image(tradeOff)
        }
        if let matrix = figures.first(where: { $0.file == FigureBuilder.confusionMatrix }) {
            out += "## Confusion matrix of the best run\n\n" + image(matrix)
        }
        return out
    }

    private func image(_ figure: Figure) -> String {
        "![\(figure.title.replacingOccurrences(of: "]", with: ")").replacingOccurrences(of: "[", with: "("))](figures/\(figure.file))\n\n"
    }

    // MARK: - Runs

    private var runs: String {
        let columns = testMetricColumns
        let leadingColumns: [(String, MarkdownTable.Alignment)] = [("Run", .left), ("Id", .left), ("Status", .left),
                                                                   ("Best epoch", .right), ("Epochs", .right), (selection, .right)]
        let testColumns: [(String, MarkdownTable.Alignment)] = columns.map { ("test.\($0)", .right) }
        let trailingColumns: [(String, MarkdownTable.Alignment)] = [("Wall time", .right), ("Trainable parameters", .right)]
        var table = MarkdownTable(leadingColumns + testColumns + trailingColumns)
        for run in folder.runs {
            let result = run.result
            let done = run.done
            let trainable = result?.parameters.map { "\(Formatting.count($0.trainable)) of \(Formatting.count($0.total))" } ?? "—"
            let bestEpoch: String = done.map { String($0.bestEpoch) } ?? "—"
            let epochs: String = result.map { String($0.epochsRun) } ?? "—"
            let selected: String = done?.selection.value.map(Formatting.metric) ?? "—"
            let tests: [String] = columns.map { name in done?.metrics[.test]?[name].map(Formatting.metric) ?? "—" }
            let wall: String = result.map { Formatting.duration($0.timings.totalSeconds) } ?? "—"
            let leading: [String] = [run.name, run.id.code, run.status.rawValue, bestEpoch, epochs, selected]
            table.add(leading + tests + [wall, trainable])
        }
        var out = "## Runs\n\nEvery planned run in plan order. Metrics are those of the run's best epoch (all of them are in its result.json); wall time includes the run's scratch baseline when it trained one rather than reusing it.\n\n" + table.text + "\n"
        let problems = folder.runs.filter { $0.status != .done }
        if !problems.isEmpty {
            var failures = MarkdownTable([("Run", .left), ("Id", .left), ("Status", .left), ("Error", .left)])
            for run in problems { failures.add([run.name, run.id.code, run.status.rawValue, run.errorText ?? "—"]) }
            out += "### Runs that did not finish\n\n" + failures.text + "\n"
        }
        return out
    }

    /// Test metrics for the runs table, at most four so it stays readable: the primary one,
    /// then accuracy, ROC-AUC and a loss (`loss` is `log_loss` for classifiers), or the
    /// regression errors. Every metric stays in each run's result.json.
    private var testMetricColumns: [String] {
        let names = Set(folder.runs.compactMap { $0.done?.metrics[.test] }.flatMap(\.keys))
        let preferred = [primaryMetric.rawValue, "accuracy", "roc_auc", "log_loss", "rmse", "mae", "r2", "loss", "macro_f1"]
        var columns: [String] = []
        for name in preferred + names.sorted() where names.contains(name) && !columns.contains(name) {
            if name == "loss", columns.contains("log_loss") { continue }
            columns.append(name)
        }
        return Array(columns.prefix(4))
    }

    // MARK: - Method

    private var method: String {
        """
        ## Method

        \(kFold)- Intervals are 95% confidence intervals of the mean over \(summary.folds == nil ? "seeds" : "seeds and folds") (Student t, n − 1 degrees of freedom), cut at the metric's range (a score cannot pass 1, a loss cannot go below 0; a cut interval prints its ends); with one run there is no interval.
        - Two cells are compared with a paired t-test over seeds (two-sided, α = \(NoiseTest.alpha)) when both ran the same seeds, since runs with the same seed share their data split; otherwise they differ only when their 95% intervals do not overlap. Anything else is reported as tied. Each paired difference is printed with its 95% interval (paired t), not widened for its family: an interval that excludes 0 can still be a tie after the correction.
        \(correctionLine)
        - Only runs with status `done` enter the statistics. Generated by `finetune report` from the files in this folder alone.
        \(versionsLine)

        """
    }

    /// Which versions made the results (summary.json's `versions`).
    private var versionsLine: String {
        let v = summary.versions
        guard !v.finetune.isEmpty else { return "- Versions: no result records them yet." }
        var parts = ["finetune \(v.finetune.joined(separator: ", "))"]
        if !v.commits.isEmpty { parts[0] += " (commit \(v.commits.joined(separator: ", ")))" }
        if !v.torch.isEmpty { parts.append("libtorch \(v.torch.joined(separator: ", "))") }
        parts.append("numbers version \(v.numbers.map(String.init).joined(separator: ", "))\(v.numbers.count > 1 ? " (mixed, see the Answer)" : "")")
        return "- Versions: the results were made by " + parts.joined(separator: ", ") + "."
    }

    /// How p-values were corrected, and within which families.
    private var correctionLine: String {
        let families = summary.families.map { "\($0.name) (\($0.size))" }.joined(separator: ", ")
        switch summary.correction {
        case .holm:
            return "- Many comparisons: p-values are adjusted by Holm–Bonferroni within each family of claims, and verdicts read the adjusted p, so a family calls a false difference at most 5% of the time" + (families.isEmpty ? "." : "; families (comparisons): \(families).") + " A tie's seeds estimate is the smallest number of seeds per cell at which a paired t-test at α / m (m comparisons in its family) has 80% power for the observed difference and spread."
        case .none:
            return "- Many comparisons: not corrected (`evaluation.correction: none`); each comparison is tested at α = \(NoiseTest.alpha) on its own" + (families.isEmpty ? "." : "; families (comparisons): \(families).")
        }
    }

    /// The k-fold line of the method, empty without k-fold CV.
    private var kFold: String {
        guard let k = summary.folds else { return "" }
        return "- K-fold CV: \(k)-fold cross-validation. Every cell ran on all \(k) folds of the data outside the test split, each fold validating once; the test split is the same in every fold. Folds are aggregated like repeats (n = \(k) folds × \(summary.repeats) seed\(summary.repeats == 1 ? "" : "s") = \(k * summary.repeats) per cell), and cells are paired by seed and fold.\n"
    }

    // MARK: - Helpers

    /// A drop or gain: `+0.012 ± 0.004`.
    private func signedCI(_ summary: Summary) -> String {
        guard let interval = summary.interval else { return Formatting.signed(summary.mean) }
        if Formatting.isSymmetric(interval, around: summary.mean) {
            return Formatting.signed(summary.mean) + " ± \(Formatting.metric(interval.halfWidth))"
        }
        return Formatting.signed(summary.mean) + " [\(Formatting.signed(interval.lower)), \(Formatting.signed(interval.upper))]"
    }
}
