import TextSupport
import Foundation
import YAML

/// Cross-field rules: checks that need more than one value, each reported at the line of
/// the value that has to change.
///
/// Each rule is a small function over the resolved value and the positions of what was
/// written; all rules run, so every mistake is reported at once.
struct Rules {
    let value: Value
    let marks: [String: Mark]
    var diagnostics: [Diagnostic] = []

    init(value: Value, marks: [String: Mark]) {
        self.value = value
        self.marks = marks
    }

    static func check(_ value: Value, marks: [String: Mark]) -> [Diagnostic] {
        var rules = Rules(value: value, marks: marks)
        rules.splitFractions()
        rules.folds()
        rules.fewShot()
        rules.classes(at: "data", dataset: value.at("data.source"))
        rules.taskAndModality()
        rules.augmentation()
        rules.photos()
        rules.melFrontEnd()
        rules.metrics()
        rules.selection("evaluation.select")
        if value.at("schedule.early_stopping")?.isNull == false {
            rules.selection("schedule.early_stopping.monitor")
        }
        rules.schedule()
        rules.freezeDepth()
        rules.parameterEfficient()
        rules.pretrained()
        rules.forgetting()
        return rules.diagnostics
    }

    private mutating func error(_ path: String, _ message: String) {
        diagnostics.append(.error(at: mark(path), message))
    }

    private mutating func warning(_ path: String, _ message: String) {
        diagnostics.append(.warning(at: mark(path), message))
    }

    /// The position of the nearest written value at or above `path`.
    private func mark(_ path: String) -> Mark? {
        var current = path
        while true {
            if let m = marks[current] { return m }
            guard let dot = current.lastIndex(where: { $0 == "." || $0 == "[" }) else { return marks[""] }
            current = String(current[..<dot])
        }
    }

    // Missing values (absent because invalid, already reported) make a rule skip.
    private func number(_ path: String) -> Double? { value.at(path)?.double }
    private func integer(_ path: String) -> Int? { value.at(path)?.int }
    private func text(_ path: String) -> String? { value.at(path)?.string }

    private static func format(_ x: Double) -> String { Bounds.text((x * 1e9).rounded() / 1e9) }

    // MARK: - Data

    private mutating func splitFractions() {
        guard let train = number("data.split.train"), let validation = number("data.split.validation"),
              let test = number("data.split.test") else { return }
        let parts = [("train", train), ("validation", validation), ("test", test)]
        let sum = parts.reduce(0) { $0 + $1.1 }
        if abs(sum - 1) > 1e-6 {
            let terms = parts.map { "\($0.0) \(Self.format($0.1))" }.joined(separator: " + ")
            error("data.split", "data.split fractions must sum to 1 (got \(terms) = \(Self.format(sum)))")
        }
    }

    private mutating func folds() {
        guard let folds = value.at("data.folds")?.int else {
            if marks["data.fold"] != nil, let fold = integer("data.fold"), fold != 0 {
                error("data.fold", "data.fold needs data.folds (k-fold cross-validation) to be set")
            }
            return
        }
        if let fold = integer("data.fold"), fold >= folds {
            error("data.fold", "data.fold must be less than data.folds (\(folds)) (got \(fold))")
        }
    }

    private mutating func fewShot() {
        if value.at("data.per_class")?.int != nil, let fraction = number("data.train_fraction"), fraction != 1 {
            error("data.per_class", "data.per_class and data.train_fraction both thin the training split; set only one")
        }
        if value.at("data.test_per_class")?.int != nil, text("data.task") == "regression" {
            error("data.test_per_class", "data.test_per_class samples the test split by class, which a regression task does not have")
        }
    }

    private mutating func classes(at prefix: String, dataset: Value?) {
        guard let classes = value.at("\(prefix).classes")?.array else { return }
        var seen: [String: Int] = [:]
        for (index, item) in classes.enumerated() {
            guard let label = item.string else { continue }
            if let first = seen[label] {
                error("\(prefix).classes[\(index)]", "\(prefix).classes lists '\(label)' twice (first at item \(first + 1))")
            }
            seen[label] = index
        }
        guard let name = dataset?.string, let builtin = BuiltinDataset.named(name) else { return }
        if text("data.task") == "regression", prefix == "data" {
            error("data.classes", "data.classes selects labels, which a regression task does not have")
            return
        }
        for (index, item) in classes.enumerated() {
            guard let label = item.string, !builtin.labels.contains(label) else { continue }
            let hint = Suggestion.hint(for: label, in: builtin.labels)
            error("\(prefix).classes[\(index)]",
                  "\(prefix).classes: '\(label)' is not a label of \(name) (labels: \(builtin.labels.joined(separator: ", ")))\(hint)")
        }
    }

