import Datasets
import Experiment
import Foundation
import Models
import Results
import Torch

/// A finished run folder with a saved model (`output.save_model: true`), loaded back as the
/// network it trained: what `finetune predict` runs and `finetune export` writes out.
///
/// model.safetensors holds the best epoch's weights in finetune's names, LoRA updates merged,
/// so the plain architecture rebuilds it; result.json gives the configuration and the class
/// names in output order.
public struct SavedRun {
    public let folder: String
    public let result: RunResult
    public let config: ExperimentConfig
    public let network: Network
    /// Class names in output order; empty for regression.
    public let classes: [String]
    /// The tokenizer and max length of a text model.
    let text: TextModel?

    public var task: LearningTask { config.data.task == .regression ? .regression : .classification }

    public init(folder: String) throws {
        self.folder = folder
        let resultFile = ResultsLayout.join(folder, ResultsLayout.resultFile)
        guard let data = FileManager.default.contents(atPath: resultFile) else {
            throw TrainingError("\(folder): no \(ResultsLayout.resultFile); name a run folder (results/<experiment>/runs/<id>)")
        }
        let result = try RunResult.decode(data)
        guard result.status == .done else {
            throw TrainingError("\(folder): the run is \(result.status.rawValue), not done")
        }
        let weights = ResultsLayout.join(folder, ResultsLayout.modelFile)
        guard FileManager.default.fileExists(atPath: weights) else {
            throw TrainingError("\(folder): no \(ResultsLayout.modelFile); the run did not save its model (set output.save_model: true and run it again)")
        }
        self.result = result
        config = try ExperimentConfig(resolved: result.config)
        let classes = config.data.task == .regression ? [] : (result.data?.classes ?? [])
        self.classes = classes
        let outputs = config.data.task == .regression ? 1 : classes.count
        let state = try Checkpoint.read(weights)
        switch config.model.architecture {
        case .bert:
            let pretrained = PretrainedWeights(description: folder, path: weights)
            guard let text = try TextModel.resolve(config.model, pretrained: pretrained, assetsRoot: "") else {
                throw TrainingError("unreachable: a bert run without its text model")
            }
            self.text = text
            let bert = try text.makeNetwork(config.model, outputs: outputs)
            try bert.loadWeights(from: weights, includeHead: true)
            network = bert
        case .mlp:
            text = nil
            guard let first = state["block.0.linear.weight"] else { throw TrainingError("\(weights): not an mlp's weights") }
            network = try MLP(inputShape: [first.shape[1]], hidden: config.model.hidden, outputs: outputs, dropout: config.model.dropout)
            _ = try network.load(stateDict: state, strict: true)
        case .cnn:
            text = nil
            guard let shape = result.inputShape else {
                throw TrainingError("\(folder): result.json does not record the input shape a cnn needs; re-run it with this version")
            }
            network = try CNN(inputShape: shape, channels: config.model.channels, residual: config.model.residual,
                              outputs: outputs, dropout: config.model.dropout)
            _ = try network.load(stateDict: state, strict: true)
        case .mobilenetV2, .resnet18, .resnet34, .resnet50, .efficientnetLite0, .vitTiny, .vitSmall, .vitBase:
            text = nil
            guard let side = result.inputShape?.last else {
                throw TrainingError("\(folder): result.json does not record the photo size \(config.model.architecture.rawValue) read")
            }
            network = try ModelFactory.backbone(config.model.architecture, imageSize: side, outputs: outputs)
            _ = try network.load(stateDict: state, strict: true)
        case .audioCNN:
            text = nil
            guard let shape = result.inputShape, shape.count == 2 else {
                throw TrainingError("\(folder): result.json does not record the waveform length an audio-cnn needs; re-run it with this version")
            }
            let mel = config.model.mel ?? ModelConfig.Mel()
            let frontEnd = try LogMel(nFFT: mel.nFft, windowLength: mel.window, hop: mel.hop, melCount: mel.nMels,
                                      fMin: mel.fMin, fMax: mel.fMax)
            network = try AudioCNN(samples: shape[1], frontEnd: frontEnd, channels: config.model.channels,
                                   residual: config.model.residual, outputs: outputs, dropout: config.model.dropout)
            _ = try network.load(stateDict: state, strict: true)
        }
        network.eval()
    }

    /// One example's prediction: class probabilities in class order (and the top class), or a value.
    public struct Prediction: Sendable, Equatable {
        public var label: String?
        public var probabilities: [Double]?
        public var value: Double?
        /// The head's raw outputs, for parity checks against other implementations.
        public var logits: [Double]
    }

    /// Predictions for texts (a bert run), in batches of `batchSize`.
    public func predict(texts: [String], batchSize: Int = 32) throws -> [Prediction] {
        guard let text else {
            throw TrainingError("this \(config.model.architecture.rawValue) run reads numeric features, not texts")
        }
        var out: [Prediction] = []
        for start in stride(from: 0, to: texts.count, by: batchSize) {
            let chunk = Array(texts[start..<min(texts.count, start + batchSize)])
            let encoded = text.tokenizer.encodeBatch(chunk, maxLength: text.maxLength)
            let shape = [encoded.batchSize, encoded.sequenceLength]
            let input = ModelInput.tokens(ids: try Tensor(encoded.ids, shape: shape), mask: try Tensor(encoded.attentionMask, shape: shape))
            out += try predictions(input, count: chunk.count)
        }
        return out
    }

    /// Predictions for rows of numeric features (an mlp or cnn run), each `features` long.
    public func predict(rows: [[Float]]) throws -> [Prediction] {
        guard text == nil else { throw TrainingError("this bert run reads texts, not numeric features") }
        guard let width = rows.first?.count else { return [] }
        let shape = result.inputShape ?? [width]
        let input = ModelInput.dense(try Tensor(rows.flatMap { $0 }, shape: [rows.count] + shape))
        return try predictions(input, count: rows.count)
    }

    func predictions(_ input: ModelInput, count: Int) throws -> [Prediction] {
        let logits = try Torch.withNoGrad { try network(input) }
        let values = try logits.toFloatArray().map(Double.init)
        let width = values.count / max(count, 1)
        return (0..<count).map { row in
            let z = Array(values[row * width..<(row + 1) * width])
            if task == .regression { return Prediction(label: nil, probabilities: nil, value: z[0], logits: z) }
            let top = z.max() ?? 0
            let e = z.map { Foundation.exp($0 - top) }
            let sum = e.reduce(0, +)
            let p = e.map { $0 / sum }
            let best = p.indices.max { p[$0] < p[$1] } ?? 0
            return Prediction(label: best < classes.count ? classes[best] : String(best), probabilities: p, value: nil, logits: z)
        }
    }
}
