import Foundation
import Testing
@testable import Experiment
@testable import Training

/// User CSV files (real digits rows written as CSV), regression, and k-fold validation.
@Suite("User data runs", .enabled(if: TrainingFixture.hasDigits, "digits asset missing: run `make deps`"))
struct UserDataRunTests {
    /// The first `rows` digits as CSV with pixel columns p0..p63 and the digit in `label`.
    static func digitsCSV(rows: Int) throws -> String {
        let source = try String(contentsOfFile: (TrainingFixture.assetsRoot as NSString).appendingPathComponent("digits/digits.csv"), encoding: .utf8)
        let header = ((0..<64).map { "p\($0)" } + ["label"]).joined(separator: ",")
        return ([header] + source.split(separator: "\n").prefix(rows).map(String.init)).joined(separator: "\n") + "\n"
    }

    @Test func aRegressionMLPOnACSVFileLearnsTheDigitValue() throws {
        let fixture = try TrainingFixture()
        _ = try fixture.write("digits.csv", try Self.digitsCSV(rows: 600))
        let plan = try fixture.plan("regress.yaml", """
        experiment: regress
        data: {source: {csv: digits.csv, label: label}, task: regression}
        model: {architecture: mlp, hidden: [32]}
        optimizer: {lr: 0.01}
        schedule: {epochs: 15, batch_size: 32}
        evaluation: {metrics: [mse, mae, rmse, r2], select: validation.r2}
        """)
        let result = try fixture.run(plan.runs[0])
        #expect(result.status == .done, "\(result.error ?? "")")
        let test = try #require(result.metrics["test"])
        #expect((test["r2"] ?? 0) > 0.3, "R² \(test["r2"] ?? .nan)")
        #expect(abs((test["rmse"] ?? 0) - (test["mse"] ?? 0).squareRoot()) < 1e-9)
        #expect(result.data?.classes == nil)
    }

    @Test func kFoldRunsValidateOnDisjointFolds() throws {
        let fixture = try TrainingFixture()
        _ = try fixture.write("digits.csv", try Self.digitsCSV(rows: 300))
        let plan = try fixture.plan("folds.yaml", """
        experiment: folds
        data: {source: {csv: digits.csv, label: label}, folds: 3, split: {train: 0.7, validation: 0.1, test: 0.2}}
        model: {architecture: mlp, hidden: [16]}
        schedule: {epochs: 1}
        sweep: {data.fold: [0, 1, 2]}
        """)
        #expect(plan.runs.count == 3)
        var validationSizes: [Int] = []
        var trainSizes: [Int] = []
        for spec in plan.runs {
            let result = try fixture.run(spec)
            #expect(result.status == .done, "\(result.error ?? "")")
            validationSizes.append(result.data?.validation ?? 0)
            trainSizes.append(result.data?.train ?? 0)
            #expect(result.data?.test == 60)
        }
        // 240 examples outside the test split, in three folds of 80.
        #expect(validationSizes == [80, 80, 80])
        #expect(trainSizes == [160, 160, 160])
    }
}