    /// image, text, audio or tabular: what the data is, which decides the model and augmentations.
    private var modality: String? {
        guard let source = value.at("data.source") else { return nil }
        if let name = source.string { return BuiltinDataset.named(name)?.modality.rawValue ?? "tabular" }
        if source["audio"] != nil { return "audio" }
        if source["images"] != nil || source["image"].map({ !$0.isNull }) == true { return "image" }
        return source["jsonl"] != nil ? "text" : "tabular"
    }

    private mutating func taskAndModality() {
        if let name = value.at("data.source")?.string, let builtin = BuiltinDataset.named(name),
           text("data.task") == "regression", !builtin.supportsRegression {
            error("data.task", "data.task: \(name) has no numeric target, so it supports classification only")
        }
        guard let architecture = text("model.architecture"), let typed = ModelConfig.Architecture(rawValue: architecture),
              let modality else { return }
        if !typed.modalities.contains(modality) {
            // The backbones read photos only; listing all of them would bury the advice.
            let fit = ModelConfig.Architecture.allCases.filter { $0.modalities.contains(modality) && (!$0.isImageNetBackbone || ($0 == .mobilenetV2 && holdsPhotos)) }
                .map(\.rawValue).sorted().joined(separator: " or ")
            error("model.architecture", "model.architecture \(architecture) cannot read \(modality) data; use \(fit)")
        } else if typed.isImageNetBackbone {
            if !holdsPhotos {
                error("model.architecture", "model.architecture \(architecture) reads photos (an images folder, a CSV of image paths or fashion-mnist); \(sourceText) holds 8×8 digit values; use cnn or mlp")
            }
            for key in ["channels", "hidden", "residual"] where marks["model.\(key)"] != nil {
                let naming = ModelConfig.Architecture(rawValue: architecture)?.weightNaming ?? "torchvision"
                warning("model.\(key)", "model.\(key) does not apply to \(architecture), whose blocks are \(naming)'s")
            }
        }
    }

    private mutating func augmentation() {
        guard let steps = value.at("augmentation")?.array, let modality else { return }
        for (index, step) in steps.enumerated() {
            guard let kindText = step["kind"]?.string, let kind = AugmentationStep.Kind(rawValue: kindText) else { continue }
            let fits: Bool
            switch kind {
            case .noise, .mixup: fits = modality != "text"
            default: fits = kind.modality.rawValue == modality
            }
            if !fits {
                error("augmentation[\(index)].kind", "augmentation \(kindText) does not apply to \(modality) data")
            } else if kind.needsPhotos, !holdsPhotos {
                error("augmentation[\(index)].kind", "augmentation \(kindText) reads photos (an images folder, a CSV of image paths or fashion-mnist); \(sourceText) holds \(modality) values")
            }
            for key in ["scale", "ratio"] {
                guard let range = step[key]?.array?.compactMap(\.double) else { continue }
                if range.count != 2 {
                    error("augmentation[\(index)].\(key)", "augmentation[\(index)].\(key) must be two numbers [low, high] (got \(range.count))")
                } else if range[0] > range[1] {
                    error("augmentation[\(index)].\(key)", "augmentation[\(index)].\(key) must be [low, high] with low <= high (got [\(range[0]), \(range[1])])")
                }
            }
        }
    }

    /// Whether data.source holds photos read from image files.
    private var holdsPhotos: Bool {
        guard let source = value.at("data.source") else { return false }
        if let name = source.string { return BuiltinDataset.photoSets.contains(name) }
        return source["images"] != nil || source["image"].map({ !$0.isNull }) == true
    }

    private var sourceText: String {
        value.at("data.source")?.string ?? "data.source"
    }

