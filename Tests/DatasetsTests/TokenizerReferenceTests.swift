import Testing
@testable import Datasets

/// Ids produced by Hugging Face's tokenizer for all-MiniLM-L6-v2, pasted as literals.
///
/// Generated with `pip install tokenizers` (the Rust-backed package, no transformers):
/// ```python
/// from tokenizers import Tokenizer
/// tok = Tokenizer.from_file(".cache/assets/minilm/tokenizer.json")
/// tok.no_padding()
/// for name, text, max_length in cases:
///     tok.enable_truncation(max_length=max_length)
///     print(name, tok.encode(text).ids)
/// ```
@Suite struct TokenizerReferenceTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let maxLength: Int
        let ids: [Int]
        init(_ name: String, _ text: String, maxLength: Int, ids: [Int]) {
            self.name = name
            self.text = text
            self.maxLength = maxLength
            self.ids = ids
        }
        var testDescription: String { name }
    }

    /// The text of the truncation cases (about 1,500 characters).
    static let longText = String(repeating: "The quick brown fox jumps over the lazy dog, while the unaffable critic "
        + "wrote a tokenization-heavy review of the 2019 film. ", count: 12)

    static let cases: [Case] = [
        Case("plain sentence", "The new movie is awesome", maxLength: 512,
              ids: [101, 1996, 2047, 3185, 2003, 12476, 102]),
        Case("accents", "Café déjà vu", maxLength: 512, ids: [101, 7668, 2139, 3900, 24728, 102]),
        Case("diaeresis and acute", "naïve résumé", maxLength: 512, ids: [101, 15743, 13746, 102]),
        Case("uppercase accents", "CAFÉ ÉCOLE Ångström", maxLength: 512,
              ids: [101, 7668, 12431, 17076, 15687, 102]),
        Case("sharp s and ligature", "Straße ﬁne ẞ", maxLength: 512,
              ids: [101, 2358, 27807, 1984, 2638, 1096, 102]),
        Case("decomposed input", "cafe\u{0301} nai\u{0308}ve", maxLength: 512,
              ids: [101, 7668, 15743, 102]),
        Case("dotted capital I", "İstanbul", maxLength: 512, ids: [101, 9960, 102]),
        Case("punctuation", "Hello, world!!! (test) it's don't", maxLength: 512,
              ids: [101, 7592, 1010, 2088, 999, 999, 999, 1006, 3231, 1007, 2009, 1005, 1055, 2123,
                    1005, 1056, 102]),
        Case("numbers and symbols", "$1,000.50 & 100% #1", maxLength: 512,
              ids: [101, 1002, 1015, 1010, 2199, 1012, 2753, 1004, 2531, 1003, 1001, 1015, 102]),
        Case("email and url", "mail user@example.com or visit https://example.com/a_b?q=1&r=2", maxLength: 512,
              ids: [101, 5653, 5310, 1030, 2742, 1012, 4012, 2030, 3942, 16770, 1024, 1013, 1013,
                    2742, 1012, 4012, 1013, 1037, 1035, 1038, 1029, 1053, 1027, 1015, 1004, 1054,
                    1027, 1016, 102]),
        Case("emoji", "I ❤\u{FE0F} NY 😀", maxLength: 512, ids: [101, 1045, 100, 6396, 100, 102]),
        Case("emoji modifiers and joiners", "👍🏽 👨\u{200D}👩\u{200D}👧 ok", maxLength: 512,
              ids: [101, 100, 100, 7929, 102]),
        Case("emoji inside a word", "hello😀world", maxLength: 512, ids: [101, 100, 102]),
        Case("chinese", "我爱你", maxLength: 512, ids: [101, 1855, 100, 100, 102]),
        Case("chinese mixed with latin", "BERT模型很好用ok", maxLength: 512,
              ids: [101, 14324, 100, 100, 100, 100, 100, 7929, 102]),
        Case("japanese", "こんにちは、世界。ガギグ", maxLength: 512,
              ids: [101, 1655, 30217, 30194, 30188, 30198, 1635, 1745, 100, 1636, 1700, 30227,
                    30228, 102]),
        Case("korean", "안녕하세요", maxLength: 512,
              ids: [101, 1463, 30006, 30021, 29992, 30010, 30025, 30005, 30006, 29997, 30009,
                    29999, 30013, 102]),
        Case("greek", "Γειά σου Κόσμε Σίσυφος", maxLength: 512,
              ids: [101, 1157, 29723, 27432, 1173, 26789, 1164, 29730, 29733, 29728, 29723, 1173,
                    18199, 29733, 29735, 29736, 15297, 102]),
        Case("final capital sigma lowercases to σ", "ΟΔΟΣ ΣΟΦΟΣ", maxLength: 512,
             ids: [101, 1169, 29722, 29730, 29733, 1173, 29730, 29736, 29730, 29733, 102]),
        Case("CJK extension E starts isolating at U+2B920", "\u{2B820}\u{2B920}x", maxLength: 512,
             ids: [101, 100, 100, 1060, 102]),
        Case("cyrillic", "Привет, мир! Ёжик", maxLength: 512,
              ids: [101, 1194, 16856, 10325, 25529, 15290, 22919, 1010, 1191, 10325, 16856, 999,
                    1185, 29743, 10325, 23925, 102]),
        Case("arabic", "مرحبا بالعالم", maxLength: 512,
              ids: [101, 1295, 17149, 29820, 29816, 25573, 1271, 25573, 23673, 29830, 25573, 23673,
                    22192, 102]),
        Case("devanagari", "नमस\u{094D}त\u{0947} द\u{0941}न\u{093F}य\u{093E}", maxLength: 512,
              ids: [101, 1327, 29867, 29874, 29859, 1325, 29863, 29877, 29868, 29876, 102]),
        Case("word pieces", "unaffable", maxLength: 512, ids: [101, 14477, 20961, 3468, 102]),
        Case("word pieces 2", "tokenization", maxLength: 512, ids: [101, 19204, 3989, 102]),
        Case("tabs and newlines", "a\tb\nc\r\nd  e", maxLength: 512,
              ids: [101, 1037, 1038, 1039, 1040, 1041, 102]),
        Case("no-break and ideographic spaces", "a\u{00A0}b\u{3000}c\u{2028}d\u{0085}e", maxLength: 512,
              ids: [101, 1037, 1038, 1039, 2139, 102]),
        Case("zero-width characters", "a\u{200B}b\u{200C}c\u{200D}d\u{FEFF}e", maxLength: 512,
              ids: [101, 5925, 3207, 102]),
        Case("control characters", "a\0b\u{0001}c\u{007F}d\u{FFFD}e\u{000B}f\u{000C}g", maxLength: 512,
              ids: [101, 5925, 3207, 2546, 2290, 102]),
        Case("private use", "x\u{E000}y", maxLength: 512, ids: [101, 1060, 2100, 102]),
        Case("200-character word", String(repeating: "a", count: 200), maxLength: 512,
              ids: [101, 100, 102]),
        Case("100-character word", String(repeating: "ab", count: 50), maxLength: 512,
              ids: [101, 19557, 3676, 3676, 3676, 3676, 3676, 3676, 3676, 3676, 3676, 3676, 3676,
                    3676, 3676, 3676, 3676, 3676, 3676, 3676, 3676, 3676, 3676, 3676, 3676, 3676,
                    3676, 3676, 3676, 3676, 3676, 3676, 3676, 3676, 3676, 3676, 3676, 3676, 3676,
                    3676, 3676, 3676, 3676, 3676, 3676, 3676, 3676, 3676, 3676, 3676, 2497, 102]),
        Case("101-character word", String(repeating: "ab", count: 50) + "a", maxLength: 512,
              ids: [101, 100, 102]),
        Case("special tokens", "[CLS] hello [MASK] [cls] a[SEP]b [UNK][PAD]", maxLength: 512,
              ids: [101, 101, 7592, 103, 1031, 18856, 2015, 1033, 1037, 102, 1038, 100, 0, 102]),
        Case("long text at 16", longText, maxLength: 16,
              ids: [101, 1996, 4248, 2829, 4419, 14523, 2058, 1996, 13971, 3899, 1010, 2096, 1996,
                    14477, 20961, 102]),
        Case("long text at 128", longText, maxLength: 128,
              ids: [101, 1996, 4248, 2829, 4419, 14523, 2058, 1996, 13971, 3899, 1010, 2096, 1996,
                    14477, 20961, 3468, 6232, 2626, 1037, 19204, 3989, 1011, 3082, 3319, 1997,
                    1996, 10476, 2143, 1012, 1996, 4248, 2829, 4419, 14523, 2058, 1996, 13971,
                    3899, 1010, 2096, 1996, 14477, 20961, 3468, 6232, 2626, 1037, 19204, 3989,
                    1011, 3082, 3319, 1997, 1996, 10476, 2143, 1012, 1996, 4248, 2829, 4419, 14523,
                    2058, 1996, 13971, 3899, 1010, 2096, 1996, 14477, 20961, 3468, 6232, 2626,
                    1037, 19204, 3989, 1011, 3082, 3319, 1997, 1996, 10476, 2143, 1012, 1996, 4248,
                    2829, 4419, 14523, 2058, 1996, 13971, 3899, 1010, 2096, 1996, 14477, 20961,
                    3468, 6232, 2626, 1037, 19204, 3989, 1011, 3082, 3319, 1997, 1996, 10476, 2143,
                    1012, 1996, 4248, 2829, 4419, 14523, 2058, 1996, 13971, 3899, 1010, 2096, 1996,
                    14477, 20961, 102]),
        Case("truncation at 2", "hello world", maxLength: 2, ids: [101, 102]),
        Case("truncation at 3", "hello world", maxLength: 3, ids: [101, 7592, 102]),
        Case("empty", "", maxLength: 512, ids: [101, 102]),
        Case("whitespace only", " \t\n\u{00A0} ", maxLength: 512, ids: [101, 102]),
        Case("punctuation only", "!?...", maxLength: 512, ids: [101, 999, 1029, 1012, 1012, 1012, 102]),
    ]

    @Test(.enabled(if: TokenizerAssets.hasMiniLM), arguments: cases)
    func encodeMatchesHuggingFace(_ reference: Case) throws {
        let tokenizer = try #require(TokenizerAssets.miniLM)
        let encoded = tokenizer.encode(reference.text, maxLength: reference.maxLength)
        #expect(encoded.ids == reference.ids, "tokens: \(tokenizer.tokenize(reference.text))")
        #expect(encoded.attentionMask == Array(repeating: 1, count: reference.ids.count))
    }

    @Test(.enabled(if: TokenizerAssets.hasMiniLM), arguments: cases)
    func batchRowMatchesHuggingFace(_ reference: Case) throws {
        let tokenizer = try #require(TokenizerAssets.miniLM)
        let batch = tokenizer.encodeBatch([reference.text], maxLength: reference.maxLength)
        #expect(batch.batchSize == 1)
        #expect(batch.sequenceLength == reference.ids.count)
        #expect(batch.ids.map(Int.init) == reference.ids)
    }

    @Test(.enabled(if: TokenizerAssets.hasMiniLM))
    func wordPiecesReadAsExpected() throws {
        let tokenizer = try #require(TokenizerAssets.miniLM)
        #expect(tokenizer.tokenize("unaffable") == ["una", "##ffa", "##ble"])
        #expect(tokenizer.tokenize("Tokenization") == ["token", "##ization"])
        #expect(tokenizer.tokenize("Café déjà vu") == ["cafe", "de", "##ja", "vu"])
    }
}
