import Experiment
import Foundation

/// The `plan.json` a sweep writes next to its runs (`finetune plan FILE --json`).
///
/// The report reads the plan rather than listing `runs/`, so a run that never wrote a
/// result still shows up, as missing, instead of silently shrinking a cell.
public struct PlanFile: Codable, Sendable {
    /// One planned run, as `Plan.json` writes it.
    public struct Run: Codable, Sendable {
        public var id: String
        public var name: String
        /// The grid cell: the name without the seed.
        public var cell: String
        public var seed: Int
        /// Swept path → value, e.g. `freeze.strategy` → `"gradual"`.
        public var overrides: [String: Value]
        public var config: Value
    }

    public var experiment: String
    public var file: String
    public var description: String
    /// Swept paths in file order.
    public var axes: [String]
    public var repeats: Int
    public var count: Int
    public var runs: [Run]

    /// The selection metric the plan's configuration names (`validation.macro_f1`).
    public var selectMetric: String {
        runs.first?.config.at("evaluation.select")?.string ?? "validation.loss"
    }
}
