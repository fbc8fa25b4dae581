import TextSupport
extension Dataset {
    /// Keeps only the examples of `classes` (by name) and renumbers them 0..<k in the order
    /// given, keeping the names, so a model pre-trained on digits 0-4 can be fine-tuned on
    /// ["5", …, "9"] with a fresh k-way head.
    ///
    /// - Throws: `DatasetError` for regression data, an unknown name (with a suggestion),
    ///   a repeated name, or an empty list.
    public func keepingClasses(_ classes: [String]) throws(DatasetError) -> Dataset {
        guard case .classes(let labels, let names) = targets else {
            throw DatasetError(.invalidArgument, "cannot select classes of \(name): it is a regression dataset")
        }
        guard !classes.isEmpty else {
            throw DatasetError(.invalidArgument, "the list of classes to keep is empty")
        }
        var newIndex = [Int?](repeating: nil, count: names.count)
        for (position, className) in classes.enumerated() {
            guard let old = names.firstIndex(of: className) else {
                throw DatasetError(.unknownName,
                                   "\(name) has no class '\(className)' (classes: \(names.joined(separator: ", ")))",
                                   suggestion: Suggestion.closest(to: className, in: names))
            }
            guard newIndex[old] == nil else {
                throw DatasetError(.invalidArgument, "class '\(className)' is listed more than once")
            }
            newIndex[old] = position
        }
        let kept = labels.indices.filter { newIndex[labels[$0]] != nil }
        let picked = subset(kept)
        let remapped = kept.map { newIndex[labels[$0]]! }
        return Dataset(name: name, features: picked.features, targets: .classes(remapped, names: classes), shippedTest: picked.shippedTest)
    }
}
