/// Turning raw label strings into class indices with a stable, readable order.
enum ClassNaming {
    /// Distinct labels in natural order: by numeric value when every label is a number
    /// (so "2" precedes "10"), otherwise by string.
    static func ordered(_ labels: some Sequence<String>) -> [String] {
        let distinct = Array(Set(labels))
        let numbers = distinct.map(Double.init)
        if numbers.allSatisfy({ $0 != nil }) {
            return zip(distinct, numbers).sorted { ($0.1!, $0.0) < ($1.1!, $1.0) }.map(\.0)
        }
        return distinct.sorted()
    }

    /// Index of each label within the ordered names.
    static func encode(_ labels: [String]) -> (indices: [Int], names: [String]) {
        let names = ordered(labels)
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() { index[name] = position }
        return (labels.map { index[$0]! }, names)
    }
}
