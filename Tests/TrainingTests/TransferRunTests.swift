import Foundation
import SafeTensors
import Testing
@testable import Experiment
@testable import Training

/// Real tiny runs on digits: what each freeze strategy does to the weights and the results.
@Suite("Transfer runs on real digits", .enabled(if: TrainingFixture.hasDigits, "digits asset missing: run `make deps`"))
struct TransferRunTests {
    @Test func headOnlySavesAModelWhoseBodyIsThePretrainedOneByteForByte() throws {
        let fixture = try TrainingFixture()
        let pretrained = try SafeTensorsFile(contentsOf: (try fixture.pretrain() as NSString).appendingPathComponent("model.safetensors"))
        let plan = try fixture.transfer("head-only", """
        freeze: {strategy: head-only}
        output: {save_model: true}
        sweep: {freeze.strategy: [head-only, none]}
        """)
        for spec in plan.runs {
            let result = try fixture.run(spec)
            #expect(result.status == .done, "\(result.error ?? "")")
            let saved = try SafeTensorsFile(contentsOf: (fixture.runFolder("head-only", spec.id) as NSString).appendingPathComponent("model.safetensors"))
            let body = saved.names.filter { !$0.hasPrefix("head.") }
            #expect(body.count == pretrained.names.filter { !$0.hasPrefix("head.") }.count)
            let changed = try body.filter { try saved.bytes(of: $0) != pretrained.bytes(of: $0) }
            if spec.name == "freeze=head-only" {
                #expect(changed.isEmpty, "head-only changed \(changed)")
                #expect(result.freeze?.changedTensors == [])
                #expect(result.freeze?.checkedTensors == body.count)
                #expect(result.forgetting == nil)
                #expect(result.parameters!.trainable == 16 * 5 + 5)
                #expect(result.parameters!.trainablePerEpoch.allSatisfy { $0 == 16 * 5 + 5 })
            } else {
                #expect(changed.contains("block.0.conv.weight"), "full fine-tuning left the body unchanged")
                #expect(result.parameters!.trainable == result.parameters!.total)
            }
        }
    }

    @Test func gradualUnfreezingThawsTopDownAndRecordsEachGroupsLearningRate() throws {
        let fixture = try TrainingFixture()
        try fixture.pretrain()
        let plan = try fixture.transfer("gradual", """
        freeze: {strategy: gradual, unfreeze_every: 1}
        optimizer: {lr: 0.01, layer_decay: 0.5}
        """, epochs: 3, decay: "constant")
        let result = try fixture.run(plan.runs[0])
        #expect(result.status == .done, "\(result.error ?? "")")
        let perEpoch = try #require(result.parameters?.trainablePerEpoch)
        #expect(perEpoch.count == 3)
        #expect(perEpoch[0] < perEpoch[1] && perEpoch[1] < perEpoch[2], "\(perEpoch)")
        let rates = result.learningRates
        // Epoch 1: only the head trains; the frozen blocks' groups report 0.
        #expect(rates[0]["head"] == 0.01)
        #expect(rates[0]["block.1"] == 0 && rates[0]["block.0"] == 0)
        // Epoch 2: block.1 thawed at lr·0.5; epoch 3: block.0 at lr·0.25.
        #expect(rates[1]["block.1"] == 0.005 && rates[1]["block.0"] == 0)
        #expect(rates[2]["block.0"] == 0.0025)
        // Biases and norm weights are grouped apart without weight decay.
        #expect(rates[2]["block.0 (no decay)"] == 0.0025)
    }

    @Test func aFractionalIntervalThawsTheNextBlockWithinTheEpoch() throws {
        let fixture = try TrainingFixture()
        try fixture.pretrain()
        let plan = try fixture.transfer("gradual-steps", "freeze: {strategy: gradual, unfreeze_every: 0.5}", epochs: 1, decay: "constant")
        let result = try fixture.run(plan.runs[0])
        #expect(result.status == .done, "\(result.error ?? "")")
        // Half-way through the one epoch block.1 thaws; block.0 would at the start of a second.
        let freeze = try #require(result.freeze)
        #expect(freeze.frozenBlocks == ["block.0"])
        #expect(freeze.checkedTensors == 6)
        #expect(freeze.changedTensors == [])
        #expect(result.learningRates[0]["block.1"] == 0, "block.1 is frozen at the first step")
        let head = 16 * 5 + 5
        #expect(try #require(result.parameters?.trainablePerEpoch.first) > head, "block.1 trains by the last step")
    }

