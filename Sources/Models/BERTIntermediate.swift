import Torch

/// The feed-forward expansion, `dense` then exact (erf) GELU.
public final class BERTIntermediate: Module {
    let dense: Linear

    init(_ config: BERTConfig) throws {
        dense = try Linear(config.hiddenSize, config.intermediateSize)
        super.init()
        try registerModule("dense", dense)
    }

    func callAsFunction(_ x: Tensor) throws -> Tensor {
        try dense(x).gelu()
    }
}
