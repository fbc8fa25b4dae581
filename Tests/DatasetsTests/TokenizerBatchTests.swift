import Testing
@testable import Datasets

@Suite struct TokenizerBatchTests {
    @Test func batch_padsToLongestRowNotToMaxLength() throws {
        let tokenizer = try tinyTokenizer(["a", "##a", "b"])
        // a=4, ##a=5, b=6; [PAD]=0, [CLS]=2, [SEP]=3
        let batch = tokenizer.encodeBatch(["a b", "", "aa"], maxLength: 64)
        #expect(batch.batchSize == 3)
        #expect(batch.sequenceLength == 4)
        #expect(batch.ids == [2, 4, 6, 3,
                              2, 3, 0, 0,
                              2, 4, 5, 3])
        #expect(batch.attentionMask == [1, 1, 1, 1,
                                        1, 1, 0, 0,
                                        1, 1, 1, 1])
        #expect(Array(batch.ids(row: 1)) == [2, 3, 0, 0])
        #expect(Array(batch.attentionMask(row: 1)) == [1, 1, 0, 0])
    }

    @Test func batch_truncatesEveryRowToMaxLength() throws {
        let tokenizer = try tinyTokenizer(["a", "##a", "b"])
        let batch = tokenizer.encodeBatch(["a a a a a", "b"], maxLength: 4)
        #expect(batch.sequenceLength == 4)
        #expect(batch.ids == [2, 4, 4, 3,
                              2, 6, 3, 0])
    }

    @Test func emptyBatch_hasNoRows() throws {
        let batch = try tinyTokenizer([]).encodeBatch([], maxLength: 16)
        #expect(batch == EncodedBatch(ids: [], attentionMask: [], batchSize: 0, sequenceLength: 0))
    }

    @Test func batchRows_equalSingleEncodings() throws {
        let tokenizer = try tinyTokenizer(["a", "##a", "b", "!"])
        let texts = ["a!", "b b b", "aab", "   "]
        let batch = tokenizer.encodeBatch(texts, maxLength: 6)
        for (row, text) in texts.enumerated() {
            let single = tokenizer.encode(text, maxLength: 6)
            let width = single.ids.count
            #expect(batch.ids(row: row).prefix(width).map(Int.init) == single.ids)
            #expect(batch.ids(row: row).dropFirst(width).allSatisfy { $0 == 0 })
            #expect(batch.attentionMask(row: row).reduce(0, +) == Int32(width))
        }
    }
}
