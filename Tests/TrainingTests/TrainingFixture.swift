import Datasets
import Foundation
import Results
import Testing
@testable import Experiment
@testable import Training

/// A temporary folder holding experiment files and a results folder, for real tiny runs.
struct TrainingFixture {
    let directory: String
    var results: String { (directory as NSString).appendingPathComponent("results") }

    init() throws {
        directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("finetune-training-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// The repository root, from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The machine-wide asset cache, found as finetune finds it.
    static var assetsRoot: String {
        AssetsRoot.resolve(environment: ProcessInfo.processInfo.environment)
    }

    static var hasDigits: Bool {
        FileManager.default.fileExists(atPath: (assetsRoot as NSString).appendingPathComponent("digits/digits.csv"))
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func plan(_ name: String, _ text: String) throws -> Plan {
        let outcome = Planner.plan(file: try write(name, text))
        guard let plan = outcome.plan else {
            Issue.record("plan failed: \(outcome.diagnostics)")
            throw TrainingError("invalid fixture experiment")
        }
        return plan
    }

    func run(_ spec: RunSpec) throws -> RunResult {
        try Runner(spec: spec, layout: ResultsLayout(root: results), assetsRoot: Self.assetsRoot).run()
    }

    func runFolder(_ experiment: String, _ id: String) -> String {
        ResultsLayout(root: results).run(experiment, id)
    }

    /// A small CNN pre-trained on digits 0-4 that saves its model; returns its run folder.
    @discardableResult
    func pretrain(epochs: Int = 3) throws -> String {
        let plan = try plan("pre.yaml", """
        experiment: tiny-pretrain
        data: {source: digits, classes: [0, 1, 2, 3, 4]}
        model: {architecture: cnn, channels: [8, 16]}
        schedule: {epochs: \(epochs), batch_size: 32}
        evaluation: {metrics: [accuracy], select: validation.accuracy}
        output: {save_model: true}
        """)
        let result = try run(plan.runs[0])
        #expect(result.status == .done, "\(result.error ?? "")")
        return runFolder("tiny-pretrain", plan.runs[0].id)
    }

    /// A transfer experiment on digits 5-9 from `tiny-pretrain`, with extra YAML lines and
    /// `model` entries (e.g. ", dropout: 0.0").
    func transfer(_ name: String, _ extra: String, epochs: Int = 3, decay: String = "cosine",
                  evaluation: String = "{metrics: [accuracy, macro_f1, confusion_matrix], select: validation.accuracy}",
                  model: String = "") throws -> Plan {
        try plan("\(name).yaml", """
        experiment: \(name)
        data: {source: digits, classes: [5, 6, 7, 8, 9], train_fraction: 0.2}
        model: {architecture: cnn, channels: [8, 16], pretrained: {experiment: tiny-pretrain}\(model)}
        schedule: {epochs: \(epochs), batch_size: 16, warmup: 0, decay: \(decay)}
        evaluation: \(evaluation)
        \(extra)
        """)
    }
}
