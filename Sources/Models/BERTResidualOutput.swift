import Torch

/// `dense` → dropout → `LayerNorm(· + residual)`: the step closing both halves of a BERT
/// layer (Hugging Face's `BertSelfOutput` as `attention.output` and `BertOutput` as `output`).
public final class BERTResidualOutput: Module {
    let dense: Linear
    let layerNorm: LayerNorm
    let dropout: Dropout

    init(inputs: Int, _ config: BERTConfig, dropout p: Double) throws {
        dense = try Linear(inputs, config.hiddenSize)
        layerNorm = try LayerNorm(config.hiddenSize, eps: config.layerNormEps)
        dropout = try Dropout(p)
        super.init()
        try registerModule("dense", dense)
        try registerModule("LayerNorm", layerNorm)
        try registerModule("dropout", dropout)
    }

    func callAsFunction(_ x: Tensor, residual: Tensor) throws -> Tensor {
        try layerNorm(dropout(dense(x)) + residual)
    }
}
