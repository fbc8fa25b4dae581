import Experiment

/// One sentence of the report's Answer, as data: what it compares, on which metric, with how
/// many runs, how large the difference is and how sure, and the verdict. The Answer is these
/// sentences in order and nothing else, so a script reading summary.json sees every claim the
/// report makes, with its numbers.
public struct Claim: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Nothing finished: no claim can be made yet.
        case nothingFinished = "nothing_finished"
        /// The cell with the highest mean against every other cell (the leaderboard family).
        case topCell = "top_cell"
        /// For the ties of the top cell: how many seeds would separate them.
        case seedsEstimate = "seeds_estimate"
        /// Why few seeds rarely settle a close question.
        case repeats
        /// Fine-tuned against scratch, counted over the cells.
        case scratchCount = "scratch_count"
        /// The top cell against its own scratch baseline.
        case topVersusScratch = "top_vs_scratch"
        /// A cell that trains far fewer parameters against full fine-tuning.
        case tradeOff = "trade_off"
        /// Which cells forget the source task most and least.
        case forgetting
        /// The best value of an axis within each setting of the others.
        case axisSlices = "axis_slices"
        /// An axis's values pooled over the other axes.
        case axisPooled = "axis_pooled"
        /// Runs that did not finish.
        case unfinished
        /// Results measured at different numbers versions, kept together (`--keep-stale`).
        case mixedVersions = "mixed_versions"
    }

    /// One comparison a claim rests on: its own cell (A) against `versus` (B).
    public struct Evidence: Codable, Sendable, Equatable {
        public var cell: String
        public var versus: String
        public var comparison: Comparison
    }

    public var kind: Kind
    /// The sentence as report.md prints it.
    public var text: String
    /// The cells (or axis values) the sentence names, the subject first.
    public var cells: [String]
    /// `split.metric` compared; nil for a sentence about runs, not a metric.
    public var metric: String?
    /// Runs per side (seeds, or seeds × folds); nil when the claim compares nothing.
    public var n: Int?
    /// The verdict in one word: better, worse, tied, inconclusive, or the top cell's
    /// (winner, tied, alone, no_noise_estimate, unresolved).
    public var verdict: String?
    /// The comparisons behind the verdict, with their differences, intervals and p-values.
    public var evidence: [Evidence]

    public init(_ kind: Kind, _ text: String, cells: [String] = [], metric: String? = nil, n: Int? = nil,
                verdict: String? = nil, evidence: [Evidence] = []) {
        self.kind = kind
        self.text = text
        self.cells = cells
        self.metric = metric
        self.n = n
        self.verdict = verdict
        self.evidence = evidence
    }
}