    @Test func bottomFreezingKeepsTheLowBlocksBitIdenticalAndTheirOptimizerGroupsAtZero() throws {
        let fixture = try TrainingFixture()
        try fixture.pretrain()
        let plan = try fixture.transfer("bottom", "freeze: {strategy: bottom, layers: 1}")
        let result = try fixture.run(plan.runs[0])
        #expect(result.status == .done, "\(result.error ?? "")")
        let freeze = try #require(result.freeze)
        #expect(freeze.frozenBlocks == ["block.0"])
        #expect(freeze.checkedTensors == 6)  // conv weight, bn weight/bias, running mean/var, batches tracked
        #expect(freeze.changedTensors == [])
        #expect(result.learningRates.allSatisfy { $0["block.0"] == 0 && ($0["block.1"] ?? 0) > 0 })
    }

    @Test func forgettingIsZeroWhenTheBodyIsFrozenAndPositiveWhenItTrains() throws {
        let fixture = try TrainingFixture()
        try fixture.pretrain(epochs: 4)
        let plan = try fixture.transfer("forgetting", """
        optimizer: {lr: 0.01}
        sweep: {freeze.strategy: [head-only, none]}
        """, epochs: 4, evaluation: "{metrics: [accuracy], select: validation.accuracy, forgetting: {source: digits, classes: [0, 1, 2, 3, 4]}}")
        var drops: [String: Double] = [:]
        for spec in plan.runs {
            let result = try fixture.run(spec)
            #expect(result.status == .done, "\(result.error ?? "")")
            let forgetting = try #require(result.forgetting)
            #expect(forgetting.split.contains("pre-training run"))
            #expect(forgetting.before > 0.5, "the pre-trained model should know digits 0-4")
            drops[spec.name] = forgetting.drop
        }
        #expect(drops["freeze=head-only"] == 0)
        #expect((drops["freeze=none"] ?? 0) > 0)
    }

    @Test func theScratchBaselineIsTrainedOnceAndSharedByRunsWithTheSameDataAndBudget() throws {
        let fixture = try TrainingFixture()
        try fixture.pretrain()
        let plan = try fixture.transfer("baseline", """
        sweep: {freeze.strategy: [head-only, none]}
        """, epochs: 2, evaluation: "{metrics: [accuracy], select: validation.accuracy, baselines: [scratch]}")
        let first = try fixture.run(plan.runs[0]).baselines["scratch"]
        let second = try fixture.run(plan.runs[1]).baselines["scratch"]
        #expect(first?.reused == false && second?.reused == true)
        #expect(first?.id == second?.id)
        #expect(first?.metrics["test"]?["accuracy"] == second?.metrics["test"]?["accuracy"])
        #expect(first?.status == .done)
    }

    @Test func pretrainedWeightsThatDoNotFitAreRefusedNamingTheTensor() throws {
        let fixture = try TrainingFixture()
        try fixture.pretrain()
        let plan = try fixture.plan("wide.yaml", """
        experiment: wide
        data: {source: digits, classes: [5, 6, 7, 8, 9]}
        model: {architecture: cnn, channels: [8, 32], pretrained: {experiment: tiny-pretrain}}
        schedule: {epochs: 1}
        """)
        let result = try fixture.run(plan.runs[0])
        #expect(result.status == .failed)
        let error = try #require(result.error)
        #expect(error.contains("block.1.conv.weight"), "\(error)")
        #expect(error.contains("[32, 8, 3, 3]") && error.contains("[16, 8, 3, 3]"), "\(error)")
    }

    @Test func aMissingPretrainedExperimentFailsTheRunWithWhatToDo() throws {
        let fixture = try TrainingFixture()
        let plan = try fixture.transfer("orphan", "")
        let result = try fixture.run(plan.runs[0])
        #expect(result.status == .failed)
        #expect(result.error?.contains("tiny-pretrain") == true)
        #expect(result.error?.contains("run that experiment first") == true)
        #expect(FileManager.default.fileExists(atPath: (fixture.runFolder("orphan", plan.runs[0].id) as NSString).appendingPathComponent("result.json")))
    }
}
