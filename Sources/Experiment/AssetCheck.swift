import Catalog
import Foundation
import YAML

/// Checks that every built-in dataset and model a run names is in the asset cache, and that a
/// folder of photos has a class subfolder layout with photos in each, before anything runs: a missing asset is a positioned error at the key that names it
/// (`data.source`, `evaluation.forgetting.source`, `model.pretrained`) with the command that
/// fetches it, instead of every run failing one by one after the sweep has started.
public struct AssetCheck: Sendable {
    /// The cache root (`AssetsRoot.resolve`).
    public var root: String
    /// Whether a file exists; replaced in tests.
    public var exists: @Sendable (String) -> Bool

    public init(root: String, exists: @escaping @Sendable (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) {
        self.root = root
        self.exists = exists
    }

    /// The check for the machine-wide cache this process would use.
    public static var machineWide: AssetCheck {
        AssetCheck(root: AssetsRoot.resolve(environment: ProcessInfo.processInfo.environment))
    }

    /// Errors for one resolved run configuration; `marks` are the checker's positions.
    func diagnostics(_ config: Value, marks: [String: Mark]) -> [Diagnostic] {
        var found: [Diagnostic] = []
        func require(_ asset: Asset, at path: String, fallback: String, _ what: String) {
            let missing = asset.missingFiles(root: root, exists: exists)
            guard let first = missing.first else { return }
            let more = missing.count > 1 ? " (and \(missing.count - 1) more)" : ""
            found.append(.error(at: marks[path] ?? marks[fallback],
                                "\(path): \(what) is not in the asset cache \(root) (\(first) is missing\(more)); run `\(asset.fetchCommand)` to download it"))
        }
        for path in ["data.source", "evaluation.forgetting.source"] {
            if let name = config.at(path)?.string, let asset = Asset.forDataset(name) {
                require(asset, at: path, fallback: path, "the built-in dataset '\(name)'")
            }
        }
        // A folder of photos: its layout (classes, files) now; damaged files when first read.
        for path in ["data.source", "evaluation.forgetting.source"] {
            guard let folder = config.at(path + ".images")?.string else { continue }
            do {
                _ = try PhotoFolder.listing(folder)
            } catch {
                found.append(.error(at: marks[path + ".images"] ?? marks[path], "\(path): \(error)"))
            }
        }
        let pretrained = config.at("model.pretrained")?.string
        if let name = pretrained, let asset = Asset.forModel(name) {
            require(asset, at: "model.pretrained", fallback: "model", "the built-in model '\(name)'")
        } else if pretrained == ModelConfig.imagenet, let architecture = config.at("model.architecture")?.string,
                  let asset = ModelConfig.Architecture(rawValue: architecture)?.imagenetAsset.flatMap(Asset.named) {
            require(asset, at: "model.pretrained", fallback: "model", "\(architecture)'s ImageNet weights")
        } else if config.at("model.architecture")?.string == "bert", pretrained == "none" {
            require(.minilm, at: "model.pretrained", fallback: "model.architecture",
                    "bert with pretrained none (all-MiniLM-L6-v2's shape and vocabulary)")
        }
        return found
    }
}
