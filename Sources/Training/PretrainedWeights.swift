import Datasets
import Experiment
import Foundation
import Models
import Results
import Torch

/// Where a run's starting weights come from, found and checked before training starts.
struct PretrainedWeights {
    /// How the configuration named them, for results and messages.
    var description: String
    /// The safetensors file.
    var path: String
    /// For `{experiment: NAME}`: the run whose model this is, and its configuration.
    var run: String?
    var sourceConfig: ExperimentConfig?
    var sourceSeed: Int?

    /// - Parameter architecture: the network the weights are for; `imagenet` names its built-in weights.
    static func resolve(_ pretrained: ModelConfig.Pretrained, architecture: ModelConfig.Architecture, layout: ResultsLayout,
                        assetsRoot: String) throws -> PretrainedWeights? {
        switch pretrained {
        case .none:
            return nil
        case .path(let path):
            if path == ModelConfig.imagenet {
                guard let asset = architecture.imagenetAsset.flatMap(Asset.named), let file = asset.weightsFile else {
                    throw TrainingError("model.pretrained: \(architecture.rawValue) has no built-in ImageNet weights")
                }
                let weights = ResultsLayout.join(assetsRoot, file)
                guard FileManager.default.fileExists(atPath: weights) else {
                    throw TrainingError("model.pretrained: \(architecture.rawValue)'s ImageNet weights are not in the asset cache (\(weights) is missing); run `\(asset.fetchCommand)` to download them")
                }
                return PretrainedWeights(description: "imagenet (\(asset.name))", path: weights)
            }
            if ModelConfig.builtinModels.contains(path) {
                let folder = ResultsLayout.join(assetsRoot, "minilm")
                return PretrainedWeights(description: path, path: ResultsLayout.join(folder, "model.safetensors"))
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw TrainingError("model.pretrained: no such file or folder '\(path)'")
            }
            let file = isDirectory.boolValue ? ResultsLayout.join(path, "model.safetensors") : path
            return PretrainedWeights(description: path, path: file)
        case .experiment(let name):
            return try best(of: name, layout: layout)
        }
    }

    /// The best finished run of experiment `name` that saved its model, by its own selection metric.
    static func best(of name: String, layout: ResultsLayout) throws -> PretrainedWeights {
        let runs = layout.runs(name)
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []
        var best: (RunResult, String)?
        for id in ids.sorted() {
            let folder = ResultsLayout.join(runs, id)
            let model = ResultsLayout.join(folder, ResultsLayout.modelFile)
            guard FileManager.default.fileExists(atPath: model),
                  let data = FileManager.default.contents(atPath: ResultsLayout.join(folder, ResultsLayout.resultFile)),
                  let result = try? RunResult.decode(data), result.status == .done,
                  let value = result.selection.value else { continue }
            if let (current, _) = best, let currentValue = current.selection.value {
                let better = result.selection.higherIsBetter ? value > currentValue : value < currentValue
                if !better { continue }
            }
            best = (result, model)
        }
        guard let (result, model) = best else {
            throw TrainingError("model.pretrained names experiment '\(name)', but \(runs) holds no finished run with a saved model (output.save_model: true); run that experiment first")
        }
        return PretrainedWeights(description: "experiment \(name)", path: model, run: result.id,
                                 sourceConfig: try? ExperimentConfig(resolved: result.config), sourceSeed: result.seed)
    }

    struct Loaded {
        var tensors: Int
        /// The pre-trained network with its own head, frozen: the distillation teacher.
        var teacher: Network?
        /// The pre-trained head, for forgetting and distillation on the fine-tuned body.
        var sourceHead: Linear?
    }

    /// Copies the body (and the head, unless it is replaced) into `network`, refusing any
    /// tensor whose name or shape does not fit.
    func load(into network: Network, replaceHead: Bool, data: PreparedData, config: ExperimentConfig,
              text: TextModel? = nil) throws -> Loaded {
        var state = try Checkpoint.read(path)
        // Hugging Face dialects (bert. prefix, gamma/beta, buffers, unused pooler) → BERT's names;
        // torchvision's classifier.1 → head.
        if let named = network as? CheckpointNaming { state = named.normalizedWeights(state) }
        let isHead = { (name: String) in Module.parameterName(name, isUnder: headName) }
        let own = try network.stateDict()
        // Keeping the pre-trained head only works for data with its classes: say so before the
        // shape list below would.
        if !replaceHead, let file = state["head.weight"]?.shape.first, let model = own["head.weight"]?.shape.first, file != model {
            throw TrainingError("model.head.replace: false keeps the head of \(path), which has \(file) outputs, but the data has \(model) \(data.task == .regression ? "target" : "classes"); set model.head.replace: true for a new head sized to the data, or train on data with those \(file) classes")
        }
        var merged: [String: Tensor] = [:]
        var missing: [String] = [], misshapen: [String] = []
        for (name, tensor) in own {
            if isHead(name), replaceHead { merged[name] = tensor; continue }
            guard let loaded = state[name] else { missing.append(name); continue }
            if loaded.shape != tensor.shape {
                misshapen.append("\(name) (file \(loaded.shape), model \(tensor.shape))")
            }
            merged[name] = loaded
        }
        let unexpected = state.keys.filter { !isHead($0) && own[$0] == nil }.sorted()
        if !missing.isEmpty || !unexpected.isEmpty || !misshapen.isEmpty {
            func list(_ names: [String]) -> String {
                names.count <= 12 ? names.joined(separator: ", ") : names.prefix(12).joined(separator: ", ") + " and \(names.count - 12) more"
            }
            var problems: [String] = []
            if !missing.isEmpty { problems.append("missing \(missing.count): \(list(missing.sorted()))") }
            if !unexpected.isEmpty { problems.append("unexpected \(unexpected.count): \(list(unexpected))") }
            if !misshapen.isEmpty { problems.append("wrongly shaped \(misshapen.count): \(list(misshapen.sorted()))") }
            let hint = config.model.architecture.weightNaming.map { "the file must be a \(config.model.architecture.rawValue) state dict with \($0)'s names" }
                ?? "check model.hidden/channels against the pre-trained model"
            throw TrainingError("pre-trained weights \(path) do not fit this \(config.model.architecture.rawValue): \(problems.joined(separator: "; ")); \(hint)")
        }
        do {
            _ = try network.load(stateDict: merged, strict: true)
        } catch {
            throw TrainingError("pre-trained weights \(path) do not fit: \(error)")
        }
        var sourceHead: Linear?
        var teacher: Network?
        if let weight = state["head.weight"], weight.shape.count == 2 {
            let head = try Linear(weight.shape[1], weight.shape[0])
            var headState = ["weight": weight]
            if let bias = state["head.bias"] { headState["bias"] = bias }
            _ = try head.load(stateDict: headState, strict: true)
            _ = try head.setRequiresGrad(false)
            sourceHead = head
            if config.regularization.distillation.weight > 0 {
                let model = try ModelFactory.build(config.model, data: data, outputs: weight.shape[0], text: text)
                _ = try model.load(stateDict: state, strict: true)
                _ = try model.setRequiresGrad(false)
                model.eval()
                teacher = model
            }
        }
        return Loaded(tensors: merged.count - (replaceHead ? own.keys.filter(isHead).count : 0),
                      teacher: teacher, sourceHead: sourceHead)
    }
}
