import Crypto
import Foundation
import YAML

/// One value a sweep set for a run.
public struct Override: Sendable, Hashable {
    public var path: String
    public var value: Value
    /// The value as written (`3e-3`), for readable run names.
    public var text: String
}

/// One training run of a plan: its resolved configuration and the names that find it again.
public struct RunSpec: Sendable, Hashable {
    /// Content hash of the resolved configuration: the same config gets the same id in any
    /// process, on any platform, whatever the key order in the file.
    public var id: String
    /// Readable name from the overrides (`freeze=gradual,lr=3e-3,seed=2`).
    public var name: String
    /// The grid cell: the name without the seed, shared by a cell's repeats.
    public var cell: String
    public var seed: Int
    public var overrides: [Override]
    public var config: Value
    /// The validation fold with k-fold CV (`data.folds` without `fold`: every cell runs on
    /// every fold); nil otherwise.
    public var fold: Int?

    /// The typed configuration `finetune run` trains from.
    public func typedConfig() throws -> ExperimentConfig { try ExperimentConfig(resolved: config) }

    /// Keys added after runs were recorded, with their defaults: at the default they are left
    /// out of a run's id (see ``id(of:)``).
    static let laterDefaults: [(path: [String], value: Value)] = [
        (["evaluation", "final_splits"], EvaluationConfig.allFinalSplits),
        (["data", "max_pixels"], .int(DataConfig.defaultMaxPixels)),
        (["data", "source", "image"], .null),
        (["evaluation", "forgetting", "source", "image"], .null),
        (["model", "image_size"], .null),
        (["model", "crop_fraction"], .number(1)),
        (["data", "test_per_class"], .null),
    ]

    /// Keys left out of the hash: prose and the sweep's own bookkeeping.
    static let unhashedKeys = ["description"]

    public init(id: String, name: String, cell: String, seed: Int, overrides: [Override], config: Value, fold: Int? = nil) {
        self.fold = fold
        self.id = id
        self.name = name
        self.cell = cell
        self.seed = seed
        self.overrides = overrides
        self.config = config
    }

    /// The content hash of a resolved configuration (also names derived runs, e.g. baselines).
    public static func id(of config: Value) -> String {
        var hashed = config
        for key in unhashedKeys { hashed = hashed.removing(key) }
        // How the report corrects for many comparisons changes no run.
        if let evaluation = hashed["evaluation"] { hashed = hashed.setting(["evaluation"], to: evaluation.removing("correction")) }
        // freeze.lora only shapes lora runs: leaving it out elsewhere keeps the ids that runs
        // had before LoRA existed, so a relaunched sweep does not retrain finished work.
        if let freeze = hashed["freeze"], freeze["strategy"]?.string != "lora" {
            hashed = hashed.setting(["freeze"], to: freeze.removing("lora"))
        }
        // unfreeze_every was a whole number of epochs before fractions were allowed: a whole
        // value hashes as the integer it was, so runs recorded before keep their ids.
        if let freeze = hashed["freeze"], case .number(let every)? = freeze["unfreeze_every"],
           every.rounded() == every, abs(every) < 1e15 {
            hashed = hashed.setting(["freeze", "unfreeze_every"], to: .int(Int(every)))
        }
        // Keys added after runs were recorded are left out at their defaults, so those runs
        // (and their kept results) keep their ids.
        for (path, value) in laterDefaults {
            let parent = Array(path.dropLast())
            if let section = parent.isEmpty ? hashed : hashed.at(parent.joined(separator: ".")), section[path.last!] == value {
                hashed = hashed.setting(parent, to: section.removing(path.last!))
            }
        }
        let digest = SHA256.hash(data: Array(hashed.canonicalJSON.utf8))
        return digest.prefix(6).map { String(format: "%02x", $0) }.joined()
    }
}

/// A validated experiment expanded into every run it asks for.
public struct Plan: Sendable {
    public var experiment: String
    public var file: String
    public var description: String
    /// The swept paths, in file order.
    public var axes: [String]
    public var repeats: Int
    public var runs: [RunSpec]
    /// Swept paths that vary together (`sweep.zip`); the report summarises each as one axis.
    public var zipGroups: [[String]] = []
    /// K of k-fold CV when every cell runs on all K folds; nil otherwise.
    public var folds: Int?
    /// Where `experiment:` names it, for errors about the experiment as a whole.
    public var experimentMark: Mark?
    /// Experiments whose saved models runs start from (`model.pretrained: {experiment: NAME}`),
    /// each with the position of its first mention: a sweep orders files by them and points
    /// at the mention that closes a cycle.
    public var pretrainedExperiments: [String: Mark] = [:]

    public func run(withID id: String) -> RunSpec? { runs.first { $0.id == id } }

    /// `finetune plan --json`: every run with id, name, overrides and resolved config.
    public var json: Value {
        .object([
            "experiment": .string(experiment),
            "file": .string(file),
            "description": .string(description),
            "axes": .array(axes.map(Value.string)),
            "repeats": .int(repeats),
            "zip_groups": .array(zipGroups.map { .array($0.map(Value.string)) }),
            "folds": folds.map(Value.int) ?? .null,
            "count": .int(runs.count),
            "runs": .array(runs.map { run in
                var overrides: [String: Value] = [:]
                for o in run.overrides { overrides[o.path] = o.value }
                var fields: [String: Value] = [
                    "id": .string(run.id),
                    "name": .string(run.name),
                    "cell": .string(run.cell),
                    "seed": .int(run.seed),
                    "overrides": .object(overrides),
                    "config": run.config,
                ]
                if let fold = run.fold { fields["fold"] = .int(fold) }
                return .object(fields)
            }),
        ])
    }
}
