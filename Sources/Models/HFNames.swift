import Torch

/// finetune's parameter names in the layout Hugging Face transformers uses, for the model
/// class an exported or adapted network corresponds to.
///
/// BERT with cls pooling is `BertForSequenceClassification`: the encoder under `bert.`, the
/// head as `classifier`. BERT with mean pooling is a plain `BertModel` (names unchanged, no
/// pooler) with the head beside it, as sentence-transformers keeps a Dense module beside the
/// encoder. MLP and CNN keep finetune's own names.
public enum HFNames {
    /// Which Hugging Face class the names follow.
    public enum Layout: String, Sendable {
        /// `BertForSequenceClassification`: `bert.*` and `classifier.*`.
        case sequenceClassification
        /// `BertModel` (or any network without a Hugging Face class): names as they are.
        case bare
    }

    public static func layout(of network: Network) -> Layout {
        if let bert = network as? BERT, bert.pooling == .cls { return .sequenceClassification }
        return .bare
    }

    /// The name of `name` under `layout`; nil for the head under `.bare` (it is kept apart).
    public static func name(_ name: String, layout: Layout) -> String? {
        let isHead = Module.parameterName(name, isUnder: headName)
        switch layout {
        case .sequenceClassification:
            return isHead ? "classifier" + name.dropFirst(headName.count) : "bert." + name
        case .bare:
            return isHead ? nil : name
        }
    }
}
