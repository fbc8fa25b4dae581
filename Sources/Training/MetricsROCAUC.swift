/// Area under the ROC curve, exact, from ranks.
///
/// AUC equals the probability that a random positive scores above a random negative,
/// ties counting one half (the Mann-Whitney U statistic over nPos·nNeg). Computing it
/// from average ranks is exact, needs no thresholds, and is O(n log n).
public enum ROCAUC {
    /// Binary AUC of `scores` for the positives marked in `isPositive`; nil when either
    /// class is empty (the curve is then undefined) or a score is NaN (a diverged model).
    public static func binary(scores: [Double], isPositive: [Bool]) -> Double? {
        precondition(scores.count == isPositive.count, "one score per example")
        let positives = isPositive.filter { $0 }.count
        let negatives = isPositive.count - positives
        guard positives > 0, negatives > 0, !scores.contains(where: \.isNaN) else { return nil }
        // 1. Sort the examples by score (pairs in one array: evaluation computes this for
        //    every class of every split each epoch, and indirect comparisons were slow).
        var ranked = zip(scores, isPositive).map { (score: $0, positive: $1) }
        ranked.sort { $0.score < $1.score }
        // 2. Give each run of equal scores the average of the 1-based ranks it spans,
        //    adding up the ranks of the positives.
        var positiveRankSum = 0.0
        var start = 0
        while start < ranked.count {
            var end = start
            while end + 1 < ranked.count && ranked[end + 1].score == ranked[start].score { end += 1 }
            let averageRank = Double(start + end + 2) / 2
            for i in start...end where ranked[i].positive { positiveRankSum += averageRank }
            start = end + 1
        }
        // 3. U = rank sum of positives minus its minimum; AUC = U / (nPos · nNeg).
        let p = Double(positives), n = Double(negatives)
        return (positiveRankSum - p * (p + 1) / 2) / (p * n)
    }

    /// One-vs-rest AUC per class: class `c` against all others, scored by column `c`.
    ///
    /// A class with no positives or no negatives among `labels` gets nil.
    public static func oneVsRest(probabilities: [[Double]], labels: [Int], classCount: Int) -> [Double?] {
        (0..<classCount).map { c in
            binary(scores: probabilities.map { $0[c] }, isPositive: labels.map { $0 == c })
        }
    }

    /// Macro one-vs-rest AUC: the mean over classes that have both positives and
    /// negatives; nil when no class does.
    ///
    /// With two classes this is the binary AUC of column 1, as scikit-learn computes it.
    public static func macro(probabilities: [[Double]], labels: [Int], classCount: Int) -> Double? {
        if classCount == 2 {
            return binary(scores: probabilities.map { $0[1] }, isPositive: labels.map { $0 == 1 })
        }
        let defined = oneVsRest(probabilities: probabilities, labels: labels, classCount: classCount)
            .compactMap { $0 }
        guard !defined.isEmpty else { return nil }
        return defined.reduce(0, +) / Double(defined.count)
    }
}
