/// The Answer's line about one axis's pooled means. Pooled means mix the other axes, so the
/// line calls a value "best on average" only when it is ahead of every other value beyond the
/// noise; otherwise it names the values tied with the top one. A zip group is one axis whose
/// values are its combinations, never a marginal per zipped path.
enum MarginalText {
    static func line(_ marginal: AxisMarginal, better: (Double, Double) -> Bool) -> String? {
        let measured = marginal.levels.filter { $0.selection != nil }
        guard measured.count > 1, let top = measured.first(where: { $0.bestVersusThis == nil }) else { return nil }
        let rest = measured.filter { $0.bestVersusThis != nil }
        func named(_ level: AxisMarginal.Level) -> String { "\(level.label.code) (\(Formatting.metric(level.selection!.mean)))" }
        let pooled = marginal.paths.count > 1
            ? "pooled over the other axes; \(marginal.paths.map(\.code).joined(separator: " and ")) vary together (zip), so only their combinations are compared"
            : "pooled over the other axes"
        let reference = "see [Effect of each axis](#effect-of-each-axis)"
        switch TopCellVerdict(rest.compactMap(\.bestVersusThis)) {
        case .alone:
            return nil
        case .winner:
            return "\(marginal.axis.code): \(named(top)) is best on average, ahead of every other value beyond the noise — \(pooled), \(reference)."
        case .tied:
            let tied = rest.filter { $0.bestVersusThis?.outcome == .tied || $0.bestVersusThis?.outcome == .worse }
            let behind = rest.filter { $0.bestVersusThis?.outcome == .better }
            var text = "\(marginal.axis.code): no value is best on average — \(([top] + tied).map(named).joined(separator: ", ")) are tied (difference within noise)"
            if !behind.isEmpty { text += "; \(behind.map(named).joined(separator: ", ")) \(behind.count == 1 ? "is" : "are") behind beyond the noise" }
            return text + " — \(pooled), \(reference)."
        case .noNoiseEstimate, .unresolved:
            let sorted = measured.sorted { better($0.selection!.mean, $1.selection!.mean) }
            return "\(marginal.axis.code): highest mean \(named(sorted.first!)), lowest \(named(sorted.last!)); too few runs to tell them apart from the noise — \(pooled), \(reference)."
        }
    }
}
