import Experiment

/// The mean effect of each value of one sweep axis, pooled over every other axis and seed.
///
/// With a full grid every value sees the same mix of other settings, so comparing these
/// means isolates the axis; `cellMeans` shows whether the effect is consistent or carried
/// by a single cell.
public struct AxisMarginal: Codable, Sendable {
    public struct Level: Codable, Sendable {
        public var value: Value
        /// The value as the report prints it.
        public var label: String
        /// Done runs pooled.
        public var runs: Int
        public var selection: Summary?
        /// Test-split metrics pooled over the same runs.
        public var test: [String: Summary]
        /// Lowest and highest cell mean of the selection metric among this value's cells.
        public var cellMeans: ClosedRangeValue?
        /// The value with the best pooled mean compared with this one (pooled runs do not pair,
        /// so by their 95% intervals, as unpaired cells); nil for that value itself and without
        /// results.
        public var bestVersusThis: Comparison?

        enum CodingKeys: String, CodingKey {
            case value, label, runs, selection, test
            case cellMeans = "cell_means"
            case bestVersusThis = "best_vs_this"
        }
    }

    /// A `[lower, upper]` pair that encodes as an object.
    public struct ClosedRangeValue: Codable, Sendable, Equatable {
        public var min: Double
        public var max: Double
    }

    /// One setting of the other axes, with this axis's values ranked within it: "which
    /// freeze strategy wins at 5% of the labels?" needs the comparison inside the slice, not
    /// the pooled mean.
    public struct Slice: Codable, Sendable {
        public struct Entry: Codable, Sendable {
            /// This axis's value.
            public var label: String
            public var cell: String
            public var selection: Summary?
            /// The slice's best value compared with this one; nil for the best itself.
            public var bestVersusThis: Comparison?

            enum CodingKeys: String, CodingKey {
                case label, cell, selection
                case bestVersusThis = "best_vs_this"
            }
        }

        /// The other axes' values, e.g. `data.train_fraction` → 0.05.
        public var fixed: [String: Value]
        /// `data.train_fraction=0.05`.
        public var label: String
        /// Best first; values without results last.
        public var ranking: [Entry]
    }

    /// The swept path, or a zip group's paths joined by " + " (they vary together, so only
    /// their combinations can be compared).
    public var axis: String
    /// The paths behind `axis`: one, or every path of a zip group.
    public var paths: [String]
    /// True when every value is a number, so it can be plotted on an x axis.
    public var numeric: Bool
    /// In the order the sweep lists them.
    public var levels: [Level]
    /// One per setting of the other axes (empty with a single axis).
    public var slices: [Slice]
}
