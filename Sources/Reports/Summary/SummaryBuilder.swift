import Experiment
import Foundation
import Results

/// Turns a results folder into an ``ExperimentSummary``: cells, leaderboard, verdicts, marginals.
///
/// Only `done` runs with finite values enter a statistic; diverged and failed runs are
/// counted in their cell's run list but never pull a mean toward NaN.
public enum SummaryBuilder {
    public static func build(_ folder: ResultsFolder) -> ExperimentSummary {
        let selection = selection(of: folder)
        let primary = Selection(.test, selection.metric.metric)
        let cells = tradeOffs(cellNames(folder.runs).map { name in
            summarize(cell: name, runs: folder.runs.filter { $0.cell == name }, selection: selection, primary: primary)
        }, runs: folder.runs, selection: selection)
        var counts = Dictionary(uniqueKeysWithValues: RunStatus.allCases.map { ($0.rawValue, 0) })
        for run in folder.runs { counts[run.status.rawValue, default: 0] += 1 }
        var summary = ExperimentSummary(
            experiment: folder.plan.experiment, description: folder.plan.description, file: folder.plan.file,
            axes: folder.plan.axes, zipGroups: folder.plan.zipGroups, repeats: folder.plan.repeats, folds: folder.plan.folds,
            plannedRuns: folder.runs.count,
            selection: selection, primaryMetric: primary, statusCounts: counts,
            computeSeconds: folder.runs.compactMap { $0.result?.timings.totalSeconds }.reduce(0, +),
            cells: cells,
            leaderboard: leaderboard(cells, runs: folder.runs, selection: selection),
            marginals: marginals(folder, cells: cells, selection: selection))
        summary.correction = folder.plan.correction
        summary.families = correctFamilies(&summary, correction: summary.correction)
        summary.versions = versions(folder.runs.compactMap(\.result))
        summary.claims = ClaimBuilder(summary: summary).claims
        return summary
    }

    /// Every distinct version among the results, sorted.
    static func versions(_ results: [RunResult]) -> ExperimentSummary.ResultVersions {
        .init(finetune: Set(results.map(\.versions.finetune)).sorted(),
              commits: Set(results.compactMap(\.versions.commit)).sorted(),
              torch: Set(results.compactMap(\.versions.torch)).sorted(),
              numbers: Set(results.map(\.versions.numbersVersion)).sorted())
    }

    /// The selection metric as the results recorded it, else as the plan's config names it.
    static func selection(of folder: ResultsFolder) -> ExperimentSummary.Selection {
        if let recorded = folder.runs.lazy.compactMap({ $0.result?.selection }).first {
            return .init(metric: recorded.metric)
        }
        return .init(metric: folder.plan.selectMetric)
    }

    /// Cell names in the order the plan first lists them (the grid order of the file).
    static func cellNames(_ runs: [LoadedRun]) -> [String] {
        var seen = Set<String>()
        return runs.map(\.cell).filter { seen.insert($0).inserted }
    }

    /// A metric of each done run, by replicate (seed, or seed and fold); non-finite values are
    /// left out.
    static func values(_ runs: [LoadedRun], _ pick: (RunResult) -> Double?) -> [Int: Double] {
        var out: [Int: Double] = [:]
        for run in runs {
            if let result = run.done, let value = pick(result), value.isFinite { out[run.replicate] = value }
        }
        return out
    }

    /// Metric name → its summary, each interval cut at that metric's range.
    static func summaries(_ byName: [String: [Double]]) -> [String: Summary] {
        var out: [String: Summary] = [:]
        for (name, values) in byName { out[name] = Summary(values, within: MetricRange.of(name)) }
        return out
    }

