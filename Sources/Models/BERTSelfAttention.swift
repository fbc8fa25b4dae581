import Foundation
import Torch

/// Multi-head scaled dot-product self-attention (`attention.self`: `query`, `key`, `value`; or
/// DistilBERT's `attention`: `q_lin`, `k_lin`, `v_lin` and the output projection `out_lin`).
///
/// All heads and all rows of the batch go through two batched matmuls; padding is kept out
/// by an additive mask that is 0 for real tokens and a large negative number for padding.
/// Without dropout on the probabilities (evaluation, or `attention_probs_dropout_prob` 0) the
/// fused kernel runs instead; with it, the probabilities take finetune's parallel dropout mask.
public final class BERTSelfAttention: Module {
    let query: Linear
    let key: Linear
    let value: Linear
    /// DistilBERT's `out_lin`, inside its attention module; BERT's is `attention.output.dense`.
    let output: Linear?
    let dropout: Dropout
    let heads: Int
    let headSize: Int

    /// The module names of the query, key and value projections, and of the output one if
    /// the module holds it.
    struct Names {
        var query = "query", key = "key", value = "value"
        var output: String? = nil
        static let bert = Names()
        static let distilBERT = Names(query: "q_lin", key: "k_lin", value: "v_lin", output: "out_lin")
    }

    init(_ config: BERTConfig, dropout p: Double, names: Names = .bert) throws {
        query = try Linear(config.hiddenSize, config.hiddenSize)
        key = try Linear(config.hiddenSize, config.hiddenSize)
        value = try Linear(config.hiddenSize, config.hiddenSize)
        output = names.output == nil ? nil : try Linear(config.hiddenSize, config.hiddenSize)
        dropout = try Dropout(p)
        heads = config.numAttentionHeads
        headSize = config.hiddenSize / config.numAttentionHeads
        super.init()
        try registerModule(names.query, query)
        try registerModule(names.key, key)
        try registerModule(names.value, value)
        if let output, let name = names.output { try registerModule(name, output) }
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
        let context: Tensor  // [batch, heads, length, headSize]
        if !dropout.isTraining || dropout.p == 0 {
            context = try Functional.attention(q, k, v, additiveMask: additiveMask)
        } else {
            var scores = try q.matmul(k.transpose(-1, -2)) / Double(headSize).squareRoot()
            if let additiveMask { scores = try scores + additiveMask }
            context = try dropout(scores.softmax(dim: -1)).matmul(v)
        }
        let merged = try context.permute([0, 2, 1, 3]).contiguous().reshape([batch, length, heads * headSize])
        return try output.map { try $0(merged) } ?? merged
    }
}
