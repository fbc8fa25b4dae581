import Datasets
import Experiment
import Foundation
import Models

extension SavedRun {
    /// What a prediction file must hold: the training data's text field, or its feature columns.
    public var predictionFields: PredictionInput.Fields {
        switch config.data.source {
        case .jsonl(_, let text, _):
            return .text(text)
        case .csv(_, let label, let features) where text == nil:
            return .features(features, label: label, count: inputWidth)
        default:
            return text != nil ? .text("text") : .features(nil, label: "label", count: inputWidth)
        }
    }

    private var inputWidth: Int { (result.inputShape ?? []).reduce(1, *) }

    /// Predictions for the examples of a JSONL or CSV file.
    public func predict(file: String) throws -> [Prediction] {
        switch try PredictionInput.read(file, fields: predictionFields) {
        case .texts(let texts): return try predict(texts: texts)
        case .features(let rows): return try predict(rows: rows)
        }
    }

    /// Writes the model as a Hugging Face folder (see ``HFExport``); returns the files written.
    @discardableResult
    public func export(to destination: String) throws -> [String] {
        let model = config.model
        var rebuild: [String: Any] = ["architecture": model.architecture.rawValue, "dropout": model.dropout,
                                      "input_shape": result.inputShape ?? [], "outputs": network.head.weight.shape[0],
                                      "experiment": result.experiment, "run": result.id]
        switch model.architecture {
        case .mlp:
            rebuild["hidden"] = model.hidden
            rebuild["note"] = "block.i = Linear(block.i.linear) → ReLU → dropout over the flattened input, then head = Linear"
        case .cnn:
            rebuild["channels"] = model.channels
            rebuild["residual"] = model.residual
            rebuild["note"] = "block.i = Conv2d 3×3 pad 1 → BatchNorm2d → ReLU (twice with a shortcut when residual) → 2×2 max-pool while the side is ≥ 2; then global average pooling, dropout, head = Linear"
        case .bert:
            break
        }
        return try HFExport.write(network, to: destination, metadata: .init(
            labels: classes, regression: task == .regression, maxLength: text?.maxLength ?? 0,
            tokenizerFolder: text?.folder.path, rebuild: rebuild))
    }

    /// One JSON line per prediction: `label` and `probabilities` in class order, or `value`.
    public static func jsonLine(_ prediction: Prediction, classes: [String]) -> String {
        var object: [String: Any] = [:]
        if let value = prediction.value { object["value"] = value }
        if let label = prediction.label { object["label"] = label }
        if let probabilities = prediction.probabilities {
            object["probabilities"] = probabilities
            object["classes"] = classes
        }
        object["logits"] = prediction.logits
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
