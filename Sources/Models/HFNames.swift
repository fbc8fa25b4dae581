import Torch

/// finetune's parameter names in the layout Hugging Face transformers uses, for the model
/// class an exported or adapted network corresponds to.
///
/// A BERT-family encoder with cls pooling is its family's `ForSequenceClassification`: the
/// encoder under the family's prefix (`bert.`, `roberta.` for RoBERTa and XLM-R, `electra.`,
/// `distilbert.`), the head as `classifier` (`classifier.out_proj` for RoBERTa, XLM-R and
/// ELECTRA) and `pre_classifier` as `classifier.dense` (RoBERTa, XLM-R, ELECTRA) or itself
/// (DistilBERT). With mean pooling it is the family's plain model (names unchanged, no
/// pooler) with the head beside it, as sentence-transformers keeps a Dense module beside the
/// encoder. MLP and CNN keep finetune's own names.
public enum HFNames {
    /// Which Hugging Face class the names follow.
    public enum Layout: Sendable, Equatable {
        /// `BertForSequenceClassification` and its kin, for `model_type` `family`.
        case sequenceClassification(family: String)
        /// `BertModel` (or any network without a Hugging Face class): names as they are.
        case bare
    }

    public static func layout(of network: Network) -> Layout {
        if let bert = network as? BERT, bert.pooling == .cls { return .sequenceClassification(family: bert.config.modelType) }
        return .bare
    }

    /// The name of `name` under `layout`; nil for the head under `.bare` (it is kept apart).
    public static func name(_ name: String, layout: Layout) -> String? {
        let isHead = Module.parameterName(name, isUnder: headName)
        guard case .sequenceClassification(let family) = layout else { return isHead ? nil : name }
        let classifier = classifierModules(family)
        if isHead { return classifier.head + name.dropFirst(headName.count) }
        if Module.parameterName(name, isUnder: "pre_classifier") { return classifier.dense + name.dropFirst("pre_classifier".count) }
        return prefix(family) + name
    }

    /// The attribute transformers keeps the encoder under in `family`'s classes.
    public static func prefix(_ family: String) -> String {
        ["roberta": "roberta.", "xlm-roberta": "roberta.", "electra": "electra.", "distilbert": "distilbert."][family] ?? "bert."
    }

    /// The module paths of the classifier's last Linear and of the dense layer before it in
    /// `family`'s `ForSequenceClassification` (the modules PEFT's `modules_to_save` names).
    public static func classifierModules(_ family: String) -> (head: String, dense: String) {
        switch family {
        case "roberta", "xlm-roberta", "electra": ("classifier.out_proj", "classifier.dense")
        case "distilbert": ("classifier", "pre_classifier")
        default: ("classifier", "pooler.dense")
        }
    }

    /// transformers' class names for `family`: the plain model and the sequence classifier.
    public static func classNames(_ family: String) -> (model: String, sequenceClassification: String) {
        let stem = ["roberta": "Roberta", "xlm-roberta": "XLMRoberta", "electra": "Electra", "distilbert": "DistilBert"][family] ?? "Bert"
        return (stem + "Model", stem + "ForSequenceClassification")
    }
}
