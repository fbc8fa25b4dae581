extension Dataset {
    /// A seeded train/validation/test split.
    ///
    /// With `stratify` (classification only) each class is shuffled and divided on its
    /// own, so every split keeps the class proportions (each class's count in a split is
    /// within 1 of its exact share); otherwise — and always for regression — one seeded
    /// shuffle of all examples is cut by the fractions. The same seed gives the same split
    /// on every platform; the random stream is derived from (seed, "split").
    public func split(_ fractions: SplitFractions, stratify: Bool = true, seed: UInt64) throws(DatasetError) -> SplitIndices {
        try fractions.validate()
        var rng = SeededGenerator(seed: seed, purpose: SeedPurpose.split)
        var allocation = Allocation(fractions: fractions.asArray)
        var parts: [[Int]] = [[], [], []]
        for group in subgroups(of: Array(0..<count), stratified: stratify) {
            let shuffled = rng.shuffled(group)
            var start = 0
            for (part, size) in allocation.next(shuffled.count).enumerated() {
                parts[part].append(contentsOf: shuffled[start..<(start + size)])
                start += size
            }
        }
        return SplitIndices(train: parts[0].sorted(), validation: parts[1].sorted(), test: parts[2].sorted())
    }
}