    static func summarize(cell: String, runs: [LoadedRun], selection: ExperimentSummary.Selection,
                          primary: Selection) -> CellSummary {
        let selected = values(runs) { $0.selection.value }
        // split → metric → values, over done runs.
        var pooled: [String: [String: [Double]]] = [:]
        for result in runs.compactMap(\.done) {
            for (split, metrics) in result.metrics {
                for (name, value) in metrics where value.isFinite { pooled[split, default: [:]][name, default: []].append(value) }
            }
        }
        var forgetting: CellSummary.ForgettingSummary?
        if let metric = runs.lazy.compactMap({ $0.done?.forgetting?.metric }).first {
            forgetting = .init(metric: metric,
                               before: Summary(Array(values(runs) { $0.forgetting?.before }.values), within: MetricRange.of(metric)),
                               after: Summary(Array(values(runs) { $0.forgetting?.after }.values), within: MetricRange.of(metric)),
                               drop: Summary(Array(values(runs) { $0.forgetting?.drop }.values), within: MetricRange.ofDifference(metric)))
        }
        var scratch: CellSummary.BaselineSummary?
        let baselines = runs.compactMap { run in run.done?.baselines["scratch"].flatMap { $0.status == .done ? (run.replicate, $0) : nil } }
        if !baselines.isEmpty {
            var test: [String: [Double]] = [:]
            var scratchPrimary: [Int: Double] = [:]
            for (seed, baseline) in baselines {
                for (name, value) in baseline.metrics[.test] ?? [:] where value.isFinite { test[name, default: []].append(value) }
                if let value = baseline.metrics[primary.split]?[primary.metric], value.isFinite { scratchPrimary[seed] = value }
            }
            let tuned = values(runs) { $0.metrics[primary.split]?[primary.metric] }
            scratch = .init(test: summaries(test),
                            comparison: NoiseTest.compare(tuned, scratchPrimary, higherIsBetter: primary.higherIsBetter,
                                                          range: MetricRange.ofDifference(primary.metric.rawValue)))
        }
        let best = runs.filter { $0.done?.selection.value?.isFinite == true }
            .min { isBetter($0.done!.selection.value!, than: $1.done!.selection.value!, selection) }
        return CellSummary(
            cell: cell, overrides: runs.first?.planned.overrides ?? [:],
            runs: runs.map { .init(id: $0.id, name: $0.name, seed: $0.seed, status: $0.status) },
            selection: Summary(Array(selected.values), within: selection.metric.metric.range),
            metrics: pooled.mapValues(summaries),
            forgetting: forgetting, scratch: scratch, bestRun: best?.id,
            trainableParameters: Summary(runs.compactMap { $0.done?.parameters.map { Double($0.trainable) } }))
    }

    /// Each cell that trains fewer parameters against the best-scoring cell among those that
    /// train the most (LoRA or BitFit against full fine-tuning), paired by seed. The reference
    /// shares the cell's other settings (data, regularization, …) when such a cell exists:
    /// only `freeze.*` and `optimizer.*` may differ, as they go with the strategy.
    static func tradeOffs(_ cells: [CellSummary], runs: [LoadedRun], selection: ExperimentSummary.Selection) -> [CellSummary] {
        guard let most = cells.compactMap({ $0.trainableParameters?.mean }).max(), most > 0 else { return cells }
        let full = cells.filter { ($0.trainableParameters?.mean ?? 0) >= most * 0.999 && $0.selection != nil }
        func best(_ candidates: [CellSummary]) -> CellSummary? {
            candidates.min { isBetter($0.selection!.mean, than: $1.selection!.mean, selection) }
        }
        func sameSetting(_ a: CellSummary, _ b: CellSummary) -> Bool {
            let keys = Set(a.overrides.keys).union(b.overrides.keys).filter { !$0.hasPrefix("freeze.") && !$0.hasPrefix("optimizer.") }
            return keys.allSatisfy { a.overrides[$0] == b.overrides[$0] }
        }
        return cells.map { cell in
            var cell = cell
            guard let trainable = cell.trainableParameters?.mean, trainable < most * 0.999,
                  let reference = best(full.filter { sameSetting($0, cell) }) ?? best(full),
                  let referenceTrainable = reference.trainableParameters?.mean else { return cell }
            let own = values(runs.filter { $0.cell == cell.cell }) { $0.selection.value }
            let theirs = values(runs.filter { $0.cell == reference.cell }) { $0.selection.value }
            cell.versusMostTrainable = .init(cell: reference.cell, fraction: trainable / referenceTrainable,
                                             comparison: NoiseTest.compare(own, theirs, higherIsBetter: selection.higherIsBetter,
                                                                           range: MetricRange.ofDifference(selection.metric.metric.rawValue)))
            return cell
        }
    }

