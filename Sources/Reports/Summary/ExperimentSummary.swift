import Experiment
import Foundation
import Results

/// summary.json: everything the report concludes, as data.
///
/// The report renders this and nothing it computes on the side, so a reader of the JSON
/// (or a script) sees the same numbers and verdicts as a reader of report.md.
public struct ExperimentSummary: Codable, Sendable {
    public struct Selection: Codable, Sendable {
        /// `split.metric`, e.g. `validation.macro_f1`.
        public var metric: Experiment.Selection
        public var higherIsBetter: Bool
        enum CodingKeys: String, CodingKey { case metric; case higherIsBetter = "higher_is_better" }

        public init(metric: Experiment.Selection) {
            self.metric = metric
            higherIsBetter = metric.higherIsBetter
        }
    }

    /// One leaderboard row: a cell's rank and how it compares with the top cell.
    public struct LeaderboardEntry: Codable, Sendable {
        public var rank: Int
        public var cell: String
        /// The selection metric; nil when the cell has no done run (ranked last).
        public var selection: Summary?
        /// The top cell compared with this one (`better`: the top cell wins beyond noise);
        /// nil for the top cell itself and for cells without results.
        public var bestVersusThis: Comparison?

        enum CodingKeys: String, CodingKey {
            case rank, cell, selection
            case bestVersusThis = "best_vs_this"
        }
    }

    public var schemaVersion = 1
    public var experiment: String
    public var description: String
    public var file: String
    public var axes: [String]
    /// Swept paths that vary together, each summarised as one marginal; absent without `zip`.
    public var zipGroups: [[String]]?
    public var repeats: Int
    /// K of k-fold CV (each cell ran on every fold; n = K × repeats); absent without it.
    public var folds: Int?
    public var plannedRuns: Int
    public var selection: Selection
    /// The test-split metric the report compares (the selection metric measured on test).
    public var primaryMetric: Experiment.Selection
    /// Every status (including `missing`) → number of planned runs in it.
    public var statusCounts: [String: Int]
    /// Sum of the runs' wall times (each includes training its scratch baseline, if any).
    public var computeSeconds: Double
    /// In the plan's grid order.
    public var cells: [CellSummary]
    /// Best first.
    public var leaderboard: [LeaderboardEntry]
    /// One per axis, in the order of `axes`.
    public var marginals: [AxisMarginal]
    /// How p-values are adjusted within each family (`holm` or `none`).
    public var correction: EvaluationConfig.Correction = .holm
    /// The families of comparisons the correction ran within, with their sizes.
    public var families: [ComparisonFamily] = []
    /// The Answer, sentence by sentence, with the numbers behind each.
    public var claims: [Claim] = []
    /// What made the results: every distinct version among the runs' result.json files.
    public var versions: ResultVersions = .init()

    /// The versions of finetune, its commits, libtorch and the numbers that made the results
    /// a summary reads; more than one numbers version means results were kept across a change
    /// that alters what a configuration measures (`--keep-stale`).
    public struct ResultVersions: Codable, Sendable, Equatable {
        public var finetune: [String] = []
        public var commits: [String] = []
        public var torch: [String] = []
        public var numbers: [Int] = []
    }

    enum CodingKeys: String, CodingKey {
        case experiment, description, file, axes, repeats, folds, selection, cells, leaderboard, marginals, correction, families, claims, versions
        case zipGroups = "zip_groups"
        case schemaVersion = "schema_version"
        case plannedRuns = "planned_runs"
        case primaryMetric = "primary_metric"
        case statusCounts = "status_counts"
        case computeSeconds = "compute_seconds"
    }

    public func cell(_ name: String) -> CellSummary? { cells.first { $0.cell == name } }

    /// Pretty JSON with sorted keys; never NaN (statistics are nil instead).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}
