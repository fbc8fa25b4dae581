import Testing
@testable import Experiment
@testable import Training

/// `data.test_per_class` keeps a seeded, stratified sample of the test split: N per class, drawn
/// from the test split alone, the same for the same seed and different for another.
@Test(.enabled(if: TrainingFixture.hasDigits, "digits not fetched: finetune fetch digits"))
func testPerClassSamplesTheTestSplitByClass() throws {
    let fixture = try TrainingFixture()
    let plan = try fixture.plan("sample.yaml", """
        experiment: sample
        repeats: 2
        data: {source: digits, classes: [0, 1, 2], test_per_class: 7}
        model: {architecture: mlp}
        """)
    let full = try PreparedData.prepare(plan.runs[0].typedConfig().data.with { $0.testPerClass = nil }, seed: plan.runs[0].seed,
                                        assetsRoot: TrainingFixture.assetsRoot)
    let sampled = try plan.runs.map { try PreparedData.prepare($0.typedConfig().data, seed: $0.seed, assetsRoot: TrainingFixture.assetsRoot) }
    let again = try PreparedData.prepare(plan.runs[0].typedConfig().data, seed: plan.runs[0].seed, assetsRoot: TrainingFixture.assetsRoot)
    #expect(sampled[0].test.count == 21)
    #expect(Set(sampled[0].test).isSubset(of: Set(full.test)))
    #expect(sampled[0].train == full.train && sampled[0].validation == full.validation)
    let labels = sampled[0].dataset.labels ?? []
    #expect((0..<3).map { c in sampled[0].test.filter { labels[$0] == c }.count } == [7, 7, 7])
    #expect(again.test == sampled[0].test, "the same seed draws the same sample")
    #expect(sampled[1].test != sampled[0].test, "another seed draws another sample")
}

/// A configuration without the key keeps the run ids it had before the key existed.
@Test func testPerClassAtItsDefaultKeepsRunIDs() throws {
    let fixture = try TrainingFixture()
    let without = try fixture.plan("ids.yaml", """
        experiment: ids
        data: {source: digits, classes: [0, 1, 2]}
        model: {architecture: mlp}
        """)
    let config = without.runs[0].config
    let data = try #require(config["data"])
    #expect(RunSpec.id(of: config) == RunSpec.id(of: config.setting(["data"], to: data.removing("test_per_class"))))
    #expect(RunSpec.id(of: config) != RunSpec.id(of: config.setting(["data", "test_per_class"], to: .int(5))))
}

private extension DataConfig {
    func with(_ change: (inout DataConfig) -> Void) -> DataConfig {
        var copy = self
        change(&copy)
        return copy
    }
}
