import Foundation

/// Where a sweep's files live (docs/ARCHITECTURE.md, "The results layout"), in one place.
public struct ResultsLayout: Sendable {
    /// The folder holding one folder per experiment (`results/`).
    public var root: String

    public init(root: String) { self.root = root }

    public func experiment(_ name: String) -> String { (root as NSString).appendingPathComponent(name) }
    public func runs(_ experiment: String) -> String { (self.experiment(experiment) as NSString).appendingPathComponent("runs") }
    public func run(_ experiment: String, _ id: String) -> String { (runs(experiment) as NSString).appendingPathComponent(id) }
    public func baselines(_ experiment: String) -> String { (self.experiment(experiment) as NSString).appendingPathComponent("baselines") }
    public func baseline(_ experiment: String, _ id: String) -> String { (baselines(experiment) as NSString).appendingPathComponent(id) }

    public static let resultFile = "result.json"
    public static let historyFile = "history.jsonl"
    public static let configFile = "config.yaml"
    public static let modelFile = "model.safetensors"
    /// A LoRA run's updates in Hugging Face PEFT's format (with `output.save_model`).
    public static let adapterFolder = "adapter"
    public static let logFile = "log.txt"
}
