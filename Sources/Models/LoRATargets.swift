import Torch

/// Which Linear modules of a network a LoRA target name picks, and the network's weights with
/// the updates merged in.
///
/// Target names are module names, as `freeze.lora.targets` writes them: for BERT `query`,
/// `key`, `value` (`attention.self.*`), `attention.output` (its `dense`), `intermediate` (its
/// `dense`) and `output` (the layer's closing `output.dense`), in every encoder layer; for
/// DistilBERT PEFT's names `q_lin`, `k_lin`, `v_lin`, `out_lin` (`attention.*`), `lin1`, `lin2`
/// (`ffn.*`); for a ViT
/// `qkv`, `proj` (`attn.*`), `fc1`, `fc2` (`mlp.*`) in every block; for an MLP `linear` (every
/// hidden block) or `block.N`. The head never gets an update: it trains in full.
public enum LoRATargets {
    /// The dotted module paths of the Linears `target` names in `network`, in model order.
    public static func modules(_ target: String, in network: Network) -> [String] {
        let linears = network.namedModules().filter { $0.module is Linear && !Module.parameterName($0.name, isUnder: headName) }
            .map(\.name)
        return linears.filter { matches(target, module: $0) }
    }

    /// Whether module path `name` is what `target` names (a pure rule, tested without a model).
    public static func matches(_ target: String, module name: String) -> Bool {
        let parts = name.split(separator: ".").map(String.init)
        switch target {
        case "query", "key", "value":
            return name.hasSuffix(".attention.self." + target)
        case "attention.output":
            return name.hasSuffix(".attention.output.dense")
        case "intermediate":
            return name.hasSuffix(".intermediate.dense")
        case "output":
            // encoder.layer.N.output.dense, not encoder.layer.N.attention.output.dense
            return parts.count >= 4 && parts.suffix(2) == ["output", "dense"] && parts[parts.count - 3] != "attention"
        case "q_lin", "k_lin", "v_lin", "out_lin":
            return name.hasSuffix(".attention." + target)
        case "lin1", "lin2":
            return name.hasSuffix(".ffn." + target)
        case "qkv", "proj":
            return name.hasSuffix(".attn." + target)
        case "fc1", "fc2":
            return name.hasSuffix(".mlp." + target)
        case "linear":
            return parts.count == 3 && parts[0] == "block" && parts[2] == "linear"
        default:
            return name == target + ".linear" || name == target
        }
    }

    /// The target names with a rule of their own, for the message that lists a network's targets.
    static let namedTargets = ["query", "key", "value", "attention.output", "intermediate", "output",
                               "q_lin", "k_lin", "v_lin", "out_lin", "lin1", "lin2", "qkv", "proj", "fc1", "fc2", "linear"]

    /// Attaches an update to every Linear the targets name; returns their paths. Refuses a
    /// target that names no Linear, so a misspelling cannot silently train the head alone.
    @discardableResult
    public static func attach(to network: Network, targets: [String], rank: Int, alpha: Double, dropout: Double) throws -> [String] {
        let modules = Dictionary(uniqueKeysWithValues: network.namedModules().map { ($0.name, $0.module) })
        var chosen: [String] = []
        for target in targets {
            let found = Self.modules(target, in: network)
            guard !found.isEmpty else {
                let own = namedTargets.filter { !Self.modules($0, in: network).isEmpty }
                let family = (network as? BERT).map { " (a \($0.config.modelType) encoder)" } ?? ""
                let list = own.isEmpty ? "" : "; its targets: \(own.joined(separator: ", "))"
                throw ModelError("freeze.lora.targets: '\(target)' names no Linear module of this network\(family)\(list)")
            }
            chosen += found.filter { !chosen.contains($0) }
        }
        let ordered = network.namedModules().map(\.name).filter { chosen.contains($0) }
        for path in ordered {
            try (modules[path] as? Linear)?.attachLoRA(rank: rank, alpha: alpha, dropout: dropout)
        }
        return ordered
    }

    /// Whether a parameter belongs to a LoRA update (`….lora_A.weight`, `….lora_B.weight`).
    public static func isUpdateParameter(_ name: String) -> Bool {
        name.contains(".lora_A.") || name.contains(".lora_B.") || name.hasPrefix("lora_A.") || name.hasPrefix("lora_B.")
    }

    /// Parameters and buffers as a network without LoRA has them: every update merged into its
    /// weight (`W + B·A·alpha/rank`) and the `lora_*` tensors left out. What a saved or
    /// exported model holds, so it loads wherever the plain architecture does.
    public static func mergedStateDict(_ network: Module) throws -> [String: Tensor] {
        var state = try network.stateDict().filter { !isUpdateParameter($0.key) }
        for (path, module) in network.namedModules() {
            guard let linear = module as? Linear, linear.lora != nil else { continue }
            state[path.isEmpty ? "weight" : path + ".weight"] = try linear.mergedWeight()
        }
        return state
    }

    /// The updates alone, by parameter name (`….lora_A.weight`, `….lora_B.weight`).
    public static func updateStateDict(_ network: Module) throws -> [String: Tensor] {
        try network.stateDict().filter { isUpdateParameter($0.key) }
    }
}
