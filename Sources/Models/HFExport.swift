import AtomicFile
import Foundation
import Torch
import PathText

/// A trained network as a Hugging Face folder that works without finetune.
///
/// - BERT-family encoder, cls pooling: its family's `ForSequenceClassification` (config.json
///   with `id2label`, model.safetensors in transformers' names, tokenizer files), which
///   `AutoModelForSequenceClassification.from_pretrained` loads with every key in place.
/// - BERT, mean pooling: no transformers class mean-pools, so the folder is a
///   sentence-transformers model, Transformer → mean Pooling → Dense (identity activation)
///   holding the head: `SentenceTransformer(folder).encode(texts)` returns the logits.
/// - MLP and CNN: model.safetensors in finetune's names and a config.json that says how to
///   rebuild the network (architecture, sizes, input shape, labels).
///
/// LoRA updates are merged into their weights first, so every export is a plain model.
public enum HFExport {
    /// What the folder should say about the task besides the weights.
    public struct Metadata {
        /// Class names in output order; empty for regression.
        public var labels: [String]
        public var regression: Bool
        /// Tokens per text the model was trained with (BERT).
        public var maxLength: Int
        /// The folder whose tokenizer files (vocab.txt, tokenizer_config.json, tokenizer.json,
        /// special_tokens_map.json) are copied (BERT).
        public var tokenizerFolder: String?
        /// mlp/cnn: architecture, sizes and input shape, written into config.json.
        public var rebuild: [String: Any]

        public init(labels: [String], regression: Bool, maxLength: Int = 0, tokenizerFolder: String? = nil, rebuild: [String: Any] = [:]) {
            self.labels = labels
            self.regression = regression
            self.maxLength = maxLength
            self.tokenizerFolder = tokenizerFolder
            self.rebuild = rebuild
        }
    }

