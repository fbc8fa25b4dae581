import Testing
@testable import Experiment
@testable import Training

@Suite("Freeze plans: which blocks train in which epoch")
struct FreezePlanTests {
    static let blocks = ["block.0", "block.1", "block.2"]

    static func plan(_ strategy: FreezeConfig.Strategy, layers: Int = 1, every: Int = 2, headEpochs: Int = 2) -> FreezePlan {
        FreezePlan(FreezeConfig(strategy: strategy, layers: layers, unfreezeEvery: every, headEpochs: headEpochs), blocks: blocks)
    }

    @Test("trainable blocks per epoch", arguments: [
        (FreezeConfig.Strategy.none, [0: blocks, 5: blocks]),
        (.headOnly, [0: [], 9: []]),
        (.bottom, [0: ["block.1", "block.2"], 9: ["block.1", "block.2"]]),
        (.gradual, [0: [], 1: [], 2: ["block.2"], 3: ["block.2"], 4: ["block.1", "block.2"], 6: blocks, 20: blocks]),
        (.twoStage, [0: [], 1: [], 2: blocks, 7: blocks]),
    ])
    func trainableBlocks(strategy: FreezeConfig.Strategy, expected: [Int: [String]]) {
        let plan = Self.plan(strategy)
        for (epoch, blocks) in expected {
            #expect(plan.trainableBlocks(epoch: epoch) == blocks, "\(strategy) epoch \(epoch)")
        }
    }

    @Test func bottomFreezesAtMostEveryBlock() {
        #expect(Self.plan(.bottom, layers: 9).trainableBlocks(epoch: 0) == [])
        #expect(Self.plan(.bottom, layers: 0).trainableBlocks(epoch: 0) == Self.blocks)
    }

    @Test func alwaysFrozenBlocksAreThoseNeverThawed() {
        #expect(Self.plan(.headOnly).alwaysFrozen(epochs: 5) == Self.blocks)
        #expect(Self.plan(.bottom, layers: 2).alwaysFrozen(epochs: 5) == ["block.0", "block.1"])
        // Gradual, every 2 epochs, 4 epochs: block.2 thaws at epoch 2, block.1 at 4 (never reached).
        #expect(Self.plan(.gradual).alwaysFrozen(epochs: 4) == ["block.0", "block.1"])
        #expect(Self.plan(.none).alwaysFrozen(epochs: 5) == [])
    }
}
