import Experiment
import Models

/// Builds the network a configuration names, sized for the prepared data.
enum ModelFactory {
    static func build(_ config: ModelConfig, data: PreparedData, outputs: Int? = nil, text: TextModel? = nil) throws -> Network {
        let outputs = outputs ?? data.outputs
        if config.architecture == .bert {
            guard data.dataset.exampleShape == nil else {
                throw TrainingError("model.architecture bert reads text; this dataset holds numeric features")
            }
            guard let text else { throw TrainingError("model.architecture bert needs its model folder (config.json, vocab.txt)") }
            return try text.makeNetwork(config, outputs: outputs)
        }
        guard let shape = data.dataset.exampleShape else {
            throw TrainingError("model.architecture \(config.architecture.rawValue) reads numeric features; this dataset holds text")
        }
        switch config.architecture {
        case .mlp:
            return try MLP(inputShape: shape, hidden: config.hidden, outputs: outputs, dropout: config.dropout)
        case .cnn:
            return try CNN(inputShape: shape, channels: config.channels, residual: config.residual,
                           outputs: outputs, dropout: config.dropout)
        case .bert:
            throw TrainingError("unreachable: bert is built above")
        }
    }
}
