import Foundation
import SafeTensors
import Torch

extension BERT {
    /// A checkpoint's tensors under this model's names.
    ///
    /// Hugging Face checkpoints come in several dialects; this accepts them all:
    /// - a `bert.`, `roberta.`, `electra.` or `distilbert.` prefix (`BertForSequenceClassification`,
    ///   `BertForPreTraining`, `RobertaForMaskedLM`, XLM-R's, `ElectraForPreTraining`,
    ///   `DistilBertForMaskedLM`) is dropped;
    /// - old TensorFlow-era LayerNorm names `gamma`/`beta` become `weight`/`bias`;
    /// - buffers (`embeddings.position_ids`, `embeddings.token_type_ids`) and pre-training
    ///   heads (`cls.*`, `lm_head.*`, `discriminator_predictions.*`, DistilBERT's `vocab_*`) are
    ///   skipped: they are not parameters of this model;
    /// - a `ForSequenceClassification` classifier becomes `head` (`classifier`, `classifier.out_proj`)
    ///   and `pre_classifier` (RoBERTa's and ELECTRA's `classifier.dense`), as this model names them;
    /// - `pooler.*` and `pre_classifier.*` are skipped when pooling does not use them; a cls-pooled
    ///   model whose checkpoint has no `pre_classifier` keeps its own random one, as transformers
    ///   initialises a new classifier.
    /// Everything else is kept, so a name this model does not have is reported, not ignored.
    public func normalizedWeights(_ state: [String: Tensor]) -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for (original, tensor) in state {
            var name = original
            for prefix in ["bert.", "roberta.", "electra.", "distilbert."] where name.hasPrefix(prefix) { name = String(name.dropFirst(prefix.count)) }
            name = Self.ownClassifierName(name)
            if name.hasSuffix(".gamma") { name = String(name.dropLast("gamma".count)) + "weight" }
            if name.hasSuffix(".beta") { name = String(name.dropLast("beta".count)) + "bias" }
            let last = name.split(separator: ".").last.map(String.init) ?? name
            if last == "position_ids" || last == "token_type_ids" { continue }
            if Module.parameterName(name, isUnder: "cls") || Module.parameterName(name, isUnder: "lm_head")
                || Module.parameterName(name, isUnder: "discriminator_predictions")
                || ["vocab_transform", "vocab_layer_norm", "vocab_projector"].contains(where: { Module.parameterName(name, isUnder: $0) }) { continue }
            if pooler == nil, Module.parameterName(name, isUnder: "pooler") { continue }
            if preClassifier == nil, Module.parameterName(name, isUnder: "pre_classifier") { continue }
            result[name] = tensor
        }
        if let preClassifier, !result.keys.contains(where: { Module.parameterName($0, isUnder: "pre_classifier") }) {
            for (name, tensor) in preClassifier.namedParameters() { result["pre_classifier." + name] = tensor }
        }
        return result
    }

    /// transformers' classifier names → this model's: `classifier.out_proj` and a bare
    /// `classifier` are the head, `classifier.dense` is `pre_classifier`.
    static func ownClassifierName(_ name: String) -> String {
        for (theirs, ours) in [("classifier.out_proj", headName), ("classifier.dense", "pre_classifier"), ("classifier", headName)]
        where Module.parameterName(name, isUnder: theirs) {
            return ours + name.dropFirst(theirs.count)
        }
        return name
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