    static func isBetter(_ a: Double, than b: Double, _ selection: ExperimentSummary.Selection) -> Bool {
        selection.higherIsBetter ? a > b : a < b
    }

    /// Cells best first by mean selection value (grid order breaks ties); cells without a
    /// done run last. Each is compared with the top cell.
    static func leaderboard(_ cells: [CellSummary], runs: [LoadedRun],
                            selection: ExperimentSummary.Selection) -> [ExperimentSummary.LeaderboardEntry] {
        let order = cells.indices.sorted { i, j in
            switch (cells[i].selection?.mean, cells[j].selection?.mean) {
            case let (a?, b?): return a != b ? isBetter(a, than: b, selection) : i < j
            case (.some, .none): return true
            case (.none, .some): return false
            case (.none, .none): return i < j
            }
        }
        let perCell = { (name: String) in values(runs.filter { $0.cell == name }) { $0.selection.value } }
        let top = order.first.flatMap { cells[$0].selection == nil ? nil : cells[$0].cell }
        let topValues = top.map(perCell) ?? [:]
        return order.enumerated().map { rank, index in
            let cell = cells[index]
            var comparison: Comparison?
            if let top, cell.cell != top, cell.selection != nil {
                comparison = NoiseTest.compare(topValues, perCell(cell.cell), higherIsBetter: selection.higherIsBetter,
                                               range: MetricRange.ofDifference(selection.metric.metric.rawValue))
            }
            return .init(rank: rank + 1, cell: cell.cell, selection: cell.selection, bestVersusThis: comparison)
        }
    }

    /// One axis group's marginal: a single swept path, or a zip group whose paths vary
    /// together, so only their combinations are levels (a marginal per zipped path would mix
    /// the other paths' values into each mean).
    static func marginal(group: [String], runs: [LoadedRun], selection: ExperimentSummary.Selection) -> AxisMarginal {
        func key(_ run: LoadedRun) -> Value? {
            if group.count == 1 { return run.planned.overrides[group[0]] }
            let parts = group.map { run.planned.overrides[$0] }
            return parts.contains { $0 == nil } ? nil : .array(parts.map { $0! })
        }
        var levels: [Value] = []
        for run in runs {
            if let value = key(run), !levels.contains(value) { levels.append(value) }
        }
        let numeric = group.count == 1 && !levels.isEmpty && levels.allSatisfy { $0.double != nil }
        // plan.json's `1.0` reads back as an integer; print it as the file wrote it, like its siblings.
        func fractional(_ values: [Value]) -> Bool {
            values.contains { if case .number(let d) = $0 { return d != d.rounded() } else { return false } }
        }
        func text(_ value: Value, _ siblings: [Value]) -> String {
            fractional(siblings) && value.int != nil ? "\(value.double!)" : label(value)
        }
        func levelLabel(_ value: Value) -> String {
            guard group.count > 1, case .array(let parts) = value else { return text(value, levels) }
            return zip(group.indices, parts).map { index, part in
                let column = levels.compactMap { if case .array(let p) = $0 { p[index] } else { nil } }
                return text(part, column)
            }.joined(separator: " + ")
        }
        var built: [AxisMarginal.Level] = levels.map { value in
            let matching = runs.filter { key($0) == value }
            let done = matching.compactMap(\.done)
            var test: [String: [Double]] = [:]
            for result in done {
                for (name, v) in result.metrics[.test] ?? [:] where v.isFinite { test[name, default: []].append(v) }
            }
            let cellMeans = cellNames(matching).compactMap { name in
                Summary(Array(values(matching.filter { $0.cell == name }) { $0.selection.value }.values))?.mean
            }
            return .init(value: value, label: levelLabel(value), runs: done.count,
                         selection: Summary(done.compactMap { $0.selection.value }.filter(\.isFinite), within: selection.metric.metric.range),
                         test: summaries(test),
                         cellMeans: cellMeans.min().map { .init(min: $0, max: cellMeans.max()!) })
        }
        // The best pooled mean against each other value, by the unpaired noise rule.
        let pooled = levels.map { value in runs.filter { key($0) == value }.compactMap { $0.done?.selection.value }.filter(\.isFinite) }
        if let best = built.indices.filter({ built[$0].selection != nil })
            .min(by: { isBetter(built[$0].selection!.mean, than: built[$1].selection!.mean, selection) }) {
            for index in built.indices where index != best && built[index].selection != nil {
                built[index].bestVersusThis = NoiseTest.unpaired(pooled[best], pooled[index], higherIsBetter: selection.higherIsBetter)
            }
        }
        return AxisMarginal(axis: group.joined(separator: " + "), paths: group, numeric: numeric, levels: built, slices: [])
    }

