/// One text augmentation over whitespace-separated words, for training texts only.
/// Augmented texts are re-joined with single spaces.
public enum TextAugmentation: Sendable, Hashable {
    /// Drop each word independently with probability p; if every word would go, one
    /// random word is kept so no text becomes empty.
    case wordDropout(p: Double)
    /// Swap two randomly chosen word positions, `count` times (texts of < 2 words unchanged).
    case randomSwap(count: Int)
    /// Delete exactly `count` randomly chosen words, always keeping at least one — a fixed
    /// amount of damage per text, unlike `wordDropout`'s length-proportional amount.
    case randomDeletion(count: Int)

    public func validate() throws(DatasetError) {
        switch self {
        case .wordDropout(let p) where !(p.isFinite && (0...1).contains(p)):
            throw DatasetError(.invalidArgument, "word dropout p must be in 0...1, got \(p)")
        case .randomSwap(let count) where count < 0:
            throw DatasetError(.invalidArgument, "random swap count must be >= 0, got \(count)")
        case .randomDeletion(let count) where count < 0:
            throw DatasetError(.invalidArgument, "random deletion count must be >= 0, got \(count)")
        default:
            break
        }
    }

    /// Augments each text with draws from `rng` in text order.
    public func apply(to texts: [String], rng: inout SeededGenerator) -> [String] {
        texts.map { apply(to: $0, rng: &rng) }
    }

    public func apply(to text: String, rng: inout SeededGenerator) -> String {
        var words = text.split(whereSeparator: \.isWhitespace)
        guard !words.isEmpty else { return text }
        switch self {
        case .wordDropout(let p):
            let kept = words.filter { _ in !rng.nextBool(probability: p) }
            words = kept.isEmpty ? [words[rng.nextInt(below: words.count)]] : kept
        case .randomSwap(let count):
            guard words.count > 1 else { return text }
            for _ in 0..<count {
                let i = rng.nextInt(below: words.count)
                var j = rng.nextInt(below: words.count - 1)
                if j >= i { j += 1 }  // a distinct second position, so every swap changes order
                words.swapAt(i, j)
            }
        case .randomDeletion(let count):
            for _ in 0..<min(count, words.count - 1) {
                words.remove(at: rng.nextInt(below: words.count))
            }
        }
        return words.joined(separator: " ")
    }
}
