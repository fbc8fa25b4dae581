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
        /// The validation fold with k-fold CV (`data.folds` without `fold`); nil otherwise.
        public var fold: Int? = nil
    }

    public var experiment: String
    public var file: String
    public var description: String
    /// Swept paths in file order.
    public var axes: [String]
    public var repeats: Int
    public var count: Int
    public var runs: [Run]
    /// Swept paths that vary together (`sweep.zip`), each summarised as one axis.
    public var zipGroups: [[String]]? = nil
    /// K of k-fold CV: every cell ran on all K folds; nil without it.
    public var folds: Int? = nil

    enum CodingKeys: String, CodingKey {
        case experiment, file, description, axes, repeats, count, runs, folds
        case zipGroups = "zip_groups"
    }

    /// The axes as the report summarises them: a zip group as one, every other path alone,
    /// in file order.
    public var axisGroups: [[String]] {
        var groups: [[String]] = []
        for axis in axes {
            if groups.contains(where: { $0.contains(axis) }) { continue }
            groups.append(zipGroups?.first { $0.contains(axis) } ?? [axis])
        }
        return groups
    }

    /// How the report corrects for many comparisons (`evaluation.correction`; holm when absent).
    public var correction: EvaluationConfig.Correction {
        runs.first?.config.at("evaluation.correction")?.string.flatMap(EvaluationConfig.Correction.init(rawValue:)) ?? .holm
    }

    /// The selection metric the plan's configuration names (`validation.macro_f1`).
    public var selectMetric: Selection {
        runs.first.map { Selection.selected(by: $0.config) } ?? .validationLoss
    }
}
