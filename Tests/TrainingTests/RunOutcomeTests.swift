import Foundation
import Results
import Testing
@testable import Experiment
@testable import Training

@Suite("Run outcomes on real digits", .enabled(if: TrainingFixture.hasDigits, "digits asset missing: run `make deps`"))
struct RunOutcomeTests {
    static let mlp = """
    data: {source: digits, train_fraction: 0.3}
    model: {architecture: mlp, hidden: [32]}
    evaluation: {metrics: [accuracy, macro_f1, roc_auc, log_loss, confusion_matrix], select: validation.macro_f1}
    """

    /// An MLP whose learning rate is large enough that validation loss stops improving quickly,
    /// so early stopping ends it with a best epoch before the last.
    static func stopsEarly(_ experiment: String) -> String {
        """
        experiment: \(experiment)
        \(mlp)
        optimizer: {lr: 0.05}
        schedule: {epochs: 30, decay: constant, early_stopping: {monitor: validation.loss, patience: 2}}
        """
    }

    @Test func aNaNLossEndsTheRunAsDivergedNotACrash() throws {
        let fixture = try TrainingFixture()
        let plan = try fixture.plan("diverge.yaml", """
        experiment: diverge
        \(Self.mlp)
        optimizer: {name: sgd, lr: 1.0e+12, momentum: 0.9}
        schedule: {epochs: 3, decay: constant}
        """)
        let result = try fixture.run(plan.runs[0])
        #expect(result.status == .diverged)
        #expect(result.error?.contains("loss became") == true, "\(result.error ?? "")")
        let folder = fixture.runFolder("diverge", plan.runs[0].id)
        #expect(FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent("result.json")))
    }

    /// `final_splits: [test]` records test and the selection's split (validation), not train;
    /// the metrics it records are the ones a run recording every split gets.
    @Test func finalSplitsChooseTheRecordedSplits() throws {
        let fixture = try TrainingFixture()
        func run(_ name: String, _ splits: String) throws -> RunResult {
            let plan = try fixture.plan("\(name).yaml", """
            experiment: \(name)
            data: {source: digits, train_fraction: 0.3}
            model: {architecture: mlp, hidden: [32]}
            evaluation: {metrics: [accuracy], select: validation.accuracy\(splits)}
            optimizer: {lr: 0.01}
            schedule: {epochs: 2}
            """)
            return try fixture.run(plan.runs[0])
        }
        let all = try run("every-split", "")
        let some = try run("some-splits", ", final_splits: [test]")
        #expect(all.status == .done && some.status == .done)
        #expect(Set(all.metrics.keys) == ["train", "validation", "test"])
        #expect(Set(some.metrics.keys) == ["validation", "test"])
        #expect(some.metrics["test"] == all.metrics["test"] && some.metrics["validation"] == all.metrics["validation"])
    }

    @Test func aRunWritesItsFilesWithMetricsPerSplitAndAHistoryLinePerEpoch() throws {
        let fixture = try TrainingFixture()
        let plan = try fixture.plan("files.yaml", """
        experiment: files
        \(Self.mlp)
        optimizer: {lr: 0.01}
        schedule: {epochs: 3}
        """)
        let spec = plan.runs[0]
        let result = try fixture.run(spec)
        #expect(result.status == .done, "\(result.error ?? "")")
        let folder = fixture.runFolder("files", spec.id)
        let history = try String(contentsOfFile: (folder as NSString).appendingPathComponent("history.jsonl"), encoding: .utf8)
        #expect(history.split(separator: "\n").count == 3)
        let config = try String(contentsOfFile: (folder as NSString).appendingPathComponent("config.yaml"), encoding: .utf8)
        #expect(config.contains("architecture: \"mlp\""))
        let reread = try RunResult.decode(Data(contentsOf: URL(fileURLWithPath: (folder as NSString).appendingPathComponent("result.json"))))
        #expect(reread.id == spec.id)
        for split in ["train", "validation", "test"] {
            let metrics = try #require(reread.metrics[split])
            for name in ["loss", "accuracy", "macro_f1", "roc_auc", "log_loss"] {
                #expect(metrics[name] != nil, "\(split).\(name)")
            }
        }
        #expect(reread.confusionMatrices["test"]?.count == 10)
        #expect(reread.metrics["test"]!["accuracy"]! > 0.5, "an MLP on digits should learn something in 3 epochs")
        #expect(reread.selection.value == reread.metrics["validation"]?["macro_f1"])
        #expect((1...3).contains(reread.bestEpoch))
        #expect(reread.runtime?.torchVersion.hasPrefix("2.15") == true)
        #expect(reread.versions.torch?.hasPrefix("2.15") == true)
    }

    @Test func earlyStoppingStopsAndRestoresTheBestEpoch() throws {
        let fixture = try TrainingFixture()
        let plan = try fixture.plan("early.yaml", Self.stopsEarly("early"))
        let result = try fixture.run(plan.runs[0])
        #expect(result.status == .done)
        #expect(result.stoppedEarly)
        #expect(result.epochsRun < 30)
        let history = try String(contentsOfFile: (fixture.runFolder("early", plan.runs[0].id) as NSString).appendingPathComponent("history.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONDecoder().decode(EpochRecord.self, from: Data($0.utf8)) }
        let best = history.max { ($0.metrics["validation"]?["macro_f1"] ?? 0) < ($1.metrics["validation"]?["macro_f1"] ?? 0) }
        #expect(result.bestEpoch == best?.epoch)
        // The restored weights are the best epoch's: its validation score is reproduced.
        #expect(abs((result.metrics["validation"]?["macro_f1"] ?? 0) - (best?.metrics["validation"]?["macro_f1"] ?? -1)) < 1e-9)
    }

    /// The final metrics reuse the splits the trainer evaluated at the best epoch; evaluating the
    /// network the run ends with again must give the same numbers and confusion matrix.
    @Test func reusedFinalMetricsMatchAFreshEvaluationOfTheRestoredWeights() throws {
        let fixture = try TrainingFixture()
        let plan = try fixture.plan("reuse.yaml", Self.stopsEarly("reuse"))
        let spec = plan.runs[0]
        let runner = Runner(spec: spec, layout: ResultsLayout(root: fixture.results), assetsRoot: TrainingFixture.assetsRoot)
        let (result, history, trained) = runner.train(spec: spec, includeBaselines: false)
        let network = try #require(trained, "\(result.error ?? "")")
        #expect(result.bestEpoch < history.count, "the best epoch should not be the last, so restoring matters")
        let config = try spec.typedConfig()
        let data = try PreparedData.prepare(config.data, seed: spec.seed, assetsRoot: TrainingFixture.assetsRoot)
        let evaluator = Evaluator(batches: try Batches(data: data, steps: config.augmentation, text: nil),
                                  metrics: config.evaluation.metrics)
        let fresh = try evaluator.evaluate(network, data.validation, task: data.task)
        #expect(fresh.metrics == result.metrics["validation"])
        #expect(fresh.confusionMatrix == result.confusionMatrices["validation"])
    }
}
