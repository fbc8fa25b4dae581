import Foundation
import SafeTensors
import Torch

extension BERT {
    /// A checkpoint's tensors under this model's names.
    ///
    /// Hugging Face checkpoints come in several dialects; this accepts them all:
    /// - a `bert.`, `roberta.` or `electra.` prefix (`BertForSequenceClassification`,
    ///   `BertForPreTraining`, `RobertaForMaskedLM`, XLM-R's, `ElectraForPreTraining`) is dropped;
    /// - old TensorFlow-era LayerNorm names `gamma`/`beta` become `weight`/`bias`;
    /// - buffers (`embeddings.position_ids`, `embeddings.token_type_ids`) and pre-training
    ///   heads (`cls.*`, `lm_head.*`, `discriminator_predictions.*`) are skipped: they are not parameters of this model;
    /// - `pooler.*` is skipped when mean pooling does not use it.
    /// Everything else is kept, so a name this model does not have is reported, not ignored.
    public func normalizedWeights(_ state: [String: Tensor]) -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for (original, tensor) in state {
            var name = original
            for prefix in ["bert.", "roberta.", "electra."] where name.hasPrefix(prefix) { name = String(name.dropFirst(prefix.count)) }
            if name.hasSuffix(".gamma") { name = String(name.dropLast("gamma".count)) + "weight" }
            if name.hasSuffix(".beta") { name = String(name.dropLast("beta".count)) + "bias" }
            let last = name.split(separator: ".").last.map(String.init) ?? name
            if last == "position_ids" || last == "token_type_ids" { continue }
            if Module.parameterName(name, isUnder: "cls") || Module.parameterName(name, isUnder: "lm_head")
                || Module.parameterName(name, isUnder: "discriminator_predictions") { continue }
            if pooler == nil, Module.parameterName(name, isUnder: "pooler") { continue }
            result[name] = tensor
        }
        return result
    }

    /// Loads a safetensors checkpoint into the body (and the head when `includeHead`),
    /// after ``normalizedWeights(_:)``.
    ///
    /// Nothing is copied unless every tensor fits: a missing or unexpected name, or a shape
    /// that differs from what config.json builds, is refused with a message naming each
    /// tensor and both shapes.
    /// - Returns: how many tensors were copied.
    @discardableResult
    public func loadWeights(from path: String, includeHead: Bool = false) throws -> Int {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ModelError("no weights file at \(path)")
        }
        let raw: [String: Tensor]
        do {
            raw = try Checkpoint.read(path)
        } catch let error as SafeTensorsError {
            throw ModelError("\(error)")  // already `path: what is wrong`
        } catch {
            throw ModelError("cannot read weights \(path): \(error)")
        }
        let isHead = { (name: String) in Module.parameterName(name, isUnder: headName) }
        let state = normalizedWeights(raw).filter { includeHead || !isHead($0.key) }
        let own = (namedParameters() + namedBuffers()).filter { includeHead || !isHead($0.name) }
        let ownNames = Set(own.map(\.name))

        var problems: [String] = []
        var pairs: [(target: Tensor, source: Tensor)] = []
        for (name, tensor) in own {
            guard let source = state[name] else {
                problems.append("missing \(name) (the model expects \(tensor.shape))")
                continue
            }
            if source.shape != tensor.shape {
                problems.append("\(name): the file has \(source.shape), the model (config.json) expects \(tensor.shape)")
            } else {
                pairs.append((tensor, source))
            }
        }
        for name in state.keys.sorted() where !ownNames.contains(name) {
            problems.append("unexpected \(name) \(state[name]!.shape) (this BERT has no such tensor)")
        }
        if !problems.isEmpty {
            let shown = problems.prefix(12).joined(separator: "\n  ")
            let more = problems.count > 12 ? "\n  … and \(problems.count - 12) more" : ""
            throw ModelError("weights \(path) do not fit this BERT (\(config.numHiddenLayers) layers, hidden \(config.hiddenSize)):\n  \(shown)\(more)")
        }
        try Torch.withNoGrad {
            for (target, source) in pairs { try target.copy(from: source) }
        }
        return pairs.count
    }
}
