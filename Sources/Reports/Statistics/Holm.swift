/// Holm–Bonferroni: p-values adjusted for the number of comparisons in one family.
///
/// A family of m tests at 5% each calls at least one difference real far more often than 5%
/// of the time when nothing differs (13 tests: about one time in two). Holm's step-down
/// adjustment keeps that family-wise chance at 5% and, unlike plain Bonferroni, loses little
/// power. Like statsmodels' `multipletests(method="holm")`: the i-th smallest p is multiplied
/// by m − i + 1, made non-decreasing in that order, and capped at 1.
public enum Holm {
    /// The adjusted p-values, in the order given; nil entries (no test) stay nil and do not
    /// count toward the family's size.
    public static func adjust(_ pValues: [Double?]) -> [Double?] {
        let tested = pValues.indices.filter { pValues[$0] != nil }
        let order = tested.sorted { pValues[$0]! < pValues[$1]! }
        let m = Double(order.count)
        var adjusted = [Double?](repeating: nil, count: pValues.count)
        var running = 0.0
        for (rank, index) in order.enumerated() {
            running = max(running, min(1, (m - Double(rank)) * pValues[index]!))
            adjusted[index] = running
        }
        return adjusted
    }
}
