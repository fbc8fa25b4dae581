import Experiment
import Foundation
import Results

/// The Answer's sentences, built from the finished summary as ``Claim``s: every verdict in
/// them is the summary's (corrected within its family), and report.md prints their text.
struct ClaimBuilder {
    let summary: ExperimentSummary

    private var selection: String { summary.selection.metric.text }
    private var primary: String { summary.primaryMetric.text }
    private var primaryMetric: Metric { summary.primaryMetric.metric }

    var claims: [Claim] {
        guard let top = summary.leaderboard.first, let topSelection = top.selection,
              let topCell = summary.cell(top.cell) else {
            return [Claim(.nothingFinished, "No run finished, so there is nothing to compare yet; see [Runs](#runs).")]
        }
        var claims: [Claim] = []
        let topTest = topCell.metrics[.test]?[primaryMetric]
        let measured = "\(selection.code) = \(Formatting.meanCI(topSelection)) (n = \(topSelection.count))"
            + (topTest.map { ", \(primary.code) = \(Formatting.meanCI($0))" } ?? "")
        let others = summary.leaderboard.dropFirst().compactMap { entry in entry.bestVersusThis.map { (entry.cell, $0) } }
        let verdict = TopCellVerdict(others.map(\.1))
        let beaten = others.filter { $0.1.outcome == .better }.map(\.0)
        let tied = others.filter { $0.1.outcome == .tied }.map(\.0)
        let text: String
        switch verdict {
        case .alone where summary.leaderboard.count > 1:
            text = "Only \(top.cell.code) has finished runs: \(measured). There is nothing to rank it against yet."
        case .alone:
            text = "Only one cell, \(top.cell.code): \(measured). There is nothing to rank it against."
        case .noNoiseEstimate:
            text = "Highest mean: \(top.cell.code) with \(measured). With one run per cell nothing can be concluded about noise: the ranking may be seed luck. Add `repeats:` to tell."
        case .winner:
            text = "**Best cell: \(top.cell.code)** with \(measured); it is better than \(others.count == 1 ? "the other cell" : "all \(others.count) other cells") by more than the noise."
        case .tied:
            text = "**No single best cell**: \(top.cell.code) has the highest mean, \(measured), but is tied with \(tied.count) of the \(others.count) other cells (difference within noise): \(list(tied))"
                + (beaten.isEmpty ? "." : "; it is better than the other \(beaten.count) by more than the noise.")
        case .unresolved:
            text = "Highest mean: \(top.cell.code) with \(measured); it is better than \(beaten.count) of the \(others.count) other cells by more than the noise, and the rest have too few runs to tell."
        }
        let versusTop = others.map { Claim.Evidence(cell: top.cell, versus: $0.0, comparison: $0.1) }
        claims.append(Claim(.topCell, text, cells: [top.cell] + others.map(\.0), metric: selection, n: topSelection.count,
                            verdict: verdict.name, evidence: versusTop))
        let estimates = others.filter { $0.1.outcome == .tied && $0.1.seedsNeeded != nil && $0.1.difference != nil }
        if !estimates.isEmpty {
            let parts = estimates.prefix(5).map { cell, c in
                "about \(c.seedsNeeded!) seeds per cell would tell \(top.cell.code) from \(cell.code) if the \(Formatting.metric(abs(c.difference!))) gap is real"
            }
            let more = estimates.count > 5 ? ", and so on for \(estimates.count - 5) more" : ""
            claims.append(Claim(.seedsEstimate, "An estimate from the observed spread, not a promise: " + parts.joined(separator: "; ") + more + ".",
                                cells: [top.cell] + estimates.map(\.0), metric: selection, n: topSelection.count, verdict: "tied",
                                evidence: estimates.map { Claim.Evidence(cell: top.cell, versus: $0.0, comparison: $0.1) }))
        }
        if verdict == .tied || verdict == .winner, topSelection.count <= 3 {
            let t = StudentT.quantile(1 - (1 - NoiseTest.level) / 2, degreesOfFreedom: Double(topSelection.count - 1))
            claims.append(Claim(.repeats, "With \(topSelection.count) \(summary.folds == nil ? "seeds" : "runs") per cell a 95% interval spans ±\(String(format: "%.1f", t)) standard errors; more `repeats` would separate cells that are now tied.",
                                n: topSelection.count))
        }
        let scratch = summary.cells.compactMap { cell in cell.scratch.map { (cell.cell, $0.comparison) } }
        if !scratch.isEmpty {
            let count = { (o: Comparison.Outcome) in scratch.filter { $0.1.outcome == o }.count }
            var parts = ["better in \(count(.better))", "tied in \(count(.tied))", "worse in \(count(.worse))"]
            if count(.inconclusive) > 0 { parts.append("inconclusive (n = 1) in \(count(.inconclusive))") }
            claims.append(Claim(.scratchCount, "Pre-trained vs scratch on \(primary.code): fine-tuning is \(parts.joined(separator: ", ")) of \(scratch.count) cells.",
                                cells: scratch.map(\.0), metric: primary,
                                evidence: scratch.map { Claim.Evidence(cell: $0.0, versus: "scratch", comparison: $0.1) }))
            if let versus = topCell.scratch?.comparison, let difference = versus.difference {
                let which = verdict == .winner ? "The best cell" : "The cell with the highest mean"
                claims.append(Claim(.topVersusScratch, "\(which) against its scratch baseline: \(VerdictText.fineTunedVersusScratch(versus)), difference \(Formatting.signed(difference)) on \(primary.code); see [Fine-tuned vs scratch](#fine-tuned-vs-scratch).",
                                    cells: [top.cell], metric: primary, n: versus.n, verdict: versus.outcome.rawValue,
                                    evidence: [Claim.Evidence(cell: top.cell, versus: "scratch", comparison: versus)]))
            }
        }
        claims += tradeOffs
        let drops = summary.cells.compactMap { cell in cell.forgetting?.drop.map { (cell.cell, $0.mean) } }
        if drops.count > 1 {
            let metric = summary.cells.compactMap(\.forgetting?.metric).first ?? "accuracy"
            claims.append(Claim(.forgetting, ExtremesText.forgetting(drops, metric: metric), cells: drops.map(\.0), metric: "source.\(metric)"))
        }
        for marginal in summary.marginals where marginal.levels.count > 1 && !marginal.slices.isEmpty {
            var evidence: [Claim.Evidence] = []
            let parts = marginal.slices.compactMap { slice -> String? in
                guard let best = slice.ranking.first, best.selection != nil else { return nil }
                for entry in slice.ranking.dropFirst() {
                    if let c = entry.bestVersusThis { evidence.append(.init(cell: best.cell, versus: entry.cell, comparison: c)) }
                }
                let rest = slice.ranking.dropFirst().compactMap(\.bestVersusThis)
                let tied = slice.ranking.dropFirst().filter { $0.bestVersusThis?.outcome == .tied }.map { $0.label.code }
                switch TopCellVerdict(rest) {
                case .winner, .alone: return "\(slice.label.code): \(best.label.code)"
                case .tied: return "\(slice.label.code): no single best (\(([best.label.code] + tied).joined(separator: ", ")) tied)"
                case .noNoiseEstimate, .unresolved: return "\(slice.label.code): \(best.label.code) has the highest mean (noise unknown)"
                }
            }
            if !parts.isEmpty {
                claims.append(Claim(.axisSlices, "Best \(marginal.axis.code) at each setting of the other axes, beyond the noise — \(parts.joined(separator: "; ")).",
                                    cells: marginal.slices.flatMap { $0.ranking.map(\.cell) }, metric: selection, evidence: evidence))
            }
        }
        for marginal in summary.marginals where marginal.levels.count > 1 {
            if let line = MarginalText.line(marginal, better: better) {
                let evidence = marginal.levels.compactMap { level in
                    level.bestVersusThis.map { Claim.Evidence(cell: marginal.axis, versus: level.label, comparison: $0) }
                }
                claims.append(Claim(.axisPooled, line, cells: marginal.levels.map(\.label), metric: selection, evidence: evidence))
            }
        }
        let unfinished = summary.statusCounts.filter { $0.key != RunStatus.done.rawValue && $0.value > 0 }
        if !unfinished.isEmpty {
            let parts = unfinished.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            claims.append(Claim(.unfinished, "Not every run finished (\(parts.joined(separator: ", "))); statistics use done runs only, see [Runs](#runs)."))
        }
        if summary.versions.numbers.count > 1 {
            let versions = summary.versions.numbers.map(String.init).joined(separator: ", ")
            claims.append(Claim(.mixedVersions, "These results mix numbers versions \(versions) (kept with `--keep-stale`): runs measured by different versions of finetune may differ for that reason alone; a sweep without `--keep-stale` trains the older ones again."))
        }
        return claims
    }

