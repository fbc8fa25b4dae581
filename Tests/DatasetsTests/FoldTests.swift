import Testing
@testable import Datasets

@Test(arguments: [2, 5, 10])
func stratifiedFoldsCoverEveryExampleOnce(k: Int) throws {
    let data = toyDataset(perClass: digitsShape)
    let labels = data.labels!
    let folds = try data.folds(k: k, seed: 4)
    #expect(folds.count == k)
    #expect(folds.flatMap(\.validation).sorted() == Array(0..<data.count), "each example validates exactly once")
    for fold in folds {
        #expect(Set(fold.train).isDisjoint(with: fold.validation))
        #expect(fold.train.count + fold.validation.count == data.count)
        let counts = histogram(fold.validation, labels: labels, classes: 10)
        for (label, count) in counts.enumerated() {
            let exact = Double(digitsShape[label]) / Double(k)
            #expect(abs(Double(count) - exact) < 1, "class \(label)")
        }
    }
    let sizes = folds.map(\.validation.count)
    #expect(sizes.max()! - sizes.min()! <= 1)
    #expect(try data.folds(k: k, seed: 4) == folds)
    #expect(try data.folds(k: k, seed: 5) != folds)
}

@Test func foldsWithinASubsetAndWithoutStratification() throws {
    let data = toyDataset(perClass: [10, 10])
    let pool = Array(stride(from: 0, to: 20, by: 2))
    let folds = try data.folds(k: 3, stratify: false, seed: 1, within: pool)
    #expect(folds.flatMap(\.validation).sorted() == pool)
    #expect(folds.allSatisfy { ($0.train + $0.validation).sorted() == pool })
}

@Test(arguments: [1, 0, 21])
func invalidFoldCountIsRejected(k: Int) {
    let error = #expect(throws: DatasetError.self) { try toyDataset(perClass: [10, 10]).folds(k: k, seed: 1) }
    #expect(error?.message == "k-fold needs 2 <= k <= 20 examples, got k = \(k)")
}