    /// Photos need a size the network reads (files come in many sizes); sizes apply to photos only.
    private mutating func photos() {
        guard let source = value.at("data.source") else { return }
        let sized = value.at("model.image_size").map { !$0.isNull } ?? false
        if let features = source["features"], !features.isNull, source["image"].map({ !$0.isNull }) == true {
            error("data.source.features", "data.source names photos (image) and feature columns (features); a CSV source reads one or the other")
        }
        if let architecture = text("model.architecture"), ModelConfig.Architecture(rawValue: architecture)?.isVisionTransformer == true, holdsPhotos {
            if let side = integer("model.image_size"), side % 16 != 0 {
                error("model.image_size", "model.image_size: \(architecture) cuts photos into 16×16 patches, so the side must be a multiple of 16 (got \(side); e.g. \(max(16, side / 16 * 16)) or \(side / 16 * 16 + 16))")
            } else if !sized, source.string != nil {
                error("model.architecture", "model.architecture \(architecture) cuts photos into 16×16 patches: set model.image_size to a multiple of 16 (\(sourceText) is read at its own size otherwise)")
            }
        }
        if holdsPhotos {
            if source.string == nil, !sized {
                error("data.source", "photo files come in many sizes: set model.image_size, the side of the square the network reads (e.g. 32 for a small cnn, 224 for an ImageNet backbone)")
            }
        } else if let modality {
            if sized { error("model.image_size", "model.image_size sizes photos, but data.source holds \(modality == "image" ? "8×8 digit values" : modality + " data")") }
            if let fraction = number("model.crop_fraction"), fraction != 1 {
                error("model.crop_fraction", "model.crop_fraction crops photos, but data.source holds \(modality == "image" ? "8×8 digit values" : modality + " data")")
            }
        }
    }

    /// audio-cnn's log-mel settings: a window inside the FFT, a band inside 0…8 kHz (16 kHz
    /// clips), and data.speakers only for audio.
    private mutating func melFrontEnd() {
        if value.at("data.speakers")?.array != nil, let modality, modality != "audio" {
            error("data.speakers", "data.speakers selects speakers of audio clips, but data.source holds \(modality) data")
        }
        guard text("model.architecture") == "audio-cnn" else { return }
        if let window = integer("model.mel.window"), let nFFT = integer("model.mel.n_fft"), window > nFFT {
            error("model.mel.window", "model.mel.window (\(window) samples) must be at most model.mel.n_fft (\(nFFT))")
        }
        if let fMax = number("model.mel.f_max"), fMax > 8000 {
            error("model.mel.f_max", "model.mel.f_max must be at most 8000 Hz, half the 16 kHz sample rate (got \(fMax))")
        }
        if let fMin = number("model.mel.f_min"), let fMax = number("model.mel.f_max"), fMin >= fMax {
            error("model.mel.f_min", "model.mel.f_min (\(fMin) Hz) must be below model.mel.f_max (\(fMax) Hz)")
        }
    }

    // MARK: - Evaluation

    private var computedMetrics: [String] {
        let listed = (value.at("evaluation.metrics")?.array ?? []).compactMap(\.string)
            .filter { Metric(rawValue: $0)?.isScalar == true }
        return [Metric.loss.rawValue] + listed
    }

    private mutating func metrics() {
        guard let task = text("data.task") else { return }
        // The default metrics are classification metrics: a regression task must list its own,
        // and the line to change is data.task's, not a metric nobody wrote.
        if marks["evaluation.metrics"] == nil, task == "regression" {
            let defaults = (value.at("evaluation.metrics")?.array ?? []).compactMap(\.string)
            if defaults.contains(where: { Metric(rawValue: $0)?.task.rawValue != task }) {
                let fitting = Metric.listable.filter { $0.task.rawValue == task }.map(\.rawValue)
                error("data.task", "data.task \(task) needs \(task) metrics, but evaluation.metrics defaults to \(defaults.joined(separator: ", ")); list some of \(fitting.joined(separator: ", "))")
            }
            return
        }
        for (index, item) in (value.at("evaluation.metrics")?.array ?? []).enumerated() {
            guard let name = item.string, let metric = Metric(rawValue: name) else { continue }
            if metric.task.rawValue != task {
                error("evaluation.metrics[\(index)]", "evaluation.metrics: \(name) is a \(metric.task.rawValue) metric but data.task is \(task)")
            }
        }
    }

    private mutating func selection(_ path: String) {
        guard let written = text(path), let (split, metric) = Selection.parts(written) else { return }
        let computed = computedMetrics
        if !computed.contains(metric) {
            let hint = Suggestion.hint(for: metric, in: computed)
            error(path, "\(path) names '\(metric)', which is not computed (computed: \(computed.joined(separator: ", ")); add it to evaluation.metrics)\(hint)")
        }
        // A selection left at its default is not where the mistake is: point at the empty split.
        let isWritten = marks[path] != nil
        if split == Split.validation.rawValue, number("data.split.validation") == 0, value.at("data.folds")?.int == nil {
            error(isWritten ? path : "data.split.validation", "\(path) uses the validation split, but data.split.validation is 0")
        }
        if split == Split.test.rawValue, number("data.split.test") == 0 {
            error(isWritten ? path : "data.split.test", "\(path) uses the test split, but data.split.test is 0")
        }
    }

