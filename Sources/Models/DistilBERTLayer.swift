import Torch

/// DistilBERT's `TransformerBlock`: BERT's post-norm layer under DistilBERT's names. The
/// attention (`q_lin`, `k_lin`, `v_lin`, `out_lin`) adds back its input under `sa_layer_norm`
/// with no dropout on its output, then `ffn` (`lin1`, activation, `lin2`, dropout) adds back
/// under `output_layer_norm`.
final class DistilBERTLayer: Module, EncoderLayer {
    let attention: BERTSelfAttention
    let attentionNorm: LayerNorm
    let ffn: DistilBERTFeedForward
    let outputNorm: LayerNorm

    init(_ config: BERTConfig, dropout p: Double) throws {
        attention = try BERTSelfAttention(config, dropout: p, names: .distilBERT)
        attentionNorm = try LayerNorm(config.hiddenSize, eps: config.layerNormEps)
        ffn = try DistilBERTFeedForward(config, dropout: p)
        outputNorm = try LayerNorm(config.hiddenSize, eps: config.layerNormEps)
        super.init()
        try registerModule("attention", attention)
        try registerModule("sa_layer_norm", attentionNorm)
        try registerModule("ffn", ffn)
        try registerModule("output_layer_norm", outputNorm)
    }

    func callAsFunction(_ x: Tensor, additiveMask: Tensor?) throws -> Tensor {
        let attended = try attentionNorm(attention(x, additiveMask: additiveMask) + x)
        return try outputNorm(ffn(attended) + attended)
    }
}

/// DistilBERT's `ffn`: `lin1`, the configured activation (gelu or relu), `lin2`, dropout.
final class DistilBERTFeedForward: Module {
    let lin1: Linear
    let lin2: Linear
    let dropout: Dropout
    let config: BERTConfig

    init(_ config: BERTConfig, dropout p: Double) throws {
        self.config = config
        lin1 = try Linear(config.hiddenSize, config.intermediateSize)
        lin2 = try Linear(config.intermediateSize, config.hiddenSize)
        dropout = try Dropout(p)
        super.init()
        try registerModule("lin1", lin1)
        try registerModule("lin2", lin2)
        try registerModule("dropout", dropout)
    }

    func callAsFunction(_ x: Tensor) throws -> Tensor {
        try dropout(lin2(config.activate(lin1(x))))
    }
}
