import Foundation
import Testing
@testable import Datasets

/// Opt-in timing (meaningful only in release builds):
/// `TOKENIZER_BENCHMARK=1 swift test -c release --filter TokenizerSpeedTests`
@Suite struct TokenizerSpeedTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TOKENIZER_BENCHMARK"] != nil && TokenizerAssets.hasMiniLM))
    func tenThousandSentences() throws {
        let vocabularyPath = try #require(TokenizerAssets.miniLMVocabulary)
        var clock = ContinuousClock.now
        let tokenizer = try WordPieceTokenizer(vocabularyFile: vocabularyPath)
        _ = tokenizer.encode("warm up é", maxLength: 16) // builds the scalar table
        let loading = ContinuousClock.now - clock

        var texts: [String] = []
        for file in ["tweets_GroundTruth.txt", "movieReviewSnippets_GroundTruth.txt",
                     "amazonReviewSnippets_GroundTruth.txt", "nytEditorialSnippets_GroundTruth.txt"] {
            if let path = TokenizerAssets.vader(file) { texts += try TokenizerVADERParityTests.texts(path) }
        }
        texts = Array(texts.prefix(10_000))
        let characters = texts.reduce(0) { $0 + $1.count }

        clock = .now
        let batch = tokenizer.encodeBatch(texts, maxLength: 128)
        let batching = ContinuousClock.now - clock
        clock = .now
        var pieces = 0
        for text in texts { pieces += tokenizer.encode(text, maxLength: 512).ids.count }
        let encoding = ContinuousClock.now - clock
        print("""
            tokenizer load + tables: \(loading)
            \(texts.count) texts (\(characters) characters, \(pieces) ids): \
            encode \(encoding), encodeBatch(128) \(batching) → \(batch.batchSize)×\(batch.sequenceLength)
            """)
        #expect(encoding < .seconds(1))
    }
}
