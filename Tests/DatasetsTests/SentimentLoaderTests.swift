import Foundation
import Testing
@testable import Datasets

/// Ground truth from Python over the raw files (split on CRLF; the last line has no
/// newline, so `wc -l` reports one fewer than there are rows).
struct SentimentCase: Sendable, CustomTestStringConvertible {
    let domain: Dataset.SentimentDomain
    let rows: Int
    /// (positive, negative) counts at margins 0, 0.5 and 1.
    let byMargin: [Double: (positive: Int, negative: Int)]
    var testDescription: String { domain.rawValue }
}

let sentimentCases = [
    SentimentCase(domain: .movies, rows: 10_605, byMargin: [0: (5242, 5326), 0.5: (4982, 5061), 1: (4539, 4484)]),
    SentimentCase(domain: .amazon, rows: 3_708, byMargin: [0: (2128, 1482), 0.5: (1725, 1218), 1: (1486, 897)]),
    SentimentCase(domain: .nyt, rows: 5_190, byMargin: [0: (2204, 2742), 0.5: (1100, 1688), 1: (509, 911)]),
    SentimentCase(domain: .tweets, rows: 4_200, byMargin: [0: (2897, 1299), 0.5: (2300, 1062), 1: (1784, 815)]),
]

@Test(.enabled(if: hasVADER, "VADER assets not downloaded"), arguments: sentimentCases)
func sentimentCountsAndMarginFiltering(_ expected: SentimentCase) throws {
    let regression = try Dataset.sentiment(domain: expected.domain, task: .regression, assetsRoot: assetsRoot)
    #expect(regression.count == expected.rows)
    #expect(regression.name == "vader-\(expected.domain.rawValue)")
    guard case .values(let ratings) = regression.targets, case .text(let texts) = regression.features else {
        Issue.record("text regression expected"); return
    }
    #expect(ratings.allSatisfy { (-4...4).contains($0) })
    #expect(texts.allSatisfy { !$0.contains("\r") && !$0.isEmpty })

    for (margin, counts) in expected.byMargin {
        let classes = try Dataset.sentiment(domain: expected.domain, task: .classification, margin: margin, assetsRoot: assetsRoot)
        #expect(classes.classNames == ["negative", "positive"])
        #expect(classes.classCounts == [counts.negative, counts.positive], "margin \(margin)")
    }
}

@Test(.enabled(if: hasVADER, "VADER assets not downloaded"))
func sentimentFirstAndLastRowsParse() throws {
    let movies = try Dataset.sentiment(domain: .movies, task: .regression, assetsRoot: assetsRoot)
    guard case .text(let texts) = movies.features, case .values(let ratings) = movies.targets else { return }
    #expect(texts.first?.hasPrefix("The Rock is destined to be the 21st Century's new ''Conan''") == true)
    #expect(ratings.first == 2.26666666667)
    #expect(ratings.last == -1.8125)
    let tweets = try Dataset.sentiment(domain: .tweets, task: .regression, assetsRoot: assetsRoot)
    guard case .text(let tweetTexts) = tweets.features else { return }
    #expect(tweetTexts.last == "Execute like lightning not like wind", "last line has no newline")
}

@Test func sentimentRejectsNegativeMargin() {
    let error = #expect(throws: DatasetError.self) {
        try Dataset.sentiment(domain: .movies, task: .classification, margin: -1, assetsRoot: assetsRoot)
    }
    #expect(error?.code == .invalidArgument)
}

@Test func sentimentMalformedLineIsReported() throws {
    let file = try temporaryFile("tweets_GroundTruth.txt", "1\t0.5\tfine\r\n3\t-1\ttext\twith a tab\r\n2\tgood\tnot a number\r\n")
    let root = String(file.dropLast("/tweets_GroundTruth.txt".count))
    // Reuse the folder as an assets root with a vader/ subfolder.
    let fileManager = FileManager.default
    try fileManager.createDirectory(atPath: root + "/vader", withIntermediateDirectories: true)
    try fileManager.moveItem(atPath: file, toPath: root + "/vader/tweets_GroundTruth.txt")
    let error = #expect(throws: DatasetError.self) {
        try Dataset.sentiment(domain: .tweets, task: .regression, assetsRoot: root)
    }
    #expect(error?.line == 3)
    #expect(error?.message == "rating 'good' is not a number")
    let missing = #expect(throws: DatasetError.self) {
        try Dataset.sentiment(domain: .movies, task: .regression, assetsRoot: root)
    }
    #expect(missing?.message == "VADER movies ground truth not found")
}

@Test func sentimentTextKeepsEmbeddedTabs() throws {
    let file = try temporaryFile("nytEditorialSnippets_GroundTruth.txt", "1_1\t-1.5\ttext\twith a tab\r\n1_2\t0.25\tok")
    let root = String(file.dropLast("/nytEditorialSnippets_GroundTruth.txt".count))
    try FileManager.default.createDirectory(atPath: root + "/vader", withIntermediateDirectories: true)
    try FileManager.default.moveItem(atPath: file, toPath: root + "/vader/nytEditorialSnippets_GroundTruth.txt")
    let data = try Dataset.sentiment(domain: .nyt, task: .classification, margin: 0.3, assetsRoot: root)
    #expect(data.features == .text(["text\twith a tab"]))
    #expect(data.labels == [0])
}
