import Testing
@testable import Datasets

/// The digits class sizes, so split properties are tested on a realistic shape without assets.
let digitsShape = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
let sixtyTwentyTwenty = SplitFractions(train: 0.6, validation: 0.2, test: 0.2)

@Test func splitIsAPartitionAndDeterministic() throws {
    let data = toyDataset(perClass: digitsShape)
    let split = try data.split(sixtyTwentyTwenty, seed: 1)
    let all = split.train + split.validation + split.test
    #expect(all.sorted() == Array(0..<data.count), "every example in exactly one split")
    #expect(try data.split(sixtyTwentyTwenty, seed: 1) == split)
    #expect(try data.split(sixtyTwentyTwenty, seed: 2) != split)
    #expect(split.train == split.train.sorted())
}

@Test(arguments: [1, 2, 3, 4, 5])
func stratifiedSplitKeepsClassProportions(seed: UInt64) throws {
    let data = toyDataset(perClass: digitsShape + [1, 2, 7])
    let labels = data.labels!
    let split = try data.split(sixtyTwentyTwenty, seed: seed)
    for (part, fraction) in [(split.train, 0.6), (split.validation, 0.2), (split.test, 0.2)] {
        let counts = histogram(part, labels: labels, classes: labels.max()! + 1)
        for (label, count) in counts.enumerated() {
            let exact = Double(data.classCounts![label]) * fraction
            #expect(abs(Double(count) - exact) < 1, "class \(label): \(count) vs \(exact)")
        }
        #expect(abs(Double(part.count) - Double(data.count) * fraction) <= 1, "total \(part.count)")
    }
}

@Test func unstratifiedAndRegressionSplitsCutOneShuffle() throws {
    let data = toyDataset(perClass: [90, 10])
    let split = try data.split(SplitFractions(train: 0.7, validation: 0.1, test: 0.2), stratify: false, seed: 3)
    #expect([split.train.count, split.validation.count, split.test.count] == [70, 10, 20])
    #expect((split.train + split.validation + split.test).sorted() == Array(0..<100))

    let regression = Dataset(name: "r", features: .text((0..<10).map(String.init)), targets: .values((0..<10).map(Double.init)))
    let cut = try regression.split(SplitFractions(train: 0.5, validation: 0.25, test: 0.25), seed: 3)
    #expect(cut.train.count == 5)
    #expect(cut.validation.count + cut.test.count == 5)
    #expect((cut.train + cut.validation + cut.test).sorted() == Array(0..<10))
}

@Test func emptySharesStayEmpty() throws {
    let split = try toyDataset(perClass: [5, 3, 1]).split(SplitFractions(train: 0.8, validation: 0.2, test: 0), seed: 9)
    #expect(split.test.isEmpty)
    #expect(split.train.count + split.validation.count == 9)
}

@Test(arguments: [
    (SplitFractions(train: 0.6, validation: 0.2, test: 0.1), "split fractions must sum to 1, got 0.9"),
    (SplitFractions(train: 1.2, validation: -0.2, test: 0), "split fractions must be non-negative, got train 1.2, validation -0.2, test 0.0"),
    (SplitFractions(train: 0, validation: 0.5, test: 0.5), "the train fraction must be positive"),
])
func invalidFractionsAreRejected(fractions: SplitFractions, message: String) {
    let error = #expect(throws: DatasetError.self) { try toyDataset(perClass: [4]).split(fractions, seed: 1) }
    #expect(error?.message == message)
}
