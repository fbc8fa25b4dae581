import Torch

/// The stack of layers, registered as `encoder.layer.N`.
public final class BERTEncoder: Module {
    let layers: ModuleList<BERTLayer>

    init(_ config: BERTConfig, dropout p: Double) throws {
        layers = try ModuleList((0..<config.numHiddenLayers).map { _ in try BERTLayer(config, dropout: p) })
        super.init()
        try registerModule("layer", layers)
    }

    func callAsFunction(_ x: Tensor, additiveMask: Tensor?) throws -> Tensor {
        var h = x
        for layer in layers.modules { h = try layer(h, additiveMask: additiveMask) }
        return h
    }
}
