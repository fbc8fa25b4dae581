import Foundation
import SafeTensors
import Testing
@testable import Experiment
@testable import Training

/// Real tiny LoRA and BitFit runs of an MLP pre-trained on digits 0-4, adapted to 5-9: what
/// trains, what stays bit-identical, what is saved and that a LoRA run's model can be built on.
@Suite("LoRA and BitFit runs on real digits", .enabled(if: TrainingFixture.hasDigits, "digits asset missing: run `make deps`"))
struct LoRARunTests {
    /// An MLP 64 → 32 → 16 → 5 on digits 0-4 that saves its model.
    static func pretrain(_ fixture: TrainingFixture) throws -> String {
        let plan = try fixture.plan("mlp-pre.yaml", """
        experiment: mlp-pretrain
        data: {source: digits, classes: [0, 1, 2, 3, 4]}
        model: {architecture: mlp, hidden: [32, 16]}
        schedule: {epochs: 3, batch_size: 32}
        evaluation: {metrics: [accuracy], select: validation.accuracy}
        output: {save_model: true}
        """)
        let result = try fixture.run(plan.runs[0])
        #expect(result.status == .done, "\(result.error ?? "")")
        return fixture.runFolder("mlp-pretrain", plan.runs[0].id) + "/model.safetensors"
    }

    static func adapt(_ fixture: TrainingFixture) throws -> Plan {
        try fixture.plan("mlp-adapt.yaml", """
        experiment: mlp-adapt
        data: {source: digits, classes: [5, 6, 7, 8, 9], train_fraction: 0.3}
        model: {architecture: mlp, hidden: [32, 16], pretrained: {experiment: mlp-pretrain}, dropout: 0.1}
        freeze: {strategy: lora, lora: {rank: 2, alpha: 4, dropout: 0.1, targets: [linear]}}
        optimizer: {name: adamw, lr: 0.01, layer_decay: 0.8}
        schedule: {epochs: 2, batch_size: 16, warmup: 0, decay: constant}
        evaluation: {metrics: [accuracy], select: validation.accuracy}
        output: {save_model: true}
        sweep: {freeze.strategy: [lora, bitfit]}
        """)
    }

    @Test func loraAndBitFitTrainOnlyTheirParametersAndLeaveTheBaseBitIdentical() throws {
        let fixture = try TrainingFixture()
        let pretrained = try SafeTensorsFile(contentsOf: try Self.pretrain(fixture))
        for spec in try Self.adapt(fixture).runs {
            let result = try fixture.run(spec)
            #expect(result.status == .done, "\(result.error ?? "")")
            #expect(result.featureCache == nil, "\(spec.name): the body runs at every step")
            #expect(result.freeze?.changedTensors == [], "\(spec.name)")
            let saved = try SafeTensorsFile(contentsOf: fixture.runFolder("mlp-adapt", spec.id) + "/model.safetensors")
            #expect(saved.names.sorted() == pretrained.names.sorted(), "the saved model has the plain MLP's tensors")
            if spec.name == "freeze=lora" {
                // A [2, in] + B [out, 2] per hidden Linear, and the head 16·5 + 5.
                #expect(result.parameters?.trainable == (2 * 64 + 32 * 2) + (2 * 32 + 16 * 2) + 85)
                #expect(result.freeze?.checkedTensors == 4, "both hidden Linears' weights and biases")
                #expect(result.lora?.modules == ["block.0.linear", "block.1.linear"])
                #expect(result.learningRates[0]["block.0 (no decay)"] == 0, "the frozen biases' group records rate 0")
                #expect(abs((result.learningRates[0]["block.0"] ?? 0) - 0.0064) < 1e-12, "layer decay applies to the updates")
            } else {
                #expect(result.parameters?.trainable == 32 + 16 + 85, "the hidden biases and the head")
                #expect(result.freeze?.checkedTensors == 2)
                #expect(try saved.bytes(of: "block.0.linear.weight") == pretrained.bytes(of: "block.0.linear.weight"))
                #expect(try saved.bytes(of: "block.0.linear.bias") != pretrained.bytes(of: "block.0.linear.bias"))
                #expect(!FileManager.default.fileExists(atPath: fixture.runFolder("mlp-adapt", spec.id) + "/adapter"))
            }
        }
    }

