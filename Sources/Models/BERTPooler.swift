import Torch

/// `pooler.dense` and tanh on the `[CLS]` vector: BERT's sentence vector for cls pooling.
public final class BERTPooler: Module {
    let dense: Linear

    init(_ config: BERTConfig) throws {
        dense = try Linear(config.hiddenSize, config.hiddenSize)
        super.init()
        try registerModule("dense", dense)
    }

    func callAsFunction(_ cls: Tensor) throws -> Tensor {
        try dense(cls).tanh()
    }
}
