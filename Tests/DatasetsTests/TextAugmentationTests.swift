import Testing
@testable import Datasets

private let sentence = "the quick brown fox jumps over the lazy dog today"
private let words = sentence.split(separator: " ").map(String.init)

/// True when `part`'s words appear in `whole` in the same order.
private func isSubsequence(_ part: [String], of whole: [String]) -> Bool {
    var iterator = whole.makeIterator()
    return part.allSatisfy { word in
        while let next = iterator.next() { if next == word { return true } }
        return false
    }
}

@Test func wordDropoutRemovesWordsButKeepsOrderAndAtLeastOne() {
    var rng = SeededGenerator(seed: 1)
    let texts = Array(repeating: sentence, count: 200)
    let dropped = TextAugmentation.wordDropout(p: 0.3).apply(to: texts, rng: &rng)
    let kept = dropped.map { $0.split(separator: " ").map(String.init) }
    #expect(kept.allSatisfy { isSubsequence($0, of: words) })
    let fraction = Double(kept.map(\.count).reduce(0, +)) / Double(200 * words.count)
    #expect(abs(fraction - 0.7) < 0.05)

    let everything = TextAugmentation.wordDropout(p: 1).apply(to: texts, rng: &rng)
    #expect(everything.allSatisfy { words.contains($0) }, "exactly one word survives")
    #expect(TextAugmentation.wordDropout(p: 0).apply(to: [sentence], rng: &rng) == [sentence])
}

@Test func randomSwapPermutesWords() {
    var rng = SeededGenerator(seed: 2)
    let swapped = TextAugmentation.randomSwap(count: 1).apply(to: "a b c d e f", rng: &rng)
    let result = swapped.split(separator: " ").map(String.init)
    #expect(result.sorted() == ["a", "b", "c", "d", "e", "f"])
    #expect(zip(result, ["a", "b", "c", "d", "e", "f"]).filter { $0 != $1 }.count == 2, "one swap moves two words")
    #expect(TextAugmentation.randomSwap(count: 3).apply(to: "alone", rng: &rng) == "alone")
}

@Test func randomDeletionRemovesExactlyCountWordsButNeverAll() {
    var rng = SeededGenerator(seed: 3)
    let shorter = TextAugmentation.randomDeletion(count: 3).apply(to: sentence, rng: &rng).split(separator: " ").map(String.init)
    #expect(shorter.count == words.count - 3)
    #expect(isSubsequence(shorter, of: words))
    let one = TextAugmentation.randomDeletion(count: 50).apply(to: "a b c", rng: &rng)
    #expect(["a", "b", "c"].contains(one))
}

@Test(arguments: [TextAugmentation.wordDropout(p: 0.4), .randomSwap(count: 2), .randomDeletion(count: 2)])
func textAugmentationIsSeeded(_ augmentation: TextAugmentation) {
    let texts = Array(repeating: sentence, count: 20)
    func run(_ seed: UInt64) -> [String] {
        var rng = SeededGenerator(seed: seed)
        return augmentation.apply(to: texts, rng: &rng)
    }
    #expect(run(1) == run(1))
    #expect(run(1) != run(2))
    #expect(run(1) != texts)
}

@Test func blankTextsAreLeftAlone() {
    var rng = SeededGenerator(seed: 4)
    #expect(TextAugmentation.wordDropout(p: 1).apply(to: ["", "  "], rng: &rng) == ["", "  "])
}

@Test(arguments: [TextAugmentation.wordDropout(p: 2), .randomSwap(count: -1), .randomDeletion(count: -2)])
func invalidTextAugmentationsAreRejected(_ augmentation: TextAugmentation) {
    #expect(throws: DatasetError.self) { try augmentation.validate() }
}
