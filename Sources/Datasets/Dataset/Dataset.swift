/// Examples and their targets, in memory, with just enough typing to keep images, tables
/// and texts apart and to know whether the task is classification or regression.
///
/// Indices into a dataset are the currency of splits, folds, few-shot subsets and batches:
/// they are computed once and the data is gathered with `subset(_:)` only when needed.
public struct Dataset: Sendable, Equatable {
    /// Inputs: dense numbers with a per-example shape, or raw texts for a tokenizer.
    public enum Features: Sendable, Equatable {
        /// All examples' values back to back; each example has `shape.reduce(1, *)` values
        /// (e.g. [1, 8, 8] for a digit image, [d] for a table row).
        case dense([Float], shape: [Int])
        case text([String])
        /// Photos as uint8 at their working size, cropped and normalised per batch.
        case images(ImageSet)
    }

    /// What to predict: class indices into `names`, or real values.
    public enum Targets: Sendable, Equatable {
        case classes([Int], names: [String])
        case values([Double])

        public var count: Int {
            switch self {
            case .classes(let labels, _): labels.count
            case .values(let values): values.count
            }
        }
    }

    /// A short label for reports and messages (e.g. "digits", "vader-movies", a file name).
    public var name: String
    public var features: Features
    public var targets: Targets
    /// Which examples belong to the test set the dataset ships with (fashion-mnist's 10,000);
    /// nil when it ships none and the test split is drawn like the others.
    public var shippedTest: [Bool]?

    /// - Precondition: the feature count matches the target count, dense values fill whole
    ///   examples, and class indices are within `names`. Loaders guarantee this; a mismatch
    ///   is a programming error, not bad input.
    public init(name: String, features: Features, targets: Targets, shippedTest: [Bool]? = nil) {
        self.name = name
        self.features = features
        self.targets = targets
        self.shippedTest = shippedTest
        let exampleCount: Int
        switch features {
        case .dense(let values, let shape):
            let size = shape.reduce(1, *)
            precondition(shape.allSatisfy { $0 > 0 }, "dense shape \(shape) must have positive dimensions")
            precondition(values.count % size == 0, "\(values.count) values do not fill examples of shape \(shape)")
            exampleCount = values.count / size
        case .text(let texts):
            exampleCount = texts.count
        case .images(let set):
            exampleCount = set.count
        }
        precondition(shippedTest.map { $0.count == exampleCount } ?? true, "shippedTest must mark every example")
        precondition(exampleCount == targets.count, "\(exampleCount) examples but \(targets.count) targets")
        if case .classes(let labels, let names) = targets {
            precondition(labels.allSatisfy { (0..<names.count).contains($0) }, "class index outside 0..<\(names.count)")
        }
    }

    /// Number of examples.
    public var count: Int { targets.count }

    /// The per-example shape of dense features; nil for text.
    public var exampleShape: [Int]? {
        switch features {
        case .dense(_, let shape): shape
        case .images(let set): set.exampleShape
        case .text: nil
        }
    }

    /// Class names for classification; nil for regression.
    public var classNames: [String]? {
        if case .classes(_, let names) = targets { return names }
        return nil
    }

    /// Class index per example for classification; nil for regression.
    public var labels: [Int]? {
        if case .classes(let labels, _) = targets { return labels }
        return nil
    }

    /// Number of examples per class (index = class), for reports and stratification checks.
    public var classCounts: [Int]? {
        guard case .classes(let labels, let names) = targets else { return nil }
        var counts = [Int](repeating: 0, count: names.count)
        for label in labels { counts[label] += 1 }
        return counts
    }

    /// The examples at `indices`, in that order (repeats allowed).
    public func subset(_ indices: [Int]) -> Dataset {
        let newFeatures: Features
        switch features {
        case .dense(let values, let shape):
            let size = shape.reduce(1, *)
            var gathered = [Float]()
            gathered.reserveCapacity(indices.count * size)
            for index in indices { gathered.append(contentsOf: values[(index * size)..<((index + 1) * size)]) }
            newFeatures = .dense(gathered, shape: shape)
        case .text(let texts):
            newFeatures = .text(indices.map { texts[$0] })
        case .images(let set):
            newFeatures = .images(set.subset(indices))
        }
        let newTargets: Targets
        switch targets {
        case .classes(let labels, let names): newTargets = .classes(indices.map { labels[$0] }, names: names)
        case .values(let values): newTargets = .values(indices.map { values[$0] })
        }
        return Dataset(name: name, features: newFeatures, targets: newTargets, shippedTest: shippedTest.map { marks in indices.map { marks[$0] } })
    }
}
