import Experiment
import Foundation

/// Everything a run measured: the contents of `runs/<id>/result.json`.
///
/// Reports are built from these files alone, so a result carries its configuration, its
/// data sizes and what it changed, not just final numbers.
public struct RunResult: Codable, Sendable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case done, failed, diverged, interrupted, running
    }

    public struct Selected: Codable, Sendable {
        public var metric: Selection
        public var value: Double?
        /// The metric's direction, recorded so a reader of the file needs no metric table.
        public var higherIsBetter: Bool
        enum CodingKeys: String, CodingKey { case metric, value; case higherIsBetter = "higher_is_better" }

        public init(metric: Selection, value: Double? = nil) {
            self.metric = metric
            self.value = value
            self.higherIsBetter = metric.higherIsBetter
        }
    }

    public struct DataSummary: Codable, Sendable {
        public var train: Int
        public var validation: Int
        public var test: Int
        public var classes: [String]?
        public var notes: [String]

        public init(train: Int, validation: Int, test: Int, classes: [String]? = nil, notes: [String]) {
            self.train = train
            self.validation = validation
            self.test = test
            self.classes = classes
            self.notes = notes
        }
    }

    public struct Parameters: Codable, Sendable {
        public var total: Int
        /// Trainable at the best epoch.
        public var trainable: Int
        public var trainablePerEpoch: [Int]
        enum CodingKeys: String, CodingKey { case total, trainable; case trainablePerEpoch = "trainable_per_epoch" }

        public init(total: Int, trainable: Int, trainablePerEpoch: [Int]) {
            self.total = total
            self.trainable = trainable
            self.trainablePerEpoch = trainablePerEpoch
        }
    }

    public struct Freeze: Codable, Sendable {
        public var strategy: String
        /// Blocks never thawed during the run.
        public var frozenBlocks: [String]
        /// Tensors of those blocks compared with the pre-trained weights after training.
        public var checkedTensors: Int
        /// Names of checked tensors that changed (must be empty).
        public var changedTensors: [String]
        enum CodingKeys: String, CodingKey {
            case strategy
            case frozenBlocks = "frozen_blocks"
            case checkedTensors = "checked_tensors"
            case changedTensors = "changed_tensors"
        }

        public init(strategy: String, frozenBlocks: [String], checkedTensors: Int, changedTensors: [String]) {
            self.strategy = strategy
            self.frozenBlocks = frozenBlocks
            self.checkedTensors = checkedTensors
            self.changedTensors = changedTensors
        }
    }

    public struct Pretrained: Codable, Sendable {
        /// How the config named it: `experiment digits-pretrain` or a path.
        public var source: String
        public var path: String
        /// The run whose model was used, for `{experiment: NAME}`.
        public var run: String?
        public var loadedTensors: Int
        public var headReplaced: Bool
        enum CodingKeys: String, CodingKey {
            case source, path, run
            case loadedTensors = "loaded_tensors"
            case headReplaced = "head_replaced"
        }

        public init(source: String, path: String, run: String? = nil, loadedTensors: Int, headReplaced: Bool) {
            self.source = source
            self.path = path
            self.run = run
            self.loadedTensors = loadedTensors
            self.headReplaced = headReplaced
        }
    }

    public struct Forgetting: Codable, Sendable {
        public var metric: String
        public var before: Double
        public var after: Double
        /// before − after: how much of the source task was lost.
        public var drop: Double
        public var examples: Int
        public var split: String

        public init(metric: String, before: Double, after: Double, drop: Double, examples: Int, split: String) {
            self.metric = metric
            self.before = before
            self.after = after
            self.drop = drop
            self.examples = examples
            self.split = split
        }
    }

    public struct Baseline: Codable, Sendable {
        public var id: String
        public var status: Status
        public var bestEpoch: Int
        public var metrics: [String: SplitMetrics]
        public var reused: Bool
        enum CodingKeys: String, CodingKey { case id, status, metrics, reused; case bestEpoch = "best_epoch" }

        public init(id: String, status: Status, bestEpoch: Int, metrics: [String: SplitMetrics], reused: Bool) {
            self.id = id
            self.status = status
            self.bestEpoch = bestEpoch
            self.metrics = metrics
            self.reused = reused
        }
    }

    public struct Timings: Codable, Sendable {
        public var started: String
        public var finished: String
        public var totalSeconds: Double
        public var trainSeconds: Double
        /// Optimizer steps taken, and the seconds spent in them (batches, forward, backward,
        /// update; evaluation excluded): the training throughput.
        public var steps: Int?
        public var stepSeconds: Double?
        /// Of `step_seconds`, the time steps waited for their batch to be made (photos cropped,
        /// augmented): the data time, which a background thread hides behind the previous step.
        public var dataSeconds: Double?
        /// Seconds per phase of the run (`data`, `model`, `train`, `evaluation`, …).
        public var phases: [String: Double]?
        /// The process's peak resident memory so far (VmHWM), in MiB; in a process that ran
        /// several runs it covers all of them up to this one.
        public var peakRSSMB: Double?
        enum CodingKeys: String, CodingKey {
            case started, finished, steps, phases
            case totalSeconds = "total_seconds"
            case trainSeconds = "train_seconds"
            case stepSeconds = "step_seconds"
            case dataSeconds = "data_seconds"
            case peakRSSMB = "peak_rss_mb"
        }

        public init(started: String, finished: String, totalSeconds: Double, trainSeconds: Double, steps: Int? = nil, stepSeconds: Double? = nil, phases: [String: Double]? = nil, peakRSSMB: Double? = nil) {
            self.started = started
            self.finished = finished
            self.totalSeconds = totalSeconds
            self.trainSeconds = trainSeconds
            self.steps = steps
            self.stepSeconds = stepSeconds
            self.phases = phases
            self.peakRSSMB = peakRSSMB
        }
    }

    /// Which cached frozen features a head-only run trained on.
    public struct FeatureCacheUse: Codable, Sendable {
        public var key: String
        /// True when another run had computed them.
        public var reused: Bool

        public init(key: String, reused: Bool) {
            self.key = key
            self.reused = reused
        }
    }

    /// The low-rank updates a lora run trained.
    public struct LoRAUse: Codable, Sendable {
        public var rank: Int
        public var alpha: Double
        public var dropout: Double
        /// The targets as configured, and the module paths they picked.
        public var targets: [String]
        public var modules: [String]

        public init(rank: Int, alpha: Double, dropout: Double, targets: [String], modules: [String]) {
            self.rank = rank
            self.alpha = alpha
            self.dropout = dropout
            self.targets = targets
            self.modules = modules
        }
    }

    public struct Versions: Codable, Sendable {
        public var finetune: String
        /// libtorch's version; absent when the sweep recorded a run whose process never wrote
        /// a result (the sweep does not load the engine).
        public var torch: String?
        /// The git commit of the checkout the engine was built in; absent for an installed
        /// binary and in older results.
        public var commit: String?
        /// The numbers version (``RunResult/numbersVersion``) the run was measured at; absent
        /// in results written before it existed, which were version 1.
        public var numbers: Int?

        public init(finetune: String, torch: String? = nil, commit: String? = nil, numbers: Int? = RunResult.numbersVersion) {
            self.finetune = finetune
            self.torch = torch
            self.commit = commit
            self.numbers = numbers
        }

        /// The numbers version, 1 when the result predates the field.
        public var numbersVersion: Int { numbers ?? 1 }
    }

    /// A file the run read, and its SHA-256: the data and the pre-trained weights, so a result
    /// can be traced to the exact bytes it came from.
    public struct InputDigest: Codable, Sendable, Equatable {
        public enum Role: String, Codable, Sendable, CaseIterable { case data, weights }
        public var role: Role
        /// The file, or the folder (whose digest covers every file in it, by relative path).
        public var path: String
        public var sha256: String

        public init(role: Role, path: String, sha256: String) {
            self.role = role
            self.path = path
            self.sha256 = sha256
        }
    }

    /// Where a scheduler (Slurm) ran the run's task and how the scheduler says it ended.
    public struct Scheduler: Codable, Sendable, Equatable {
        /// `slurm`.
        public var name: String
        /// `JOBID_TASK` of the array task.
        public var job: String
        /// The scheduler's final state (`COMPLETED`, `FAILED`, `OUT_OF_MEMORY`, `TIMEOUT`,
        /// `CANCELLED`, `NODE_FAIL`, …); nil while it runs.
        public var state: String?
        /// `exit:signal` as the scheduler reports it.
        public var exitCode: String?
        /// The task's own output file (the scheduler's messages, such as a kill for memory).
        public var log: String
        enum CodingKeys: String, CodingKey { case name, job, state, log; case exitCode = "exit_code" }

        public init(name: String, job: String, state: String?, exitCode: String?, log: String) {
            self.name = name
            self.job = job
            self.state = state
            self.exitCode = exitCode
            self.log = log
        }
    }

    public var schemaVersion = 1
    public var id: String
    public var name: String
    public var cell: String
    public var experiment: String
    public var seed: Int
    public var status: Status
    public var error: String?
    public var overrides: [String: Value]
    public var config: Value
    public var selection: Selected
    public var bestEpoch: Int
    public var epochsRun: Int
    public var stoppedEarly: Bool
    /// Metrics of the best epoch's weights on every split.
    public var metrics: [String: SplitMetrics]
    public var confusionMatrices: [String: [[Int]]]
    public var data: DataSummary?
    public var parameters: Parameters?
    /// Learning rate of each optimizer group at the first step of each epoch.
    public var learningRates: [[String: Double]]
    public var freeze: Freeze?
    public var pretrained: Pretrained?
    public var forgetting: Forgetting?
    public var baselines: [String: Baseline]
    public var featureCache: FeatureCacheUse?
    public var lora: LoRAUse?
    /// One example's shape for numeric data (`[1, 8, 8]` for digits), so a saved mlp or cnn
    /// can be rebuilt without its dataset; nil for text.
    public var inputShape: [Int]?
    /// How photos became the network's input, so prediction and export transform new photos
    /// exactly as training evaluated them; nil for data that is not photos.
    public var imageInput: ImageInput?
    public var timings: Timings
    public var versions: Versions
    /// The engine settings of the process that trained it; absent when the sweep recorded a
    /// run whose process never wrote a result.
    public var runtime: RuntimeInfo?
    /// Set for runs a scheduler ran (`--executor slurm`).
    public var scheduler: Scheduler?
    /// The data files and weights the run read; absent in older results and for runs that
    /// ended before reading them.
    public var inputs: [InputDigest]?

    enum CodingKeys: String, CodingKey {
        case id, name, cell, experiment, seed, status, error, overrides, config, selection, metrics, data
        case parameters, freeze, pretrained, forgetting, baselines, timings, versions, runtime, lora, scheduler, inputs
        case schemaVersion = "schema_version"
        case bestEpoch = "best_epoch"
        case epochsRun = "epochs_run"
        case stoppedEarly = "stopped_early"
        case confusionMatrices = "confusion_matrices"
        case featureCache = "feature_cache"
        case learningRates = "learning_rates"
        case inputShape = "input_shape"
        case imageInput = "image_input"
    }

    public static let finetuneVersion = "0.1.0"

    /// Raised by any change that alters the numbers a run measures for the same configuration
    /// (a new schedule convention, a fixed metric): a sweep trains again a done run of another
    /// numbers version, unless told to keep it (`--keep-stale`). Run ids do not change with it.
    public static let numbersVersion = 1

    public func encoded() throws -> Foundation.Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    public static func decode(_ data: Foundation.Data) throws -> RunResult {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(RunResult.self, from: data)
    }
}
