/// "Did you mean" support: the candidate nearest by edit distance, when near enough to
/// be a typo rather than a different word.
enum Suggestion {
    static func closest(to word: String, in candidates: [String]) -> String? {
        let target = Array(word.lowercased())
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased()))
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let allowed = max(1, min(3, max(best.candidate.count, word.count) / 3))
        return best.distance <= allowed ? best.candidate : nil
    }

    /// Levenshtein distance where swapping two adjacent characters counts as one edit.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var twoBack = [Int](repeating: 0, count: b.count + 1)
        var oneBack = Array(0...b.count)
        var row = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            row[0] = i
            for j in 1...b.count {
                let substitution = oneBack[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                row[j] = min(oneBack[j] + 1, row[j - 1] + 1, substitution)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = min(row[j], twoBack[j - 2] + 1)
                }
            }
            swap(&twoBack, &oneBack)
            swap(&oneBack, &row)
        }
        return oneBack[b.count]
    }
}