    @Test func aLoRARunSavesAPEFTAdapterAndTheMergedModelWhichALaterExperimentStartsFrom() throws {
        let fixture = try TrainingFixture()
        let pretrained = try SafeTensorsFile(contentsOf: try Self.pretrain(fixture))
        let spec = try #require(try Self.adapt(fixture).runs.first { $0.name == "freeze=lora" })
        #expect(try fixture.run(spec).status == .done)
        let folder = fixture.runFolder("mlp-adapt", spec.id)
        let adapter = try SafeTensorsFile(contentsOf: folder + "/adapter/adapter_model.safetensors")
        #expect(adapter.names.sorted() == [
            "base_model.model.block.0.linear.lora_A.weight", "base_model.model.block.0.linear.lora_B.weight",
            "base_model.model.block.1.linear.lora_A.weight", "base_model.model.block.1.linear.lora_B.weight",
        ])
        let config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/adapter/adapter_config.json"))) as? [String: Any])
        #expect(config["peft_type"] as? String == "LORA")
        #expect(config["r"] as? Int == 2)
        #expect(config["target_modules"] as? [String] == ["block.0.linear", "block.1.linear"])
        // merged = W + B·A·alpha/r, element by element, from the three files alone.
        let merged = try SafeTensorsFile(contentsOf: folder + "/model.safetensors")
        let w = try pretrained.floats(of: "block.1.linear.weight")
        let a = try adapter.floats(of: "base_model.model.block.1.linear.lora_A.weight")   // [2, 32]
        let b = try adapter.floats(of: "base_model.model.block.1.linear.lora_B.weight")   // [16, 2]
        let mergedWeight = try merged.floats(of: "block.1.linear.weight")
        #expect(b.contains { $0 != 0 }, "B trained away from zero")
        var worst: Float = 0
        for o in 0..<16 {
            for i in 0..<32 {
                let delta = (b[o * 2] * a[i] + b[o * 2 + 1] * a[32 + i]) * 2
                worst = max(worst, abs(mergedWeight[o * 32 + i] - (w[o * 32 + i] + delta)))
            }
        }
        #expect(worst < 1e-6, "max |merged - (W + B·A·s)| = \(worst)")
        // The saved run predicts rows of the training data's 64 pixel columns and exports
        // its weights with a config that says how to rebuild it.
        let saved = try SavedRun(folder: folder)
        let header = (0..<64).map { "p\($0)" }.joined(separator: ",") + ",label"
        let row = (0..<64).map { String($0 % 16) }.joined(separator: ",") + ",5"
        let csv = fixture.directory + "/rows.csv"
        try "\(header)\n\(row)\n\(row)\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let predictions = try saved.predict(file: csv)
        #expect(predictions.count == 2 && predictions[0] == predictions[1])
        #expect(predictions[0].probabilities?.count == 5 && saved.classes == ["5", "6", "7", "8", "9"])
        let export = fixture.directory + "/export"
        try saved.export(to: export)
        let exported = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: export + "/config.json"))) as? [String: Any])
        #expect(exported["architecture"] as? String == "mlp" && exported["hidden"] as? [Int] == [32, 16])
        #expect(exported["input_shape"] as? [Int] == [1, 8, 8] && exported["labels"] as? [String] == saved.classes)
        #expect(try SafeTensorsFile(contentsOf: export + "/model.safetensors").bytes(of: "block.1.linear.weight")
                == merged.bytes(of: "block.1.linear.weight"))
        // model.pretrained: {experiment: mlp-adapt} builds on the merged model.
        let next = try fixture.plan("mlp-next.yaml", """
        experiment: mlp-next
        data: {source: digits, classes: [5, 6, 7, 8, 9], train_fraction: 0.2}
        model: {architecture: mlp, hidden: [32, 16], pretrained: {experiment: mlp-adapt}, head: {replace: false}}
        freeze: {strategy: head-only}
        schedule: {epochs: 1, batch_size: 16}
        evaluation: {metrics: [accuracy], select: validation.accuracy}
        """)
        let result = try fixture.run(next.runs[0])
        #expect(result.status == .done, "\(result.error ?? "")")
        #expect(result.pretrained?.run == spec.id)
    }

    @Test func bitFitOnACNNKeepsBatchNormStatisticsAndWeights() throws {
        let fixture = try TrainingFixture()
        try fixture.pretrain()
        let plan = try fixture.transfer("cnn-bitfit", "freeze: {strategy: bitfit}", epochs: 2)
        let result = try fixture.run(plan.runs[0])
        #expect(result.status == .done, "\(result.error ?? "")")
        #expect(result.freeze?.changedTensors == [])
        #expect((result.freeze?.checkedTensors ?? 0) > 0)
        #expect(result.parameters!.trainable < result.parameters!.total / 10)
    }
}
