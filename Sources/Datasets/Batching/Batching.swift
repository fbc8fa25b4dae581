/// Mini-batch order for training.
public enum Batching {
    /// `indices` shuffled for `epoch` and cut into batches of `batchSize`; the last batch
    /// may be smaller (nothing is dropped, so every example is seen each epoch).
    ///
    /// Each epoch draws from its own stream derived from (seed, "batches/epoch-N"), so a
    /// resumed run reproduces epoch N's batches without replaying epochs 0..<N.
    public static func epochBatches(_ indices: [Int], batchSize: Int, seed: UInt64, epoch: Int) -> [[Int]] {
        precondition(batchSize > 0, "batch size must be positive, got \(batchSize)")
        var rng = SeededGenerator(seed: seed, purpose: SeedPurpose.batches(epoch: epoch))
        let order = rng.shuffled(indices)
        return stride(from: 0, to: order.count, by: batchSize).map {
            Array(order[$0..<min($0 + batchSize, order.count)])
        }
    }
}