    /// Parameter efficiency: each cell training under a tenth of the parameters of its full
    /// fine-tuning reference, with the fraction, the selection difference and its noise, and
    /// what each forgets.
    private var tradeOffs: [Claim] {
        let efficient = summary.cells.compactMap { cell in cell.versusMostTrainable.map { (cell, $0) } }
            .filter { $0.1.fraction < 0.1 }
        let count = { (cell: CellSummary?) in cell?.trainableParameters.map { Formatting.count(Int($0.mean.rounded())) } ?? "?" }
        let forgets = { (cell: CellSummary?) in cell?.forgetting?.drop.map { Formatting.signed($0.mean) } }
        return efficient.map { cell, tradeOff in
            let reference = summary.cell(tradeOff.cell)
            let percent = String(format: tradeOff.fraction < 0.01 ? "%.2f%%" : "%.1f%%", tradeOff.fraction * 100)
            var text = "\(cell.cell.code) trains \(count(cell)) parameters, \(percent) of \(tradeOff.cell.code)'s \(count(reference)), and scores \(Formatting.meanCI(cell.selection)) against \(Formatting.meanCI(reference?.selection)): \(VerdictText.fewerParameters(tradeOff.comparison))"
            if let own = forgets(cell), let theirs = forgets(reference) {
                text += "; it forgets \(own) source \(cell.forgetting!.metric) against \(theirs)"
            }
            return Claim(.tradeOff, "Trade-off: \(text) (\(selection.code); see [Trainable parameters](#trainable-parameters)).",
                         cells: [cell.cell, tradeOff.cell], metric: selection, n: tradeOff.comparison.n,
                         verdict: tradeOff.comparison.outcome.rawValue,
                         evidence: [.init(cell: cell.cell, versus: tradeOff.cell, comparison: tradeOff.comparison)])
        }
    }

    private func better(_ a: Double, _ b: Double) -> Bool { summary.selection.higherIsBetter ? a > b : a < b }
    private func list(_ cells: [String]) -> String { cells.map(\.code).joined(separator: ", ") }
}
