import Foundation

/// Where a sweep's files live (docs/ARCHITECTURE.md, "The results layout"), in one place.
public struct ResultsLayout: Sendable {
    /// The folder holding one folder per experiment (`results/`).
    public var root: String

    public init(root: String) { self.root = root }

    /// `folder/name`: the one way paths under a results folder are joined.
    public static func join(_ folder: String, _ name: String) -> String {
        (folder as NSString).appendingPathComponent(name)
    }

    public func experiment(_ name: String) -> String { Self.join(root, name) }
    public func runs(_ experiment: String) -> String { Self.join(self.experiment(experiment), "runs") }
    public func run(_ experiment: String, _ id: String) -> String { Self.join(runs(experiment), id) }
    public func baselines(_ experiment: String) -> String { Self.join(self.experiment(experiment), "baselines") }
    public func baseline(_ experiment: String, _ id: String) -> String { Self.join(baselines(experiment), id) }
    /// Body outputs of head-only runs, shared by the experiment's runs and relaunches.
    public func featureCache(_ experiment: String) -> String { Self.join(Self.join(self.experiment(experiment), "cache"), "features") }
    /// SHA-256 digests of the files runs read (data, weights), remembered per file version so a
    /// sweep hashes each file once.
    public func digests(_ experiment: String) -> String { Self.join(Self.join(self.experiment(experiment), "cache"), "digests") }
    /// TensorBoard's log folder: one subfolder per run, named by the run's name, so
    /// `tensorboard --logdir <this>` shows every run of the experiment.
    public func tensorboard(_ experiment: String) -> String { Self.join(self.experiment(experiment), "tensorboard") }
    /// What `--executor slurm` writes: array scripts, run lists, submissions, Slurm's output.
    public func slurm(_ experiment: String) -> String { Self.join(self.experiment(experiment), Self.slurmFolder) }

    /// In an experiment folder.
    public static let planFile = "plan.json"
    public static let summaryFile = "summary.json"
    public static let reportFile = "report.md"
    public static let figuresFolder = "figures"
    public static let slurmFolder = "slurm"
    /// In the slurm folder: one line per submission.
    public static let submissionsFile = "submissions.jsonl"
    /// Held by the one sweep writing an experiment folder (and by the one process training a
    /// shared baseline, in its folder).
    public static let lockFile = ".lock"

    /// In a run folder.
    public static let resultFile = "result.json"
    public static let historyFile = "history.jsonl"
    public static let configFile = "config.yaml"
    public static let modelFile = "model.safetensors"
    /// A LoRA run's updates in Hugging Face PEFT's format (with `output.save_model`).
    public static let adapterFolder = "adapter"
    public static let logFile = "log.txt"
    /// What the run reported to the trackers, line by line (``TrackingRecord``).
    public static let trackingFile = "tracking.jsonl"
}
