import Experiment

/// Which body blocks train in each epoch; the head always trains.
///
/// A pure function of the strategy and the epoch, so every strategy's schedule can be
/// tested without a model and recorded in results as it was applied.
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
        }
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
