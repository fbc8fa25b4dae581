import Foundation
import SafeTensors
import Testing
@testable import Experiment
@testable import Training

/// L2-SP and distillation must have the effect they exist for.
@Suite("Regularization effects on real digits", .enabled(if: TrainingFixture.hasDigits, "digits asset missing: run `make deps`"))
struct RegularizationTests {
    /// Squared distance of the fine-tuned body from the pre-trained one.
    static func drift(_ fixture: TrainingFixture, _ experiment: String, _ id: String, from pretrained: SafeTensorsFile) throws -> Double {
        let saved = try SafeTensorsFile(contentsOf: (fixture.runFolder(experiment, id) as NSString).appendingPathComponent("model.safetensors"))
        var total = 0.0
        for name in saved.names where name.hasSuffix("weight") && !name.hasPrefix("head.") && saved.info(name)?.dtype == .f32 {
            let a = try saved.floats(of: name), b = try pretrained.floats(of: name)
            total += zip(a, b).reduce(0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }
        }
        return total
    }

    @Test func l2SPKeepsTheBodyCloserToThePretrainedWeights() throws {
        let fixture = try TrainingFixture()
        let pretrained = try SafeTensorsFile(contentsOf: (try fixture.pretrain() as NSString).appendingPathComponent("model.safetensors"))
        let plan = try fixture.transfer("l2sp", """
        optimizer: {lr: 0.01, weight_decay: 0}
        output: {save_model: true}
        sweep: {regularization.l2_sp: [0.0, 10.0]}
        """, epochs: 3)
        var drift: [Double] = []
        for spec in plan.runs {
            let result = try fixture.run(spec)
            #expect(result.status == .done, "\(result.error ?? "")")
            drift.append(try Self.drift(fixture, "l2sp", spec.id, from: pretrained))
        }
        #expect(drift[0] > 0)
        #expect(drift[1] < drift[0] * 0.5, "L2-SP drift \(drift[1]) vs none \(drift[0])")
    }

    /// An MLP, because a CNN's forgetting is dominated by its BatchNorm running statistics
    /// drifting to the new data, which no loss term holds back.
    @Test func distillationThroughTheOldHeadReducesForgetting() throws {
        let fixture = try TrainingFixture()
        let pre = try fixture.plan("mlp-pre.yaml", """
        experiment: mlp-pretrain
        data: {source: digits, classes: [0, 1, 2, 3, 4]}
        model: {architecture: mlp, hidden: [64, 32], dropout: 0.0}
        optimizer: {lr: 0.01}
        schedule: {epochs: 8}
        evaluation: {metrics: [accuracy], select: validation.accuracy}
        output: {save_model: true}
        """)
        #expect(try fixture.run(pre.runs[0]).status == .done)
        let plan = try fixture.plan("mlp-lwf.yaml", """
        experiment: mlp-lwf
        data: {source: digits, classes: [5, 6, 7, 8, 9], train_fraction: 0.3}
        model: {architecture: mlp, hidden: [64, 32], dropout: 0.0, pretrained: {experiment: mlp-pretrain}}
        optimizer: {lr: 0.01}
        schedule: {epochs: 6, batch_size: 16}
        evaluation: {metrics: [accuracy], select: validation.accuracy, forgetting: {source: digits, classes: [0, 1, 2, 3, 4]}}
        sweep: {regularization.distillation.weight: [0.0, 0.8]}
        """)
        var drops: [Double] = []
        for spec in plan.runs {
            let result = try fixture.run(spec)
            #expect(result.status == .done, "\(result.error ?? "")")
            drops.append(try #require(result.forgetting).drop)
        }
        #expect(drops[0] > 0.05, "fine-tuning without distillation should forget (drop \(drops[0]))")
        #expect(drops[1] < drops[0] / 2, "forgetting with distillation \(drops[1]) vs without \(drops[0])")
    }
}
