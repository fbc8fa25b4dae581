import Experiment
import Models

/// Builds the network a configuration names, sized for the prepared data.
enum ModelFactory {
    static func build(_ config: ModelConfig, data: PreparedData, outputs: Int? = nil) throws -> Network {
        let outputs = outputs ?? data.outputs
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
            throw TrainingError("model.architecture bert is not available yet in this build")
        }
    }
}
