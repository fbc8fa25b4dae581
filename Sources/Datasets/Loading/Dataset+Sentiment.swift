extension Dataset {
    /// The four human-rated text domains of the VADER sentiment ground truth (Hutto &
    /// Gilbert, ICWSM 2014), for sentiment classification, score regression and transfer
    /// between domains.
    public enum SentimentDomain: String, Sendable, Hashable, CaseIterable {
        case movies, amazon, nyt, tweets

        /// The ground-truth file for the domain, relative to the assets root.
        public var relativePath: String {
            switch self {
            case .movies: "vader/movieReviewSnippets_GroundTruth.txt"
            case .amazon: "vader/amazonReviewSnippets_GroundTruth.txt"
            case .nyt: "vader/nytEditorialSnippets_GroundTruth.txt"
            case .tweets: "vader/tweets_GroundTruth.txt"
            }
        }
    }

    /// Class names of sentiment classification, in index order.
    public static let sentimentClassNames = ["negative", "positive"]

    /// One VADER domain as a text dataset.
    ///
    /// Each line is `id<TAB>mean rating<TAB>text`, the rating a mean of human scores in
    /// -4...4 (lines end with CRLF; the last has no newline). Classification labels a text
    /// "positive" when its rating is above 0 and "negative" below, dropping texts whose
    /// |rating| <= `margin` because near-neutral ratings are noise for a sign label.
    /// Regression keeps every text with its rating as the target.
    /// - Parameters:
    ///   - margin: non-negative; ignored for regression.
    ///   - assetsRoot: the asset cache folder (`AssetsRoot.resolve`: the machine-wide cache).
    /// - Throws: `DatasetError` naming the file and line of a malformed row.
    public static func sentiment(domain: SentimentDomain, task: LearningTask, margin: Double = 0,
                                 assetsRoot: String) throws(DatasetError) -> Dataset {
        guard margin >= 0, margin.isFinite else {
            throw DatasetError(.invalidArgument, "sentiment margin must be a non-negative number, got \(margin)")
        }
        let path = assetsRoot.hasSuffix("/") ? assetsRoot + domain.relativePath : assetsRoot + "/" + domain.relativePath
        var texts: [String] = []
        var ratings: [Double] = []
        for (number, line) in try TextFile.lines(at: path, what: "VADER \(domain.rawValue) ground truth")
        where !line.allSatisfy(\.isWhitespace) {
            // Split on the first two tabs only: the text itself could contain tabs.
            let parts = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else {
                throw DatasetError(.malformed, path: path, line: number,
                                   "expected id, rating and text separated by tabs, found \(parts.count) field\(parts.count == 1 ? "" : "s")")
            }
            let cell = String(parts[1]).trimmingWhitespace()
            guard let rating = Double(cell), rating.isFinite else {
                throw DatasetError(.notNumeric, path: path, line: number, "rating \(describe(cell)) is not a number")
            }
            guard (-4...4).contains(rating) else {
                throw DatasetError(.outOfRange, path: path, line: number, "rating \(rating) is outside -4...4")
            }
            texts.append(String(parts[2]))
            ratings.append(rating)
        }
        guard !texts.isEmpty else { throw DatasetError(.empty, path: path, "ground truth file has no rows") }

        let name = "vader-\(domain.rawValue)"
        switch task {
        case .regression:
            return Dataset(name: name, features: .text(texts), targets: .values(ratings))
        case .classification:
            let kept = ratings.indices.filter { abs(ratings[$0]) > margin }
            return Dataset(name: name, features: .text(kept.map { texts[$0] }),
                           targets: .classes(kept.map { ratings[$0] > 0 ? 1 : 0 }, names: sentimentClassNames))
        }
    }
}
