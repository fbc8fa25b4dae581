import Torch

/// One post-norm transformer layer: BERT's (`BERTLayer`) or DistilBERT's (`DistilBERTLayer`).
protocol EncoderLayer: Module {
    func callAsFunction(_ x: Tensor, additiveMask: Tensor?) throws -> Tensor
}

/// The stack of layers, registered as `layer.N` (under `encoder`, DistilBERT's `transformer`).
public final class BERTEncoder: Module {
    let layers: [any EncoderLayer]

    init(_ config: BERTConfig, dropout p: Double) throws {
        layers = try (0..<config.numHiddenLayers).map { _ -> any EncoderLayer in
            config.isDistilBERT ? try DistilBERTLayer(config, dropout: p) : try BERTLayer(config, dropout: p)
        }
        super.init()
        try registerModule("layer", ModuleList(layers.map { $0 as Module }))
    }

    func callAsFunction(_ x: Tensor, additiveMask: Tensor?) throws -> Tensor {
        var h = x
        for layer in layers { h = try layer(h, additiveMask: additiveMask) }
        return h
    }
}
