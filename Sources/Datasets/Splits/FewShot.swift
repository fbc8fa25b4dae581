/// How much of the training split to keep: the data-scarcity axis of an experiment.
public enum FewShot: Sendable, Hashable {
    /// This share of each class (0 < f <= 1), rounded, but at least one example per class.
    case fraction(Double)
    /// This many examples per class, or all of a class's examples when it has fewer.
    case perClass(Int)
}

/// The chosen training examples and what was actually obtained per class, so reports can
/// say "asked for 50 per class, class '8' had only 37".
public struct FewShotSelection: Sendable, Hashable {
    /// Chosen example indices, ascending.
    public var indices: [Int]
    /// Examples kept per class (index = class); for regression a single entry.
    public var countsPerClass: [Int]
    /// Examples available per class in the pool.
    public var availablePerClass: [Int]
    /// Human-readable notes about classes that could not supply the requested count.
    public var notes: [String]
}

extension Dataset {
    /// A seeded few-shot subset of `trainIndices` (usually the train split), stratified by
    /// class for classification. The stream is derived from (seed, "few-shot"); for a given
    /// seed, a smaller `perClass` picks a subset of what a larger one picks, so learning
    /// curves compare nested training sets.
    /// - Throws: for a fraction outside (0, 1], a non-positive count, or `perClass` on
    ///   regression data.
    public func fewShot(_ rule: FewShot, from trainIndices: [Int], seed: UInt64) throws(DatasetError) -> FewShotSelection {
        switch rule {
        case .fraction(let fraction):
            guard fraction > 0, fraction <= 1 else {
                throw DatasetError(.invalidArgument, "train fraction must be in (0, 1], got \(fraction)")
            }
        case .perClass(let n):
            guard n > 0 else { throw DatasetError(.invalidArgument, "per-class count must be positive, got \(n)") }
            guard classNames != nil else {
                throw DatasetError(.invalidArgument, "per_class needs class labels; \(name) is a regression dataset (use a train fraction)")
            }
        }
        var rng = SeededGenerator(seed: seed, purpose: SeedPurpose.fewShot)
        let classCount = classNames?.count ?? 1
        var groups = [[Int]](repeating: [], count: classCount)
        if let labels {
            for index in trainIndices { groups[labels[index]].append(index) }
        } else {
            groups[0] = trainIndices
        }
        var chosen: [Int] = []
        var counts = [Int](repeating: 0, count: classCount)
        var notes: [String] = []
        for (label, group) in groups.enumerated() where !group.isEmpty {
            let wanted: Int
            switch rule {
            case .fraction(let fraction):
                wanted = max(1, Int((Double(group.count) * fraction).rounded()))
            case .perClass(let n):
                wanted = n
                if group.count < n {
                    notes.append("class '\(classNames![label])' has only \(group.count) training examples; using all \(group.count) (asked for \(n))")
                }
            }
            let take = min(wanted, group.count)
            chosen.append(contentsOf: rng.shuffled(group).prefix(take))
            counts[label] = take
        }
        return FewShotSelection(indices: chosen.sorted(), countsPerClass: counts,
                                availablePerClass: groups.map(\.count), notes: notes)
    }
}
