import Experiment
import Models
import Torch

/// The frozen body's outputs for every example of a run's dataset, held in memory: head-only
/// training and evaluation index rows of this table instead of running the body each step.
///
/// Results are those of the uncached path: the body is frozen and in evaluation mode for the
/// whole run, so its outputs are fixed; the tail (dropout) and the head still run per batch
/// and draw from the same random stream.
final class CachedFeatures {
    let network: BodyOutputNetwork
    /// `[examples, width]`, row i = body output of dataset example i.
    let rows: Tensor
    let key: FeatureCacheKey
    /// Whether the rows were read from the cache rather than computed by this run.
    let reused: Bool

    init(network: BodyOutputNetwork, rows: Tensor, key: FeatureCacheKey, reused: Bool) {
        self.network = network
        self.rows = rows
        self.key = key
        self.reused = reused
    }

    /// Whether a run can train on cached features: pre-trained weights, every body block frozen
    /// in every epoch, and nothing that needs the raw inputs per step (augmentation, a
    /// distillation teacher).
    static func applies(to config: ExperimentConfig, blocks: [String], pretrained: Bool, train: Int) -> Bool {
        let plan = FreezePlan(config.freeze, blocks: blocks,
                              stepsPerEpoch: Trainer.stepsPerEpoch(train: train, batchSize: config.schedule.batchSize))
        return pretrained && !blocks.isEmpty
            && plan.alwaysFrozen(epochs: config.schedule.epochs).count == blocks.count
            && config.augmentation.isEmpty
            && config.regularization.distillation.weight == 0
    }

    /// Reads the features of `key` from `cache`, or computes them from `batches`' dataset
    /// through `network`'s body in evaluation mode and stores them.
    static func load(network: BodyOutputNetwork, batches: Batches, key: FeatureCacheKey,
                     cache: FeatureCache) throws -> CachedFeatures {
        let (rows, reused) = try cache.features(key) {
            let wasTraining = network.isTraining
            network.eval()
            defer { network.train(wasTraining) }
            let count = batches.data.dataset.count
            return try Torch.withNoGrad {
                var parts: [Tensor] = []
                let size = batches.inferenceBatchSize
                for start in stride(from: 0, to: count, by: size) {
                    let batch = try batches.batch(Array(start..<min(start + size, count)), rng: nil)
                    parts.append(try network.bodyOutput(batch.input))
                }
                return try Tensor.cat(parts, dim: 0)
            }
        }
        guard rows.shape.first == batches.data.dataset.count else {
            throw TrainingError("feature cache \(cache.path(key)) holds \(rows.shape.first ?? 0) rows for \(batches.data.dataset.count) examples")
        }
        return CachedFeatures(network: network, rows: rows, key: key, reused: reused)
    }

    /// The batch of `indices` with body outputs as its input.
    func batch(_ indices: [Int], batches: Batches) throws -> Batches.Batch {
        let input = try rows.indexSelect(dim: 0, index: Tensor(indices.map(Int64.init)))
        return Batches.Batch(input: .dense(input), targets: try batches.targets(indices), mixing: nil, count: indices.count)
    }

    /// What the head reads for a batch made by ``batch(_:batches:)``.
    func features(of batch: Batches.Batch) throws -> Tensor {
        guard case .dense(let body) = batch.input else {
            throw TrainingError("cached features come as dense body outputs")
        }
        return try network.features(fromBodyOutput: body)
    }
}
