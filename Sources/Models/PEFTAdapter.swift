import AtomicFile
import Foundation
import Torch

/// A LoRA network's updates as a Hugging Face PEFT adapter folder: `adapter_config.json` and
/// `adapter_model.safetensors` with PEFT's key names, which `peft.PeftModel.from_pretrained`
/// loads onto the untouched pre-trained model.
///
/// Keys are `base_model.model.<transformers name>.lora_A.weight` / `.lora_B.weight`. With cls
/// pooling the base is `AutoModelForSequenceClassification` (task `SEQ_CLS`) and the trained
/// head travels in the adapter as PEFT's `modules_to_save` (`base_model.model.classifier.*`).
/// (with RoBERTa's, XLM-R's and ELECTRA's `classifier.dense`, DistilBERT's `pre_classifier`).
/// With mean pooling the base is `AutoModel` (task `FEATURE_EXTRACTION`); the head, which no
/// transformers class holds, is written beside the adapter as `head.safetensors`. A timm ViT's
/// updates keep timm's names (`base_model.model.blocks.0.attn.qkv.lora_A.weight`), its head in
/// `modules_to_save` (`base_model.model.head.*`), for `PeftModel.from_pretrained(timm model, folder)`.
public enum PEFTAdapter {
    public static let configFile = "adapter_config.json"
    public static let weightsFile = "adapter_model.safetensors"
    public static let headFile = "head.safetensors"

    /// Writes the adapter of `network` (which must carry LoRA updates) into `folder`.
    /// - Parameters:
    ///   - baseModel: where the untouched pre-trained model lives (`base_model_name_or_path`).
    ///   - labels: the class names, in output order, for the head's metadata.
    public static func write(_ network: Network, to folder: String, baseModel: String, labels: [String]) throws {
        let linears = network.namedModules().compactMap { entry -> (String, Linear)? in
            guard let linear = entry.module as? Linear, linear.lora != nil else { return nil }
            return (entry.name, linear)
        }
        guard let first = linears.first?.1.lora else { throw ModelError("no LoRA update to write as an adapter") }
        let layout = HFNames.layout(of: network)
        var state: [String: Tensor] = [:]
        var targets: [String] = []
        for (path, linear) in linears {
            guard let lora = linear.lora, let hfPath = HFNames.name(path + ".weight", layout: layout) else { continue }
            let module = String(hfPath.dropLast(".weight".count))
            targets.append(module)
            state["base_model.model.\(module).lora_A.weight"] = try lora.a.weight.detach()
            state["base_model.model.\(module).lora_B.weight"] = try lora.b.weight.detach()
        }
        let head = try network.head.stateDict()
        // The trained head travels in the adapter where the base model has a module for it:
        // transformers' `classifier` (with DistilBERT's `pre_classifier`), timm's `head`.
        var modulesToSave: [String]? = nil
        if case .sequenceClassification(let family) = layout {
            modulesToSave = family == "distilbert" ? ["pre_classifier", "classifier"] : ["classifier"]
            let trained = try LoRATargets.mergedStateDict(network).filter {
                Module.parameterName($0.key, isUnder: headName) || Module.parameterName($0.key, isUnder: "pre_classifier")
            }
            for (name, tensor) in trained { if let hf = HFNames.name(name, layout: layout) { state["base_model.model.\(hf)"] = tensor } }
        } else if network is VisionTransformer {
            modulesToSave = [headName]
            for (name, tensor) in head { state["base_model.model.\(headName).\(name)"] = tensor }
        }
        try AtomicFile.createFolder(folder)
        let file = { (name: String) in (folder as NSString).appendingPathComponent(name) }
        try Checkpoint.write(state: state, to: file(weightsFile), metadata: ["format": "pt"])
        if modulesToSave == nil {
            try Checkpoint.write(state: head, to: file(headFile),
                                 metadata: ["labels": labels.joined(separator: "\n"), "pooling": "mean"])
        }
        let taskType: String? = network is BERT ? (layout == .bare ? "FEATURE_EXTRACTION" : "SEQ_CLS") : nil
        let config: [String: Any] = [
            "peft_type": "LORA",
            "task_type": taskType as Any? ?? NSNull(),
            "base_model_name_or_path": baseModel,
            "r": first.rank,
            "lora_alpha": first.alpha,
            "lora_dropout": first.dropout.p,
            // Full module paths: PEFT matches a list entry equal to a module's name exactly,
            // so no suffix can pick a Linear finetune did not adapt.
            "target_modules": targets,
            "modules_to_save": modulesToSave as Any? ?? NSNull(),
            "bias": "none",
            "fan_in_fan_out": false,
            "inference_mode": true,
            "init_lora_weights": true,
            "use_rslora": false,
            "use_dora": false,
        ]
        let data = try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
        try AtomicFile.write(data, to: file(configFile))
    }
}
