import Foundation
import Torch

/// Multi-head scaled dot-product self-attention (`attention.self`: `query`, `key`, `value`).
///
/// All heads and all rows of the batch go through two batched matmuls; padding is kept out
/// by an additive mask that is 0 for real tokens and a large negative number for padding.
/// Without dropout on the probabilities (evaluation, or `attention_probs_dropout_prob` 0) the
/// fused kernel runs instead; with it, the probabilities take finetune's parallel dropout mask.
public final class BERTSelfAttention: Module {
    let query: Linear
    let key: Linear
    let value: Linear
    let dropout: Dropout
    let heads: Int
    let headSize: Int

    init(_ config: BERTConfig, dropout p: Double) throws {
        query = try Linear(config.hiddenSize, config.hiddenSize)
        key = try Linear(config.hiddenSize, config.hiddenSize)
        value = try Linear(config.hiddenSize, config.hiddenSize)
        dropout = try Dropout(p)
        heads = config.numAttentionHeads
        headSize = config.hiddenSize / config.numAttentionHeads
        super.init()
        try registerModule("query", query)
        try registerModule("key", key)
        try registerModule("value", value)
        try registerModule("dropout", dropout)
    }

    /// `x` `[batch, length, hidden]`; `additiveMask` `[batch, 1, 1, length]` or nil when
    /// no row is padded.
    func callAsFunction(_ x: Tensor, additiveMask: Tensor?) throws -> Tensor {
        let shape = x.shape
        let (batch, length) = (shape[0], shape[1])
        // [batch, length, hidden] → [batch, heads, length, headSize]
        func split(_ t: Tensor) throws -> Tensor {
            try t.reshape([batch, length, heads, headSize]).permute([0, 2, 1, 3])
        }
        let q = try split(query(x))
        let k = try split(key(x))
        let v = try split(value(x))
        if !dropout.isTraining || dropout.p == 0 {
            let context = try Functional.attention(q, k, v, additiveMask: additiveMask)
            return try context.permute([0, 2, 1, 3]).contiguous().reshape([batch, length, heads * headSize])
        }
        var scores = try q.matmul(k.transpose(-1, -2)) / Double(headSize).squareRoot()
        if let additiveMask { scores = try scores + additiveMask }
        let probabilities = try dropout(scores.softmax(dim: -1))
        let context = try probabilities.matmul(v)  // [batch, heads, length, headSize]
        return try context.permute([0, 2, 1, 3]).contiguous().reshape([batch, length, heads * headSize])
    }
}