    // MARK: - Schedule and freezing

    private mutating func schedule() {
        if let warmup = number("schedule.warmup"), warmup >= 1 {
            error("schedule.warmup", "schedule.warmup must be shorter than the run: a fraction of all steps below 1 (got \(Self.format(warmup)))")
        }
        guard let epochs = integer("schedule.epochs") else { return }
        var previous = 0
        for (index, item) in (value.at("schedule.milestones")?.array ?? []).enumerated() {
            guard let epoch = item.int else { continue }
            if epoch <= previous {
                error("schedule.milestones[\(index)]", "schedule.milestones must increase (got \(epoch) after \(previous))")
            } else if epoch >= epochs {
                error("schedule.milestones[\(index)]", "schedule.milestones: \(epoch) is not before the last epoch (schedule.epochs is \(epochs))")
            }
            previous = max(previous, epoch)
        }
        if text("schedule.decay") == "multi-step", value.at("schedule.milestones")?.array?.isEmpty == true {
            error("schedule.decay", "schedule.decay multi-step needs schedule.milestones")
        }
        if text("schedule.decay") == "plateau", number("data.split.validation") == 0, value.at("data.folds")?.int == nil {
            error("schedule.decay", "schedule.decay plateau watches the validation loss, but data.split.validation is 0")
        }
    }

    /// A section in its typed form, when what was written there is valid (nil otherwise: its
    /// errors are already reported, and a rule on it would only repeat them).
    private func section<T: Decodable>(_ type: T.Type, _ path: String) -> T? {
        guard let section = value.at(path) else { return nil }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(T.self, from: Foundation.Data(section.canonicalJSON.utf8))
    }

    private mutating func freezeDepth() {
        guard let freeze = section(FreezeConfig.self, "freeze"), let model = section(ModelConfig.self, "model") else { return }
        let strategy = freeze.strategy, architecture = model.architecture.rawValue
        let blocks = model.blockCount
        if strategy == .bottom, let blocks, freeze.layers > blocks {
            error("freeze.layers", "freeze.layers must be at most \(blocks), the number of blocks in this \(architecture) (\(model.blockDescription)) (got \(freeze.layers))")
        }
        guard let epochs = integer("schedule.epochs") else { return }
        if strategy == .twoStage, freeze.headEpochs >= epochs {
            error("freeze.head_epochs", "freeze.head_epochs must be less than schedule.epochs (\(epochs)) so the second stage runs (got \(freeze.headEpochs))")
        }
        if strategy == .gradual, let blocks, freeze.unfreezeEvery * Double(blocks) >= Double(epochs * 4) {
            warning("freeze.unfreeze_every", "freeze.unfreeze_every: with \(epochs) epochs most blocks never thaw; "
                    + "\(Self.thawingAll(blocks: blocks, epochs: epochs)) or less thaws all \(blocks) blocks (a fraction of an epoch, counted in optimizer steps)")
        }
        if strategy != .none, !strategy.isParameterEfficient, model.pretrained == .none {
            warning("freeze.strategy", "freeze.strategy \(strategy.rawValue) freezes randomly initialised weights (model.pretrained is none)")
        }
    }

    /// The largest `unfreeze_every` of two significant digits under which gradual thaws every
    /// one of `blocks` blocks before the last step of `epochs` epochs, as text.
    static func thawingAll(blocks: Int, epochs: Int) -> String {
        let exact = Double(epochs) / Double(blocks)
        let unit = Foundation.pow(10, Foundation.floor(Foundation.log10(exact)) - 1)
        var digits = Foundation.floor(exact / unit + 1e-9)
        if digits * unit * Double(blocks) >= Double(epochs) - 1e-9 { digits -= 1 }
        return Value.jsonNumber((digits * unit * 1e6).rounded() / 1e6)
    }

