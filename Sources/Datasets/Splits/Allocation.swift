/// Dividing group sizes among shares so each group is split as evenly as integers allow
/// and the totals over all groups stay close to the requested shares too.
struct Allocation {
    let fractions: [Double]
    /// What each share has received so far, over all groups.
    private(set) var allocated: [Int]
    /// Total items over all groups so far.
    private(set) var seen = 0

    init(fractions: [Double]) {
        self.fractions = fractions
        self.allocated = [Int](repeating: 0, count: fractions.count)
    }

    /// Counts for a group of `size` items, summing to `size`. Each share gets
    /// ⌊size·f⌋ or one more; the leftover items go to the shares whose running total is
    /// furthest below their fair share, so rounding does not always favour the same split.
    mutating func next(_ size: Int) -> [Int] {
        let exact = fractions.map { Double(size) * $0 }
        var counts = exact.map { Int($0.rounded(.down)) }
        seen += size
        var leftover = size - counts.reduce(0, +)
        let candidates = fractions.indices
            .filter { exact[$0] > Double(counts[$0]) }
            .sorted { a, b in
                let deficitA = fractions[a] * Double(seen) - Double(allocated[a] + counts[a])
                let deficitB = fractions[b] * Double(seen) - Double(allocated[b] + counts[b])
                return deficitA != deficitB ? deficitA > deficitB : a < b
            }
        for share in candidates where leftover > 0 {
            counts[share] += 1
            leftover -= 1
        }
        // Only reachable through floating-point error in the fractions: give the rest to
        // the first positive share.
        if leftover != 0, let first = fractions.firstIndex(where: { $0 > 0 }) { counts[first] += leftover }
        for share in counts.indices { allocated[share] += counts[share] }
        return counts
    }
}
