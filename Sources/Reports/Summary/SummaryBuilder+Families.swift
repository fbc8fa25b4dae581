import Experiment

/// A set of comparisons that answer one question together, corrected as one.
public struct ComparisonFamily: Codable, Sendable, Equatable {
    /// `top cell against the others`, `fine-tuned against scratch`, `trade-offs`, `axis X`.
    public var name: String
    /// Comparisons with a p-value in the family (the m of Holm).
    public var size: Int
}

extension SummaryBuilder {
    /// Corrects each family of claims within itself (``NoiseTest/correct(_:higherIsBetter:correction:)``):
    /// the top cell against each other cell; each fine-tuned cell against its scratch baseline;
    /// each cheaper cell against the full fine-tuning it is traded against; and, per axis, each
    /// setting's ranking against its best. Returns the families, with their sizes, for Method.
    static func correctFamilies(_ summary: inout ExperimentSummary, correction: EvaluationConfig.Correction) -> [ComparisonFamily] {
        var families: [ComparisonFamily] = []
        func correct(_ name: String, _ family: [Comparison?], higherIsBetter: Bool) -> [Comparison?] {
            let size = family.filter { $0?.pValue != nil }.count
            if size > 0 { families.append(.init(name: name, size: size)) }
            return NoiseTest.correct(family, higherIsBetter: higherIsBetter, correction: correction)
        }
        let higher = summary.selection.higherIsBetter
        // 1. The leaderboard: the top cell against each other cell.
        let board = correct("top cell against the others", summary.leaderboard.map(\.bestVersusThis), higherIsBetter: higher)
        for index in summary.leaderboard.indices { summary.leaderboard[index].bestVersusThis = board[index] }
        // 2. Fine-tuned against scratch, one claim per cell, on the test metric.
        let scratch = correct("fine-tuned against scratch", summary.cells.map { $0.scratch?.comparison },
                              higherIsBetter: summary.primaryMetric.higherIsBetter)
        for index in summary.cells.indices where scratch[index] != nil { summary.cells[index].scratch?.comparison = scratch[index]! }
        // 3. Trade-offs: each cell that trains fewer parameters against full fine-tuning.
        let trades = correct("trade-offs", summary.cells.map { $0.versusMostTrainable?.comparison }, higherIsBetter: higher)
        for index in summary.cells.indices where trades[index] != nil { summary.cells[index].versusMostTrainable?.comparison = trades[index]! }
        // 4. Per axis: every setting's ranking, each against its best.
        for m in summary.marginals.indices {
            let places = summary.marginals[m].slices.indices.flatMap { s in summary.marginals[m].slices[s].ranking.indices.map { (s, $0) } }
            let family = places.map { summary.marginals[m].slices[$0.0].ranking[$0.1].bestVersusThis }
            let corrected = correct("axis \(summary.marginals[m].axis)", family, higherIsBetter: higher)
            for (place, comparison) in zip(places, corrected) {
                summary.marginals[m].slices[place.0].ranking[place.1].bestVersusThis = comparison
            }
        }
        return families
    }
}
