import Datasets
import Experiment
import Foundation
import Models
import Torch

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
        case .audioCNN:
            let mel = model.mel ?? ModelConfig.Mel()
            rebuild["channels"] = model.channels
            rebuild["residual"] = model.residual
            rebuild["mel"] = ["n_mels": mel.nMels, "n_fft": mel.nFft, "window": mel.window, "hop": mel.hop,
                              "f_min": mel.fMin, "f_max": mel.fMax, "sample_rate": 16000] as [String: Any]
            rebuild["note"] = "16 kHz waveforms → ln(mel power + 1e-6) as librosa.feature.melspectrogram(center=True, pad_mode='constant', htk=False, norm='slaney') → per-clip mean/std normalisation → the cnn's block.i → global average pooling, dropout, head = Linear"
        case .mobilenetV2:
            return try HFExport.writeVision(network, to: destination, metadata: visionExportMetadata(
                architecture: "mobilenet_v2", loader: "torchvision.models.mobilenet_v2(num_classes=num_classes)"),
                rename: MobileNetV2.referenceName)
        case .resnet18, .resnet34, .resnet50:
            let name = model.architecture.rawValue
            return try HFExport.writeVision(network, to: destination, metadata: visionExportMetadata(
                architecture: name, loader: "torchvision.models.\(name)(num_classes=num_classes)"),
                rename: ResNet.referenceName)
        case .efficientnetLite0:
            // No library ships the model code: the loader names the reference this repository's
            // scripts/parity/efficientnet_lite0.py defines after efficientnet-lite-pytorch.
            return try HFExport.writeVision(network, to: destination, metadata: visionExportMetadata(
                architecture: "efficientnet_lite0",
                loader: "EfficientNetLite0(num_classes=num_classes)", format: "efficientnet-lite-pytorch",
                note: "EfficientNetLite0 is the plain-torch network of finetune's scripts/parity/efficientnet_lite0.py (the efficientnet-lite-pytorch design: TensorFlow SAME padding, BatchNorm eps 1e-3, ReLU6); the weights carry its names"),
                rename: EfficientNetLite0.referenceName)
        case .vitTiny, .vitSmall, .vitBase:
            let timm = "\(model.architecture.rawValue)_224"
            let side = result.imageInput?.imageSize ?? 224
            return try HFExport.writeVision(network, to: destination, metadata: visionExportMetadata(
                architecture: timm, loader: "timm.create_model('\(timm)', pretrained=False, num_classes=num_classes, img_size=\(side))",
                format: "timm"),
                rename: { $0 })
        case .bert:
            break
        }
        return try HFExport.write(network, to: destination, metadata: .init(
            labels: classes, regression: task == .regression, maxLength: text?.maxLength ?? 0,
            tokenizerFolder: text?.folder.path, rebuild: rebuild))
    }

    /// What an ImageNet backbone's export says besides its weights: the architecture, the
    /// classes in output order, and the evaluation transform of result.json's `image_input`.
    private func visionExportMetadata(architecture: String, loader: String, format: String = "torchvision",
                                      note: String? = nil) throws -> HFExport.VisionMetadata {
        guard let input = result.imageInput else {
            throw TrainingError("this \(architecture) run's result.json records no image_input; re-run it with this finetune to export it")
        }
        return .init(architecture: architecture, labels: classes, imageSize: input.imageSize, resize: input.resize,
                     cropFraction: input.cropFraction, channels: input.channels, mean: input.mean, std: input.std, loader: loader,
                     experiment: result.experiment, run: result.id, format: format, note: note)
    }

    /// One JSON line per prediction: `label` and `probabilities` in class order, or `value`.
    public static func jsonLine(_ prediction: Prediction, classes: [String], file: String? = nil) -> String {
        var object: [String: Any] = [:]
        if let file { object["file"] = file }
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

extension SavedRun {
    /// Whether the run reads photos (then `predict(photos:)` takes image files).
    public var readsPhotos: Bool { result.imageInput != nil }

    /// The CSV column that names photos in `--input` files: the training data's, else `image`.
    public var photoColumn: String {
        if case .csvImages(_, let image, _) = config.data.source { return image }
        return "image"
    }

    /// Predictions for photo files, each decoded, resized and centre-cropped as the run
    /// evaluated its own photos (``RunResult/imageInput``), in batches of `batchSize`.
    public func predict(photos files: [String], batchSize: Int = 32) throws -> [Prediction] {
        guard let input = result.imageInput else {
            throw TrainingError("this \(config.model.architecture.rawValue) run does not read photos")
        }
        let limit = config.data.maxPixels ?? DataConfig.defaultMaxPixels
        let steps = ImagePreprocessing(channels: input.channels, mean: input.mean, std: input.std)
        var out: [Prediction] = []
        for start in stride(from: 0, to: files.count, by: batchSize) {
            let chunk = files[start..<min(files.count, start + batchSize)]
            let images = try chunk.map { file in
                ImageTransform.resizeShorterSide(try ImageDecoder.decode(file: file, pixelLimit: limit), to: input.resize).withChannels(input.channels)
            }
            let set = ImageSet(images: images, channels: input.channels, cropSize: input.imageSize)
            let values = steps.batch(set, Array(images.indices), rng: nil)
            let tensor = try Tensor(values, shape: [images.count, input.channels, input.imageSize, input.imageSize])
            out += try predictions(.dense(tensor), count: images.count)
        }
        return out
    }
}
