import Testing
@testable import Datasets

/// WordPiece rules on a hand-made vocabulary, where the expected pieces are obvious.
@Suite struct TokenizerWordPieceTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        let pieces: [String]
        let testDescription: String
        init(_ text: String, _ pieces: [String], _ description: String) {
            self.text = text
            self.pieces = pieces
            self.testDescription = description
        }
    }

    static let vocabulary = ["un", "una", "##ff", "##ffa", "##able", "##ble", "a", "##a", "b", "##b", "!", "cafe", "世"]

    static let cases = [
        Case("unaffable", ["una", "##ffa", "##ble"], "greedy longest match at every step"),
        Case("unffable", ["un", "##ffa", "##ble"], "longest continuation piece, never backtracking"),
        Case("unffabl", ["[UNK]"], "greedy pieces that strand a suffix make the word [UNK]"),
        Case("unaffablez", ["[UNK]"], "a word without a full segmentation is one [UNK]"),
        Case("una unaffablez a", ["una", "[UNK]", "a"], "[UNK] replaces only the failing word"),
        Case("aaa", ["a", "##a", "##a"], "continuation pieces repeat"),
        Case("a!b", ["a", "!", "b"], "punctuation splits words"),
        Case("CAFÉ", ["cafe"], "lowercase and strip accents"),
        Case("a世b", ["a", "世", "b"], "CJK ideographs stand alone"),
        Case(String(repeating: "a", count: 100), ["a"] + Array(repeating: "##a", count: 99), "100 scalars still segment"),
        Case(String(repeating: "a", count: 101), ["[UNK]"], "101 scalars are [UNK]"),
        Case("[SEP]a[UNK]", ["[SEP]", "a", "[UNK]"], "special tokens kept verbatim"),
        Case("[sep]", ["[UNK]", "[UNK]", "[UNK]"], "special tokens are case-sensitive"),
    ]

    @Test(arguments: cases)
    func tokenize(_ example: Case) throws {
        let tokenizer = try tinyTokenizer(Self.vocabulary)
        #expect(tokenizer.tokenize(example.text) == example.pieces)
    }

    @Test func casedTokenizer_keepsCaseAndAccents() throws {
        let tokenizer = try tinyTokenizer(["Café", "cafe"], lowercase: false)
        #expect(tokenizer.tokenize("Café cafe CAFE") == ["Café", "cafe", "[UNK]"])
    }

    @Test func encode_truncatesPiecesAndKeepsSpecials() throws {
        let tokenizer = try tinyTokenizer(Self.vocabulary)
        // a=10, ##a=11; [CLS]=2, [SEP]=3
        #expect(tokenizer.encode("aaaa", maxLength: 4).ids == [2, 10, 11, 3])
        #expect(tokenizer.encode("aaaa", maxLength: 2).ids == [2, 3])
        #expect(tokenizer.encode("", maxLength: 8) == (ids: [2, 3], attentionMask: [1, 1]))
    }

    @Test func longText_stopsReadingAtTheLimit() throws {
        let tokenizer = try tinyTokenizer(Self.vocabulary)
        let text = String(repeating: "a ", count: 100_000)
        #expect(tokenizer.encode(text, maxLength: 5).ids == [2, 10, 10, 10, 3])
    }
}

extension TokenizerWordPieceTests {
    @Test func continuationPieceStartingWithCombiningSign_isFound() throws {
        // In "##ि" the vowel sign forms one grapheme with the second "#".
        let tokenizer = try tinyTokenizer(["न", "##ि"])
        #expect(tokenizer.tokenize("नि") == ["न", "##ि"])
    }
}
