/// One cross-validation fold: train on `train`, evaluate on `validation`.
public struct Fold: Sendable, Hashable {
    public var train: [Int]
    public var validation: [Int]

    public init(train: [Int], validation: [Int]) {
        self.train = train
        self.validation = validation
    }
}

extension Dataset {
    /// Seeded k-fold cross-validation over `indices` (default: all examples).
    ///
    /// Every index is in exactly one fold's validation set. With `stratify` (classification
    /// only), each class is shuffled and dealt round-robin across folds, continuing where
    /// the previous class stopped, so each fold holds ⌊n_c/k⌋ or ⌈n_c/k⌉ of class c and fold
    /// sizes differ by at most one. The stream is derived from (seed, "folds").
    /// - Throws: when k < 2 or k exceeds the number of examples.
    public func folds(k: Int, stratify: Bool = true, seed: UInt64, within indices: [Int]? = nil) throws(DatasetError) -> [Fold] {
        let pool = indices ?? Array(0..<count)
        guard k >= 2, k <= pool.count else {
            throw DatasetError(.invalidArgument, "k-fold needs 2 <= k <= \(pool.count) examples, got k = \(k)")
        }
        var rng = SeededGenerator(seed: seed, purpose: SeedPurpose.folds)
        var assignment = [[Int]](repeating: [], count: k)
        var dealt = 0
        for group in subgroups(of: pool, stratified: stratify) {
            for index in rng.shuffled(group) {
                assignment[dealt % k].append(index)
                dealt += 1
            }
        }
        return (0..<k).map { fold in
            Fold(train: (0..<k).filter { $0 != fold }.flatMap { assignment[$0] }.sorted(),
                 validation: assignment[fold].sorted())
        }
    }

    /// `pool` grouped by class in ascending class order (keeping pool order within a class),
    /// or one group when not stratifying or for regression.
    func subgroups(of pool: [Int], stratified: Bool) -> [[Int]] {
        guard stratified, case .classes(let labels, let names) = targets else { return [pool] }
        var groups = [[Int]](repeating: [], count: names.count)
        for index in pool { groups[labels[index]].append(index) }
        return groups.filter { !$0.isEmpty }
    }
}
