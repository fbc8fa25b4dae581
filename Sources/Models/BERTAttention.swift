import Torch

/// `attention.self` followed by `attention.output`.
public final class BERTAttention: Module {
    let selfAttention: BERTSelfAttention
    let output: BERTResidualOutput

    init(_ config: BERTConfig, dropout p: Double) throws {
        selfAttention = try BERTSelfAttention(config, dropout: p)
        output = try BERTResidualOutput(inputs: config.hiddenSize, config, dropout: p)
        super.init()
        try registerModule("self", selfAttention)
        try registerModule("output", output)
    }

    func callAsFunction(_ x: Tensor, additiveMask: Tensor?) throws -> Tensor {
        try output(selfAttention(x, additiveMask: additiveMask), residual: x)
    }
}
