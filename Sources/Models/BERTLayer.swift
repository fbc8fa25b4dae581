import Torch

/// One transformer encoder layer, post-norm as in BERT: self-attention with its residual
/// output, then the feed-forward `intermediate` (GELU) and `output` with its residual.
public final class BERTLayer: Module, EncoderLayer {
    let attention: BERTAttention
    let intermediate: BERTIntermediate
    let output: BERTResidualOutput

    init(_ config: BERTConfig, dropout p: Double) throws {
        attention = try BERTAttention(config, dropout: p)
        intermediate = try BERTIntermediate(config)
        output = try BERTResidualOutput(inputs: config.intermediateSize, config, dropout: p)
        super.init()
        try registerModule("attention", attention)
        try registerModule("intermediate", intermediate)
        try registerModule("output", output)
    }

    func callAsFunction(_ x: Tensor, additiveMask: Tensor?) throws -> Tensor {
        let attended = try attention(x, additiveMask: additiveMask)
        return try output(intermediate(attended), residual: attended)
    }
}
