import Foundation
import Datasets
import Models
import SafeTensors
import Torch

/// The project folder, found from this file's path (Tests/TrainingTests/BERTTestSupport.swift).
let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The machine-wide asset cache `make deps` fills, found as finetune finds it.
let assetsRoot = AssetsRoot.resolve(environment: ProcessInfo.processInfo.environment)

let miniLMFolder = assetsRoot + "/minilm"
let hasMiniLM = FileManager.default.fileExists(atPath: miniLMFolder + "/model.safetensors")
let hasVADER = FileManager.default.fileExists(atPath: assetsRoot + "/vader/movieReviewSnippets_GroundTruth.txt")

/// Heavier BERT tests (a few minutes on 2 cores) run only with FINETUNE_SLOW_TESTS=1.
let slowTestsEnabled = ProcessInfo.processInfo.environment["FINETUNE_SLOW_TESTS"].map { !$0.isEmpty && $0 != "0" } ?? false

/// A fresh temporary folder, removed when released.
final class TemporaryFolder {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "bert-tests-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let file = self.file(name)
        try! FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        return file
    }
}

/// A BERT small enough to build in milliseconds: 2 layers, hidden 8, 2 heads.
let tinyConfig = BERTConfig(vocabSize: 30, hiddenSize: 8, numHiddenLayers: 2, numAttentionHeads: 2,
                            intermediateSize: 16, maxPositionEmbeddings: 16)

/// Writes `model`'s tensors as safetensors under names passed through `rename` (nil drops a
/// tensor), plus `extra` records.
func writeCheckpoint(_ model: Module, to path: String, rename: (String) -> String? = { $0 },
                     extra: [TensorRecord] = []) throws {
    var records = extra
    for (name, tensor) in try model.stateDict().sorted(by: { $0.key < $1.key }) {
        guard let renamed = rename(name) else { continue }
        records.append(TensorRecord(name: renamed, floats: try tensor.toFloatArray(), shape: tensor.shape))
    }
    try SafeTensors.write(tensors: records, to: path)
}

/// Whether two modules hold bit-identical values under every name of `a` (outside `except`).
func sameValues(_ a: Module, _ b: Module, except: String? = nil) throws -> Bool {
    let left = try a.stateDict(), right = try b.stateDict()
    for (name, tensor) in left where except.map({ !Module.parameterName(name, isUnder: $0) }) ?? true {
        guard let other = right[name], try tensor.toFloatArray() == other.toFloatArray() else { return false }
    }
    return true
}
