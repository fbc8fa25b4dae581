import AtomicFile
import Foundation
import Models
import Results
import SafeTensors
import Torch

/// Frozen body outputs on disk, one safetensors file per ``FeatureCacheKey``, shared by every
/// run of an experiment that trains only the head on the same model and data.
///
/// The first run to need a key computes the features for every example of the dataset (so
/// runs with other splits, seeds or few-shot fractions share them) and writes them; runs in
/// parallel wait on a file lock and read what it wrote.
struct FeatureCache {
    /// `<results>/<experiment>/cache/features`.
    let folder: String
    /// Digests of the weights files the keys hash (the experiment's `cache/digests`).
    let digests: FileDigests

    init(layout: ResultsLayout, experiment: String) {
        folder = layout.featureCache(experiment)
        digests = FileDigests(folder: layout.digests(experiment))
    }

    func path(_ key: FeatureCacheKey) -> String {
        ResultsLayout.join(folder, "\(key.id).safetensors")
    }

    /// The features of `key`, computed by `compute` (rows = dataset examples) and stored
    /// when absent. Returns them with whether they were read from disk.
    func features(_ key: FeatureCacheKey, compute: () throws -> Tensor) throws -> (Tensor, reused: Bool) {
        try AtomicFile.createFolder(folder)
        let lock = try FileLock(path: ResultsLayout.join(folder, "\(key.id).lock"))
        try lock.lock()
        defer { lock.unlock() }
        let file = path(key)
        if FileManager.default.fileExists(atPath: file), let stored = try? read(file) {
            return (stored, true)
        }
        let computed = try compute()
        let record = TensorRecord(name: "features", floats: try computed.toFloatArray(), shape: computed.shape)
        try SafeTensors.write(tensors: [record], metadata: [
            "weights_sha256": key.weights, "data_sha256": key.data, "frozen_depth": String(key.frozenDepth),
        ], to: file)
        return (computed, false)
    }

    private func read(_ file: String) throws -> Tensor {
        let stored = try SafeTensorsFile(contentsOf: file)
        guard let info = stored.tensors.first(where: { $0.name == "features" }) else {
            throw TrainingError("feature cache \(file) holds no 'features' tensor")
        }
        return try Tensor(stored.floats(of: info.name), shape: info.shape)
    }
}
