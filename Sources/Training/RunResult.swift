import Experiment
import Foundation
import Torch

/// Everything a run measured: the contents of `runs/<id>/result.json`.
///
/// Reports are built from these files alone, so a result carries its configuration, its
/// data sizes and what it changed, not just final numbers.
public struct RunResult: Codable, Sendable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case done, failed, diverged, interrupted, running
    }

    public struct Selected: Codable, Sendable {
        public var metric: String
        public var value: Double?
        public var higherIsBetter: Bool
        enum CodingKeys: String, CodingKey { case metric, value; case higherIsBetter = "higher_is_better" }
    }

    public struct DataSummary: Codable, Sendable {
        public var train: Int
        public var validation: Int
        public var test: Int
        public var classes: [String]?
        public var notes: [String]
    }

    public struct Parameters: Codable, Sendable {
        public var total: Int
        /// Trainable at the best epoch.
        public var trainable: Int
        public var trainablePerEpoch: [Int]
        enum CodingKeys: String, CodingKey { case total, trainable; case trainablePerEpoch = "trainable_per_epoch" }
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
    }

    public struct Forgetting: Codable, Sendable {
        public var metric: String
        public var before: Double
        public var after: Double
        /// before − after: how much of the source task was lost.
        public var drop: Double
        public var examples: Int
        public var split: String
    }

    public struct Baseline: Codable, Sendable {
        public var id: String
        public var status: Status
        public var bestEpoch: Int
        public var metrics: [String: SplitMetrics]
        public var reused: Bool
        enum CodingKeys: String, CodingKey { case id, status, metrics, reused; case bestEpoch = "best_epoch" }
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
            case peakRSSMB = "peak_rss_mb"
        }
    }

    /// Which cached frozen features a head-only run trained on.
    public struct FeatureCacheUse: Codable, Sendable {
        public var key: String
        /// True when another run had computed them.
        public var reused: Bool
    }

    /// The low-rank updates a lora run trained.
    public struct LoRAUse: Codable, Sendable {
        public var rank: Int
        public var alpha: Double
        public var dropout: Double
        /// The targets as configured, and the module paths they picked.
        public var targets: [String]
        public var modules: [String]
    }

    public struct Versions: Codable, Sendable {
        public var finetune: String
        public var torch: String
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
    public var timings: Timings
    public var versions: Versions
    public var runtime: RuntimeInfo

    enum CodingKeys: String, CodingKey {
        case id, name, cell, experiment, seed, status, error, overrides, config, selection, metrics, data
        case parameters, freeze, pretrained, forgetting, baselines, timings, versions, runtime, lora
        case schemaVersion = "schema_version"
        case bestEpoch = "best_epoch"
        case epochsRun = "epochs_run"
        case stoppedEarly = "stopped_early"
        case confusionMatrices = "confusion_matrices"
        case featureCache = "feature_cache"
        case learningRates = "learning_rates"
        case inputShape = "input_shape"
    }

    public static let finetuneVersion = "0.1.0"

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