    /// LoRA and BitFit: what they cannot be combined with, and LoRA targets that name no Linear.
    private mutating func parameterEfficient() {
        guard let freeze = section(FreezeConfig.self, "freeze"), freeze.strategy.isParameterEfficient,
              let model = section(ModelConfig.self, "model") else { return }
        let strategy = freeze.strategy, architecture = model.architecture
        if model.pretrained == .none {
            error("freeze.strategy", "freeze.strategy \(strategy.rawValue) keeps every pre-trained weight frozen, but model.pretrained is none: only the \(strategy == .lora ? "low-rank updates" : "biases") of random weights would train")
        }
        guard strategy == .lora else { return }
        guard let known = architecture.loraTargets else {
            error("freeze.strategy", "freeze.strategy lora adapts Linear layers, and \(architecture.article)'s body is convolutions; use bitfit, bottom or gradual")
            return
        }
        if let l2 = number("regularization.l2_sp"), l2 > 0 {
            error("regularization.l2_sp", "regularization.l2_sp pulls trained weights toward the pre-trained ones, but under freeze.strategy lora the pre-trained weights never move and the low-rank update has no pre-trained value; use optimizer.weight_decay to keep the update small")
        }
        if architecture.isVisionTransformer, marks["freeze.lora.targets"] == nil {
            // The defaults are BERT's module names: say so at the strategy instead of at a line nobody wrote.
            error("freeze.strategy", "freeze.strategy lora on \(architecture.rawValue) needs freeze.lora.targets: the default (query, value) names BERT's modules; list some of \(known.joined(separator: ", "))")
            return
        }
        let hidden = model.hidden.count
        for (index, target) in freeze.lora.targets.enumerated() {
            if known.contains(target) { continue }
            if architecture == .mlp, target.hasPrefix("block."), let n = Int(target.dropFirst(6)), n >= 0 {
                if n < hidden { continue }
                error("freeze.lora.targets[\(index)]", "freeze.lora.targets: '\(target)' is past the last block of this mlp (block.0 … block.\(hidden - 1), one per entry of model.hidden)")
                continue
            }
            let hint = Suggestion.hint(for: target, in: known)
            error("freeze.lora.targets[\(index)]", "freeze.lora.targets: '\(target)' is not a Linear module of this \(architecture.rawValue) (targets: \(architecture.loraTargetSummary ?? ""))\(hint)")
        }
    }

    // MARK: - Weights

    private mutating func pretrained() {
        guard let pretrained = value.at("model.pretrained") else { return }
        let path: String
        var at = "model.pretrained"
        if let text = pretrained.string {
            if text == "none" || ModelConfig.builtinModels.contains(text) { return }
            if text == ModelConfig.imagenet {
                if let architecture = self.text("model.architecture"), ModelConfig.Architecture(rawValue: architecture)?.imagenetAsset == nil {
                    let with = ModelConfig.Architecture.allCases.filter { $0.imagenetAsset != nil }.map(\.rawValue).joined(separator: ", ")
                    error("model.pretrained", "model.pretrained: \(architecture) has no built-in ImageNet weights (\(with) \(with.contains(",") ? "have" : "has")); use none, a path or {experiment: NAME}")
                }
                return
            }
            if !Self.looksLikePath(text) {
                let hint = Suggestion.hint(for: text, in: ["none", ModelConfig.imagenet] + ModelConfig.builtinModels)
                error("model.pretrained", "model.pretrained: '\(text)' is neither none, imagenet, a built-in model (\(ModelConfig.builtinModels.joined(separator: ", "))) nor a path\(hint)")
                return
            }
            path = text
        } else if let text = pretrained["path"]?.string {
            path = text
            at = "model.pretrained.path"
        } else {
            return
        }
        if !FileManager.default.fileExists(atPath: path) {
            error(at, "model.pretrained: no such file or folder '\(path)'")
        }
        if text("model.architecture") == "bert", ModelConfig.builtinModels.contains(path) == false,
           value.at("model.pretrained")?.string == nil, path.hasSuffix(".safetensors") {
            warning("model.pretrained", "model.pretrained: bert weights need their config.json and vocab.txt; name the folder")
        }
    }

    /// A bare word is a name (none, imagenet, a built-in model); a path has a folder or a
    /// weights file's extension.
    static func looksLikePath(_ text: String) -> Bool {
        text.contains("/") || [".safetensors", ".pth", ".pt"].contains { text.hasSuffix($0) }
    }

    private mutating func forgetting() {
        guard let forgetting = value.at("evaluation.forgetting"), !forgetting.isNull else { return }
        if value.at("model.pretrained")?.string == "none" {
            error("evaluation.forgetting", "evaluation.forgetting measures what a pre-trained model forgets, but model.pretrained is none")
        }
        classes(at: "evaluation.forgetting", dataset: forgetting["source"])
    }
}
