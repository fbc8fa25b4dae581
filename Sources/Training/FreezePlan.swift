import Foundation
import Experiment
import Models
import Torch

/// Which body blocks train at each step; the head always trains.
///
/// A pure function of the strategy, the epoch and the step within it, so every strategy's
/// schedule can be tested without a model and recorded in results as it was applied. Only
/// gradual with a fractional `unfreeze_every` changes within an epoch; everything else changes
/// at epoch boundaries, and `stepsPerEpoch` 1 asks by epoch alone.
///
/// LoRA and BitFit train inside every block: all blocks count as trainable, and
/// ``trainsParameter(_:)`` says which of their parameters do (the rest stay frozen all run).
public struct FreezePlan: Sendable, Equatable {
    public var strategy: FreezeConfig.Strategy
    /// Body blocks from the input side up.
    public var blocks: [String]
    public var layers: Int
    public var unfreezeEvery: Double
    public var headEpochs: Int
    /// Optimizer steps per epoch, which places a fractional gradual thaw.
    public var stepsPerEpoch: Int

    public init(_ config: FreezeConfig, blocks: [String], stepsPerEpoch: Int = 1) {
        strategy = config.strategy
        self.blocks = blocks
        layers = config.layers
        unfreezeEvery = config.unfreezeEvery
        headEpochs = config.headEpochs
        self.stepsPerEpoch = max(1, stepsPerEpoch)
    }

    /// Whether the trainable blocks can change inside an epoch (gradual, fractional interval).
    public var changesWithinEpochs: Bool {
        strategy == .gradual && unfreezeEvery.rounded() != unfreezeEvery
    }

    /// The body blocks that train at step `step` (0-based, within the epoch) of `epoch`
    /// (0-based), bottom first.
    public func trainableBlocks(epoch: Int, step: Int = 0) -> [String] {
        switch strategy {
        case .none:
            return blocks
        case .headOnly:
            return []
        case .bottom:
            return Array(blocks.dropFirst(min(layers, blocks.count)))
        case .gradual:
            // 1. The first k epochs train the head alone; 2. each k epochs thaw one more block,
            // top-down. k in steps: a whole k thaws at epoch starts, as it always has.
            let interval = unfreezeEvery * Double(stepsPerEpoch)
            let done = Double(epoch * stepsPerEpoch + min(step, stepsPerEpoch - 1))
            let thawed = min(Double(blocks.count), Foundation.floor(done / interval + 1e-9))
            return Array(blocks.suffix(Int(thawed)))
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

    /// The body blocks that stay frozen at the start of `epoch`.
    public func frozenBlocks(epoch: Int) -> [String] {
        let trainable = Set(trainableBlocks(epoch: epoch))
        return blocks.filter { !trainable.contains($0) }
    }

    /// Blocks frozen for the whole run: their weights must come out bit-identical. Within an
    /// epoch blocks only thaw, so its last step says what it thawed.
    public func alwaysFrozen(epochs: Int) -> [String] {
        blocks.filter { block in
            (0..<epochs).allSatisfy { !trainableBlocks(epoch: $0, step: stepsPerEpoch - 1).contains(block) }
        }
    }
}
