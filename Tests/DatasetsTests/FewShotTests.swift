import Testing
@testable import Datasets

@Test func perClassTakesNOfEachClassFromTheTrainSplit() throws {
    let data = toyDataset(perClass: [40, 30, 5])
    let train = try data.split(SplitFractions(train: 0.6, validation: 0.2, test: 0.2), seed: 1).train
    let selection = try data.fewShot(.perClass(10), from: train, seed: 1)
    #expect(selection.countsPerClass == [10, 10, 3])
    #expect(selection.availablePerClass == [24, 18, 3])
    #expect(selection.notes == ["class 'c2' has only 3 training examples; using all 3 (asked for 10)"])
    #expect(Set(selection.indices).isSubset(of: train))
    #expect(histogram(selection.indices, labels: data.labels!, classes: 3) == [10, 10, 3])
    #expect(try data.fewShot(.perClass(10), from: train, seed: 1) == selection)
    #expect(try data.fewShot(.perClass(10), from: train, seed: 2) != selection)
}

@Test func smallerBudgetsAreNestedInLargerOnes() throws {
    let data = toyDataset(perClass: [50, 50])
    let all = Array(0..<100)
    let five = try data.fewShot(.perClass(5), from: all, seed: 7)
    let twenty = try data.fewShot(.perClass(20), from: all, seed: 7)
    #expect(Set(five.indices).isSubset(of: twenty.indices))
}

@Test(arguments: [(0.1, [4, 3, 1]), (0.5, [20, 15, 3]), (1.0, [40, 30, 5]), (0.01, [1, 1, 1])])
func trainFractionIsStratifiedWithAtLeastOnePerClass(fraction: Double, expected: [Int]) throws {
    let data = toyDataset(perClass: [40, 30, 5])
    let selection = try data.fewShot(.fraction(fraction), from: Array(0..<75), seed: 3)
    #expect(selection.countsPerClass == expected)
    #expect(selection.indices.count == expected.reduce(0, +))
    #expect(selection.notes.isEmpty)
}

@Test func regressionTakesAFractionOfEverything() throws {
    let data = Dataset(name: "r", features: .dense((0..<10).map(Float.init), shape: [1]), targets: .values((0..<10).map(Double.init)))
    let selection = try data.fewShot(.fraction(0.3), from: Array(0..<10), seed: 1)
    #expect(selection.indices.count == 3)
    let error = #expect(throws: DatasetError.self) { try data.fewShot(.perClass(2), from: Array(0..<10), seed: 1) }
    #expect(error?.message == "per_class needs class labels; r is a regression dataset (use a train fraction)")
}

@Test(arguments: [FewShot.fraction(0), .fraction(1.5), .perClass(0)])
func invalidFewShotRulesAreRejected(rule: FewShot) {
    #expect(throws: DatasetError.self) { try toyDataset(perClass: [3]).fewShot(rule, from: [0, 1, 2], seed: 1) }
}
