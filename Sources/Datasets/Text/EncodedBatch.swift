/// Token ids and attention mask for a batch of texts, as flat row-major arrays ready to
/// become `[batchSize, sequenceLength]` integer tensors.
///
/// Rows are padded with `[PAD]` only up to the longest row of this batch, not to the
/// maximum length: short texts then cost short sequences, which matters for attention's
/// quadratic cost.
public struct EncodedBatch: Sendable, Equatable {
    /// Token ids, `batchSize * sequenceLength` of them; row `r` starts at `r * sequenceLength`.
    public var ids: [Int32]
    /// 1 for a real token (including `[CLS]` and `[SEP]`), 0 for padding; same layout as `ids`.
    public var attentionMask: [Int32]
    /// Number of texts (rows).
    public var batchSize: Int
    /// Length of every row: the longest encoded text of the batch.
    public var sequenceLength: Int

    public init(ids: [Int32], attentionMask: [Int32], batchSize: Int, sequenceLength: Int) {
        precondition(ids.count == batchSize * sequenceLength && attentionMask.count == ids.count,
                     "EncodedBatch arrays must hold batchSize * sequenceLength values")
        self.ids = ids
        self.attentionMask = attentionMask
        self.batchSize = batchSize
        self.sequenceLength = sequenceLength
    }

    /// The ids of row `row`, padding included.
    public func ids(row: Int) -> ArraySlice<Int32> {
        ids[row * sequenceLength ..< (row + 1) * sequenceLength]
    }

    /// The attention mask of row `row`.
    public func attentionMask(row: Int) -> ArraySlice<Int32> {
        attentionMask[row * sequenceLength ..< (row + 1) * sequenceLength]
    }
}