    /// Every axis group's marginal means and slices; slices name the other groups' values
    /// with the same labels the marginals use.
    static func marginals(_ folder: ResultsFolder, cells: [CellSummary],
                          selection: ExperimentSummary.Selection) -> [AxisMarginal] {
        let groups = folder.plan.axisGroups
        var marginals = groups.map { marginal(group: $0, runs: folder.runs, selection: selection) }
        var labels: [String: [Value: String]] = [:]
        for marginal in marginals where marginal.paths.count == 1 {
            labels[marginal.axis] = Dictionary(marginal.levels.map { ($0.value, $0.label) }, uniquingKeysWith: { a, _ in a })
        }
        for index in marginals.indices {
            marginals[index].slices = slices(marginal: marginals[index], groups: groups, cells: cells,
                                             runs: folder.runs, labels: labels, selection: selection)
        }
        return marginals
    }

    /// This group's values ranked inside each setting of the other groups, each compared with
    /// the slice's best by the same noise rule as the leaderboard. A slice holding a single
    /// value has nothing to rank and is left out.
    static func slices(marginal: AxisMarginal, groups: [[String]], cells: [CellSummary], runs: [LoadedRun],
                       labels: [String: [Value: String]], selection: ExperimentSummary.Selection) -> [AxisMarginal.Slice] {
        let others = groups.filter { $0 != marginal.paths }.flatMap { $0 }
        guard !others.isEmpty else { return [] }
        func levelLabel(_ cell: CellSummary) -> String {
            let value: Value? = marginal.paths.count == 1 ? cell.overrides[marginal.paths[0]]
                : .array(marginal.paths.map { cell.overrides[$0] ?? .null })
            return value.flatMap { v in marginal.levels.first { $0.value == v }?.label } ?? "?"
        }
        var slices: [AxisMarginal.Slice] = []
        for cell in cells {
            let fixed = cell.overrides.filter { others.contains($0.key) }
            let entry = AxisMarginal.Slice.Entry(label: levelLabel(cell), cell: cell.cell, selection: cell.selection, bestVersusThis: nil)
            if let index = slices.firstIndex(where: { $0.fixed == fixed }) { slices[index].ranking.append(entry); continue }
            let text = others.map { other in "\(other)=\(fixed[other].map { labels[other]?[$0] ?? label($0) } ?? "?")" }.joined(separator: ",")
            slices.append(.init(fixed: fixed, label: text, ranking: [entry]))
        }
        let perCell = { (name: String) in values(runs.filter { $0.cell == name }) { $0.selection.value } }
        return slices.filter { $0.ranking.count > 1 }.map { slice in
            var slice = slice
            slice.ranking = slice.ranking.enumerated().sorted { a, b in
                switch (a.element.selection?.mean, b.element.selection?.mean) {
                case let (x?, y?): return x != y ? isBetter(x, than: y, selection) : a.offset < b.offset
                case (.some, .none): return true
                case (.none, .some): return false
                case (.none, .none): return a.offset < b.offset
                }
            }.map(\.element)
            if let best = slice.ranking.first, best.selection != nil {
                let bestValues = perCell(best.cell)
                for index in slice.ranking.indices.dropFirst() where slice.ranking[index].selection != nil {
                    slice.ranking[index].bestVersusThis = NoiseTest.compare(bestValues, perCell(slice.ranking[index].cell),
                                                                            higherIsBetter: selection.higherIsBetter,
                                                                            range: MetricRange.ofDifference(selection.metric.metric.rawValue))
                }
            }
            return slice
        }
    }

    /// How an axis value reads in tables and legends: `gradual`, `0.05`, `3`.
    public static func label(_ value: Value) -> String {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .number(let d): return "\(d)"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array, .object: return value.canonicalJSON
        }
    }
}
