/// Shares of a dataset for training, validation (model selection) and test (final report).
public struct SplitFractions: Sendable, Hashable {
    public var train: Double
    public var validation: Double
    public var test: Double

    public init(train: Double, validation: Double, test: Double) {
        self.train = train
        self.validation = validation
        self.test = test
    }

    var asArray: [Double] { [train, validation, test] }

    /// Checks the fractions are non-negative, finite, give training a positive share, and
    /// sum to 1 within 1e-6 (the experiment validator reports this with a file position;
    /// this is the last line of defence).
    public func validate() throws(DatasetError) {
        guard asArray.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw DatasetError(.invalidArgument, "split fractions must be non-negative, got train \(train), validation \(validation), test \(test)")
        }
        guard train > 0 else { throw DatasetError(.invalidArgument, "the train fraction must be positive") }
        let sum = train + validation + test
        guard abs(sum - 1) <= 1e-6 else {
            throw DatasetError(.invalidArgument, "split fractions must sum to 1, got \(sum)")
        }
    }
}

/// Example indices of each split, ascending within a split.
public struct SplitIndices: Sendable, Hashable {
    public var train: [Int]
    public var validation: [Int]
    public var test: [Int]

    public init(train: [Int], validation: [Int], test: [Int]) {
        self.train = train
        self.validation = validation
        self.test = test
    }
}