    /// Writes `network` into `folder` (created if needed); returns the files written.
    @discardableResult
    public static func write(_ network: Network, to folder: String, metadata: Metadata) throws -> [String] {
        try AtomicFile.createFolder(folder)
        let state = try LoRATargets.mergedStateDict(network)
        var written: [String] = []
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        func json(_ object: Any, _ name: String) throws {
            let parent = PathText.parent(path(name))
            try AtomicFile.createFolder(parent)
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            try AtomicFile.write(data, to: path(name))
            written.append(name)
        }
        func weights(_ tensors: [String: Tensor], _ name: String) throws {
            try Checkpoint.write(state: tensors, to: path(name), metadata: ["format": "pt"])
            written.append(name)
        }
        guard let bert = network as? BERT else {
            var config = metadata.rebuild
            config["labels"] = metadata.labels
            config["task"] = metadata.regression ? "regression" : "classification"
            config["format"] = "finetune"
            try json(config, "config.json")
            try weights(state, "model.safetensors")
            return written
        }
        var config = try bertConfigDictionary(bert.config)
        let labels = metadata.regression ? ["value"] : metadata.labels
        config["id2label"] = Dictionary(uniqueKeysWithValues: labels.enumerated().map { (String($0.offset), $0.element) })
        config["label2id"] = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($0.element, $0.offset) })
        config["problem_type"] = metadata.regression ? "regression" : "single_label_classification"
        let family = bert.config.modelType
        let classes = HFNames.classNames(family)
        switch bert.pooling {
        case .cls:
            config["architectures"] = [classes.sequenceClassification]
            let layout = HFNames.layout(of: bert)
            var renamed: [String: Tensor] = [:]
            for (name, tensor) in state { if let hf = HFNames.name(name, layout: layout) { renamed[hf] = tensor } }
            try json(config, "config.json")
            try weights(renamed, "model.safetensors")
        case .mean:
            config["architectures"] = [classes.model]
            try json(config, "config.json")
            try weights(state.filter { !Module.parameterName($0.key, isUnder: headName) }, "model.safetensors")
            try json([
                ["idx": 0, "name": "0", "path": "", "type": "sentence_transformers.base.modules.transformer.Transformer"],
                ["idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.sentence_transformer.modules.pooling.Pooling"],
                ["idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.base.modules.dense.Dense"],
            ], "modules.json")
            try json(["transformer_task": "feature-extraction",
                      "modality_config": ["text": ["method": "forward", "method_output_name": "last_hidden_state"]],
                      "module_output_name": "token_embeddings"], "sentence_bert_config.json")
            try json(["embedding_dimension": bert.config.hiddenSize, "pooling_mode": "mean", "include_prompt": true], "1_Pooling/config.json")
            let head = try bert.head.stateDict()
            try json(["in_features": bert.config.hiddenSize, "out_features": head["weight"]?.shape[0] ?? labels.count, "bias": true,
                      "activation_function": "torch.nn.modules.linear.Identity",
                      "module_input_name": "sentence_embedding", "module_output_name": "sentence_embedding"], "2_Dense/config.json")
            try weights(Dictionary(uniqueKeysWithValues: head.map { ("linear." + $0.key, $0.value) }), "2_Dense/model.safetensors")
        }
        // DistilBERT reads no token types: its tokenizer must not return them.
        written += try copyTokenizer(from: metadata.tokenizerFolder, to: folder, maxLength: metadata.maxLength,
                                     modelInputNames: bert.config.isDistilBERT ? ["input_ids", "attention_mask"] : nil)
        return written
    }

    /// What a vision export's config.json says: everything needed to rebuild the network in
    /// its reference library and to read photos as the run evaluated them.
    public struct VisionMetadata {
        /// The reference library's name of the architecture (`mobilenet_v2`).
        public var architecture: String
        /// Class names in output order.
        public var labels: [String]
        /// The evaluation transform (result.json's `image_input`): the square side, the
        /// shorter side before the centre crop, the crop fraction, channels, mean and std.
        public var imageSize: Int
        public var resize: Int
        public var cropFraction: Double
        public var channels: Int
        public var mean: [Double]
        public var std: [Double]
        /// The call that builds the network to load the weights into.
        public var loader: String
        public var experiment: String
        public var run: String
        /// Whose names the weights carry: `torchvision`, `timm`, `efficientnet-lite-pytorch`.
        public var format: String
        /// Where the network `loader` names is defined, when no installed library has it.
        public var note: String?

        public init(architecture: String, labels: [String], imageSize: Int, resize: Int, cropFraction: Double,
                    channels: Int, mean: [Double], std: [Double], loader: String, experiment: String, run: String,
                    format: String = "torchvision", note: String? = nil) {
            self.format = format
            self.note = note
            self.architecture = architecture
            self.labels = labels
            self.imageSize = imageSize
            self.resize = resize
            self.cropFraction = cropFraction
            self.channels = channels
            self.mean = mean
            self.std = std
            self.loader = loader
            self.experiment = experiment
            self.run = run
        }
    }

    /// Writes an ImageNet backbone as its reference library loads it: model.safetensors with
    /// every tensor (BatchNorm statistics and `num_batches_tracked` included) under the library's
    /// name (`rename`), so `load_state_dict(strict=True)` takes it, and config.json naming the
    /// architecture, `num_classes`, the classes, the input size and the resize before the centre
    /// crop, the channels, mean and std. Returns the files written.
    @discardableResult
    public static func writeVision(_ network: Network, to folder: String, metadata: VisionMetadata,
                                   rename: (String) -> String) throws -> [String] {
        try AtomicFile.createFolder(folder)
        let state = try LoRATargets.mergedStateDict(network)
        var renamed: [String: Tensor] = [:]
        for (name, tensor) in state { renamed[rename(name)] = tensor }
        let input = metadata
        var config: [String: Any] = [
            "format": metadata.format,
            "architecture": metadata.architecture,
            "num_classes": metadata.labels.count,
            "labels": metadata.labels,
            "id2label": Dictionary(uniqueKeysWithValues: metadata.labels.enumerated().map { (String($0.offset), $0.element) }),
            "input_size": [input.channels, input.imageSize, input.imageSize],
            "image_size": input.imageSize,
            "resize": input.resize,
            "crop_fraction": input.cropFraction,
            "interpolation": "bilinear",
            "channels": input.channels,
            "mean": input.mean,
            "std": input.std,
            "load": "model = \(metadata.loader); model.load_state_dict(safetensors.torch.load_file('model.safetensors'))",
            "transform": "Resize(resize) → CenterCrop(image_size) → ToTensor() → Normalize(mean, std) on Image.open(f).convert('RGB')",
            "experiment": metadata.experiment,
            "run": metadata.run,
        ]
        if let note = metadata.note { config["note"] = note }
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        let data = try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
        try AtomicFile.write(data, to: path("config.json"))
        try Checkpoint.write(state: renamed, to: path("model.safetensors"), metadata: ["format": "pt"])
        return ["config.json", "model.safetensors"]
    }

    /// BERT's config.json fields plus what transformers needs to pick the class (`model_type`,
    /// and `pad_token_id`, where RoBERTa's positions start).
    static func bertConfigDictionary(_ config: BERTConfig) throws -> [String: Any] {
        let data = try JSONEncoder().encode(config)
        var dictionary = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        dictionary["model_type"] = config.modelType
        dictionary["pad_token_id"] = config.padTokenID
        if config.isDistilBERT {
            dictionary["dropout"] = 0.1
            dictionary["attention_dropout"] = 0.1
            dictionary["seq_classif_dropout"] = 0.1
        } else {
            dictionary["hidden_dropout_prob"] = 0.1
            dictionary["attention_probs_dropout_prob"] = 0.1
        }
        return dictionary
    }

    /// What tokenizer_config.json says when the source folder has none: a tokenizer.json is
    /// loaded as it is (`PreTrainedTokenizerFast`, told its padding token, which transformers
    /// needs to pad a batch); a bare vocab.txt is BERT uncased.
    static func defaultTokenizerConfig(_ source: String) -> [String: Any] {
        let file = (source as NSString).appendingPathComponent("tokenizer.json")
        guard let data = FileManager.default.contents(atPath: file) else {
            return ["do_lower_case": true, "tokenizer_class": "BertTokenizer"]
        }
        var config: [String: Any] = ["tokenizer_class": "PreTrainedTokenizerFast"]
        let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        let added = (root?["added_tokens"] as? [[String: Any]] ?? []).compactMap { $0["content"] as? String }
        if let pad = ["<pad>", "[PAD]", "<PAD>"].first(where: added.contains) { config["pad_token"] = pad }
        return config
    }

    /// Copies the tokenizer files; tokenizer_config.json gets `model_max_length` = the
    /// length the model was trained with, so Hugging Face truncates where finetune did.
    static func copyTokenizer(from source: String?, to folder: String, maxLength: Int, modelInputNames: [String]? = nil) throws -> [String] {
        guard let source else { return [] }
        var written: [String] = []
        let manager = FileManager.default
        for name in ["vocab.txt", "tokenizer.json", "vocab.json", "merges.txt", "special_tokens_map.json"] {
            let from = (source as NSString).appendingPathComponent(name)
            let to = (folder as NSString).appendingPathComponent(name)
            guard from != to, let contents = manager.contents(atPath: from) else { continue }
            try AtomicFile.write(contents, to: to)
            written.append(name)
        }
        let configPath = (source as NSString).appendingPathComponent("tokenizer_config.json")
        var tokenizer = (manager.contents(atPath: configPath).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] })
            ?? defaultTokenizerConfig(source)
        if maxLength > 0 { tokenizer["model_max_length"] = maxLength }
        if let modelInputNames { tokenizer["model_input_names"] = modelInputNames }
        let data = try JSONSerialization.data(withJSONObject: tokenizer, options: [.prettyPrinted, .sortedKeys])
        try AtomicFile.write(data, to: (folder as NSString).appendingPathComponent("tokenizer_config.json"))
        written.append("tokenizer_config.json")
        return written
    }
}
