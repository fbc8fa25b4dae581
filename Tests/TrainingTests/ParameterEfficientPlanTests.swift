import Testing
@testable import Experiment
@testable import Models
@testable import Training

/// LoRA and BitFit as pure decisions: which parameters train, which must come out
/// bit-identical, which modules a target names; no model involved.
@Suite("LoRA and BitFit plans: trained parameters, frozen check, target names")
struct ParameterEfficientPlanTests {
    static let blocks = ["embeddings", "encoder.layer.0", "encoder.layer.1"]

    @Test("which body tensors train, and which the frozen check covers", arguments: [
        (FreezeConfig.Strategy.lora, "encoder.layer.0.attention.self.query.lora_A.weight", true),
        (.lora, "encoder.layer.0.attention.self.query.lora_B.weight", true),
        (.lora, "encoder.layer.0.attention.self.query.weight", false),
        (.lora, "encoder.layer.0.attention.self.query.bias", false),
        (.lora, "embeddings.LayerNorm.weight", false),
        (.bitfit, "encoder.layer.1.intermediate.dense.bias", true),
        (.bitfit, "embeddings.LayerNorm.bias", true),
        (.bitfit, "encoder.layer.1.intermediate.dense.weight", false),
        (.bitfit, "block.0.norm.running_mean", false),
        (.none, "encoder.layer.1.intermediate.dense.weight", true),
    ])
    func trainedParameters(strategy: FreezeConfig.Strategy, name: String, trains: Bool) {
        let plan = FreezePlan(FreezeConfig(strategy: strategy), blocks: Self.blocks)
        #expect(plan.trainsParameter(name) == trains)
        #expect(plan.isFrozenThroughout(name, epochs: 3) == !trains)
    }

    @Test func everyBlockCountsAsTrainableSoNoFeatureCacheAndNoFrozenBlock() {
        for strategy in [FreezeConfig.Strategy.lora, .bitfit] {
            let plan = FreezePlan(FreezeConfig(strategy: strategy), blocks: Self.blocks)
            #expect(plan.trainableBlocks(epoch: 0) == Self.blocks)
            #expect(plan.alwaysFrozen(epochs: 4) == [])
        }
    }

    @Test("target names pick module paths", arguments: [
        ("query", "encoder.layer.3.attention.self.query", true),
        ("query", "encoder.layer.3.attention.self.key", false),
        ("value", "encoder.layer.0.attention.self.value", true),
        ("attention.output", "encoder.layer.0.attention.output.dense", true),
        ("attention.output", "encoder.layer.0.output.dense", false),
        ("output", "encoder.layer.0.output.dense", true),
        ("output", "encoder.layer.0.attention.output.dense", false),
        ("intermediate", "encoder.layer.5.intermediate.dense", true),
        ("intermediate", "pooler.dense", false),
        ("q_lin", "transformer.layer.0.attention.q_lin", true),
        ("out_lin", "transformer.layer.1.attention.out_lin", true),
        ("lin1", "transformer.layer.1.ffn.lin1", true),
        ("lin2", "transformer.layer.1.ffn.lin1", false),
        ("query", "transformer.layer.0.attention.q_lin", false),
        ("lin1", "pre_classifier", false),
        ("linear", "block.0.linear", true),
        ("linear", "block.12.linear", true),
        ("block.1", "block.1.linear", true),
        ("block.1", "block.10.linear", false),
    ])
    func targetNames(target: String, module: String, matches: Bool) {
        #expect(LoRATargets.matches(target, module: module) == matches)
    }
}
