import Testing
@testable import Experiment
@testable import Training

/// k-fold CV as a plan expands it: the test split is the same in every fold, each fold
/// validates on a different part of the rest, and together the folds cover it once.
@Test(.enabled(if: TrainingFixture.hasDigits, "digits not fetched: finetune fetch digits"))
func kFoldRunsShareTheTestSplitAndPartitionTheRest() throws {
    let fixture = try TrainingFixture()
    let plan = try fixture.plan("cv.yaml", """
        experiment: cv
        data: {source: digits, classes: [0, 1, 2], folds: 3}
        model: {architecture: mlp}
        """)
    #expect(plan.runs.count == 3)
    let folds = try plan.runs.map { try PreparedData.prepare($0.typedConfig().data, seed: $0.seed, assetsRoot: TrainingFixture.assetsRoot) }
    #expect(Set(folds.map(\.test)).count == 1, "the test split is the same in every fold")
    let validations = folds.map { Set($0.validation) }
    for (i, a) in validations.enumerated() {
        for b in validations[(i + 1)...] { #expect(a.isDisjoint(with: b)) }
        #expect(a.isDisjoint(with: Set(folds[i].train)))
        #expect(a.isDisjoint(with: Set(folds[i].test)))
    }
    let everything = Set(folds[0].train).union(folds[0].validation)
    #expect(validations.reduce(Set<Int>()) { $0.union($1) } == everything, "the folds cover the non-test data once")
}
