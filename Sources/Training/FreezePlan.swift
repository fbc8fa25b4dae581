import Experiment
import Models
import Torch

/// Which body blocks train in each epoch; the head always trains.
///
/// A pure function of the strategy and the epoch, so every strategy's schedule can be
/// tested without a model and recorded in results as it was applied.
///
/// LoRA and BitFit train inside every block: all blocks count as trainable, and
/// ``trainsParameter(_:)`` says which of their parameters do (the rest stay frozen all run).
public struct FreezePlan: Sendable, Equatable {
    public var strategy: FreezeConfig.Strategy
    /// Body blocks from the input side up.
    public var blocks: [String]
    public var layers: Int
    public var unfreezeEvery: Int
    public var headEpochs: Int

    public init(_ config: FreezeConfig, blocks: [String]) {
        strategy = config.strategy
        self.blocks = blocks
        layers = config.layers
        unfreezeEvery = config.unfreezeEvery
        headEpochs = config.headEpochs
    }

    /// The body blocks that train in `epoch` (0-based), bottom first.
    public func trainableBlocks(epoch: Int) -> [String] {
        switch strategy {
        case .none:
            return blocks
        case .headOnly:
            return []
        case .bottom:
            return Array(blocks.dropFirst(min(layers, blocks.count)))
        case .gradual:
            // 1. Epochs 0..<k train the head alone; 2. each k epochs thaw one more block, top-down.
            let thawed = min(blocks.count, epoch / max(1, unfreezeEvery))
            return Array(blocks.suffix(thawed))
        case .twoStage:
            return epoch < headEpochs ? [] : blocks
        case .lora, .bitfit:
            return blocks
        }
    }

    /// Whether a body parameter inside a trainable block trains: every one for the block
    /// strategies; the low-rank updates (`lora_A`, `lora_B`) for lora; the biases for bitfit.
    public func trainsParameter(_ name: String) -> Bool {
        switch strategy {
        case .lora: return LoRATargets.isUpdateParameter(name)
        case .bitfit: return name.hasSuffix(".bias") || name == "bias"
        default: return true
        }
    }

    /// Whether body parameter `name` lies outside every block: a classifier's dense layer before
    /// the head (RoBERTa's `classifier.dense`, DistilBERT's `pre_classifier`), new in a
    /// fine-tuned model as in transformers, which trains with the head under every strategy.
    public func isOutsideBlocks(_ name: String) -> Bool {
        !blocks.contains { Module.parameterName(name, isUnder: $0) }
    }

    /// Whether body tensor `name` (parameter or buffer) keeps its starting value for a run of
    /// `epochs`: in a block frozen all run, or a parameter LoRA/BitFit never trains. Buffers
    /// under LoRA/BitFit count as frozen: normalisation statistics stay in evaluation mode.
    public func isFrozenThroughout(_ name: String, epochs: Int) -> Bool {
        if strategy.isParameterEfficient { return !trainsParameter(name) }
        return alwaysFrozen(epochs: epochs).contains { Module.parameterName(name, isUnder: $0) }
    }

    /// The body blocks that stay frozen in `epoch`.
    public func frozenBlocks(epoch: Int) -> [String] {
        let trainable = Set(trainableBlocks(epoch: epoch))
        return blocks.filter { !trainable.contains($0) }
    }

    /// Blocks frozen for the whole run: their weights must come out bit-identical.
    public func alwaysFrozen(epochs: Int) -> [String] {
        blocks.filter { block in (0..<epochs).allSatisfy { !trainableBlocks(epoch: $0).contains(block) } }
    }
}
