import Experiment

/// One grid cell of summary.json: its repeats and their statistics.
///
/// Statistics cover `done` runs only; every planned run is still listed with its status so a
/// cell with fewer repeats than planned says why.
public struct CellSummary: Codable, Sendable {
    public struct Run: Codable, Sendable {
        public var id: String
        public var name: String
        public var seed: Int
        public var status: RunStatus
    }

    /// The source-task probe: accuracy on the pre-training classes before and after.
    public struct ForgettingSummary: Codable, Sendable {
        public var metric: String
        public var before: Summary?
        public var after: Summary?
        /// before − after; positive means the model forgot.
        public var drop: Summary?
    }

    /// The scratch baseline of this cell's runs (same data, same budget, random start).
    public struct BaselineSummary: Codable, Sendable {
        /// Test-split metrics of the baselines.
        public var test: [String: Summary]
        /// Fine-tuned minus scratch on the primary test metric, with its verdict.
        public var comparison: Comparison
    }

    public var cell: String
    /// Swept path → value shared by the cell's runs.
    public var overrides: [String: Value]
    /// In plan order.
    public var runs: [Run]
    /// The selection metric of done runs (each run's best epoch).
    public var selection: Summary?
    /// split → metric → summary over done runs.
    public var metrics: [String: [String: Summary]]
    public var forgetting: ForgettingSummary?
    public var scratch: BaselineSummary?
    /// The cell's done run with the best selection value.
    public var bestRun: String?
    /// Trainable parameters of done runs (at their best epoch).
    public var trainableParameters: Summary?
    /// This cell's selection metric against the best of the cells that train the most
    /// parameters (full fine-tuning), paired by seed: what training fewer parameters costs.
    /// nil for those cells themselves and when every cell trains as many.
    public var versusMostTrainable: TradeOff?

    /// A cell that trains fewer parameters, measured against the one that trains the most.
    public struct TradeOff: Codable, Sendable {
        /// The cell compared with.
        public var cell: String
        /// This cell's mean trainable parameters over that cell's.
        public var fraction: Double
        /// This cell minus that cell on the selection metric, with its verdict.
        public var comparison: Comparison
    }

    enum CodingKeys: String, CodingKey {
        case cell, overrides, runs, selection, metrics, forgetting, scratch
        case bestRun = "best_run"
        case trainableParameters = "trainable_parameters"
        case versusMostTrainable = "versus_most_trainable"
    }
}
