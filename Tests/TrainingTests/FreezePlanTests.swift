import Testing
@testable import Experiment
@testable import Training

@Suite("Freeze plans: which blocks train in which epoch")
struct FreezePlanTests {
    static let blocks = ["block.0", "block.1", "block.2"]

    static func plan(_ strategy: FreezeConfig.Strategy, layers: Int = 1, every: Double = 2, headEpochs: Int = 2) -> FreezePlan {
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

    static func gradual(every: Double, stepsPerEpoch: Int) -> FreezePlan {
        FreezePlan(FreezeConfig(strategy: .gradual, unfreezeEvery: every), blocks: blocks, stepsPerEpoch: stepsPerEpoch)
    }

    /// (unfreeze_every, steps per epoch, [(epoch, step, blocks thawed)]): a block thaws at the
    /// step where that many epochs have passed; a whole number thaws only at epoch starts.
    @Test("gradual thaws at the step where unfreeze_every epochs have passed", arguments: [
        (0.25, 8, [(0, 0, 0), (0, 1, 0), (0, 2, 1), (0, 5, 2), (0, 7, 3), (1, 0, 3)]),
        (0.1, 30, [(0, 2, 0), (0, 3, 1), (0, 5, 1), (0, 6, 2), (0, 9, 3)]),  // 0.1 × 30 is 3.0000000000000004
        (1.5, 4, [(1, 1, 0), (1, 2, 1), (2, 3, 1), (3, 0, 2)]),
        (2.0, 5, [(1, 4, 0), (2, 0, 1), (3, 4, 1), (4, 0, 2)]),
    ])
    func gradualThawsByStep(every: Double, stepsPerEpoch: Int, expected: [(Int, Int, Int)]) {
        let plan = Self.gradual(every: every, stepsPerEpoch: stepsPerEpoch)
        for (epoch, step, thawed) in expected {
            #expect(plan.trainableBlocks(epoch: epoch, step: step) == Array(Self.blocks.suffix(thawed)),
                    "every \(every), epoch \(epoch) step \(step)")
        }
        #expect(plan.changesWithinEpochs == (every.rounded() != every))
    }

    @Test func aWholeIntervalThawsAtEpochStartsWhateverTheStepsPerEpoch() {
        for stepsPerEpoch in [1, 3, 17] {
            let plan = Self.gradual(every: 2, stepsPerEpoch: stepsPerEpoch)
            for epoch in 0..<8 {
                for step in 0..<stepsPerEpoch {
                    #expect(plan.trainableBlocks(epoch: epoch, step: step) == Self.plan(.gradual).trainableBlocks(epoch: epoch))
                }
            }
        }
    }

    @Test func alwaysFrozenCountsBlocksThawedWithinTheLastEpoch() {
        #expect(Self.gradual(every: 0.25, stepsPerEpoch: 8).alwaysFrozen(epochs: 1) == [])
        // 0.5 of 4 steps is every 2 steps: block.2 thaws at step 2 of epoch 0, block.1 at the
        // start of epoch 1 and block.0 at its step 2.
        #expect(Self.gradual(every: 0.5, stepsPerEpoch: 4).alwaysFrozen(epochs: 1) == ["block.0", "block.1"])
        #expect(Self.gradual(every: 0.5, stepsPerEpoch: 4).alwaysFrozen(epochs: 2) == [])
        #expect(Self.gradual(every: 0.5, stepsPerEpoch: 4).trainableBlocks(epoch: 1, step: 1) == ["block.1", "block.2"])
    }
}
