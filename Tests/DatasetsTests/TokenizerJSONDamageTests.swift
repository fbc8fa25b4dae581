import Foundation
import Testing
@testable import Datasets

/// A damaged `tokenizer.json` is a `TokenizerError` naming the file (and the JSON path or
/// line), never a crash; a damage that still parses gives a tokenizer that encodes.
@Suite struct TokenizerJSONDamageTests {
    static let original = try! Data(contentsOf: URL(fileURLWithPath: TokenizerJSONParityTests.tokenizerFile("wordpiece")))

    /// Loads `data` as a tokenizer.json; a load error must name the file and say where.
    static func check(_ data: Data) throws {
        let path = try tokenizerTemporaryFile("tokenizer.json", data)
        do {
            let tokenizer = try HFTokenizer(file: path)
            _ = tokenizer.encodeBatch(["a damaged file, still", "[CLS] café 中文 😀"], maxLength: 16)
            _ = tokenizer.encode("x", pair: "y", maxLength: 8)
        } catch {
            #expect(error.path == path)
            #expect(error.description.hasPrefix(path + ": "))
            #expect(error.message.contains("line ") || error.message.contains("at "), "\(error)")
        }
    }

    struct Edit: Sendable, CustomTestStringConvertible {
        let name: String
        /// The fixture tokenizer that is damaged (its folder under Fixtures/tokenizers).
        var kind = "wordpiece"
        let from: String
        let to: String
        /// What the message must say.
        let expected: String
        var testDescription: String { name }
    }

    static let edits = [
        Edit(name: "unknown model type", from: #""type": "WordPiece""#, to: #""type": "WordLevel""#,
             expected: "at model.type: model type 'WordLevel' is not supported"),
        Edit(name: "vocab of the wrong type", from: #""vocab": {"#, to: #""vocab": [{"#,
             expected: "line "),
        Edit(name: "id as a string", from: #""[UNK]": 1,"#, to: #""[UNK]": "1","#,
             expected: "at model.vocab.[UNK]: expected an integer, found a string"),
        Edit(name: "unknown normalizer", from: #""type": "BertNormalizer""#, to: #""type": "ByteLevel""#,
             expected: "at normalizer.type: normalizer 'ByteLevel' is not supported"),
        Edit(name: "charsmap not base64", kind: "xlmr-spm", from: #""precompiled_charsmap": "ALwC"#,
             to: #""precompiled_charsmap": "!ALwC"#,
             expected: "at normalizer.normalizers[0].precompiled_charsmap: expected base64 text"),
        Edit(name: "charsmap header past its end", kind: "xlmr-spm", from: #""precompiled_charsmap": "ALwC"#,
             to: #""precompiled_charsmap": "AP//"#,
             expected: "at normalizer.normalizers[0].precompiled_charsmap: the charsmap is shorter than its header says"),
        Edit(name: "regex Swift cannot read", kind: "xlmr-spm", from: #""Regex": " {2,}""#, to: #""Regex": "(?""#,
             expected: "at normalizer.normalizers[2].pattern.Regex: regex '(?' is not supported"),
        Edit(name: "pattern neither String nor Regex", kind: "wordpiece-split", from: #""String": "ing""#,
             to: #""Text": "ing""#, expected: #"at pre_tokenizer.pretokenizers[3].pattern: expected {"String": ...} or {"Regex": ...}"#),
        Edit(name: "empty split pattern", kind: "wordpiece-split", from: #""String": " ""#, to: #""String": """#,
             expected: "at pre_tokenizer.pretokenizers[0].pattern.String: an empty pattern is not supported"),
        Edit(name: "unknown split behaviour", kind: "wordpiece-split", from: #""behavior": "Removed""#,
             to: #""behavior": "Dropped""#,
             expected: "at pre_tokenizer.pretokenizers[0].behavior: expected Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous, found 'Dropped'"),
        Edit(name: "individual_digits not a boolean", kind: "wordpiece-split", from: #""individual_digits": true"#,
             to: #""individual_digits": 1"#,
             expected: "at pre_tokenizer.pretokenizers[2].individual_digits: expected true or false, found the number 1"),
        Edit(name: "strip without strip_right", kind: "xlmr-spm", from: #""strip_right": true"#, to: #""strip_rite": true"#,
             expected: "at normalizer.normalizers[1]: missing key 'strip_right'"),
        Edit(name: "lstrip not a boolean", from: #""lstrip": false"#, to: #""lstrip": 0"#,
             expected: "at added_tokens[0].lstrip: expected true or false, found the number 0"),
        Edit(name: "unk token missing from the vocabulary", from: #""unk_token": "[UNK]""#, to: #""unk_token": "<unk>""#,
             expected: "at model.unk_token: unk_token '<unk>' is not in the vocabulary"),
    ]

    @Test(arguments: edits)
    func namedDamage(_ edit: Edit) throws {
        let file = TokenizerJSONParityTests.tokenizerFile(edit.kind)
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self)
        try #require(text.contains(edit.from))
        let path = try tokenizerTemporaryFile("tokenizer.json", Data(text.replacingOccurrences(of: edit.from, with: edit.to).utf8))
        #expect {
            try HFTokenizer(file: path)
        } throws: { error in
            let error = error as! TokenizerError
            return error.path == path && error.message.contains(edit.expected)
        }
    }

    @Test func truncatedFilesSayLineAndColumn() throws {
        var generator = SeededGenerator(seed: 25)
        for _ in 0..<40 {
            let length = Int.random(in: 0..<Self.original.count, using: &generator)
            let path = try tokenizerTemporaryFile("tokenizer.json", Self.original.prefix(length))
            #expect {
                try HFTokenizer(file: path)
            } throws: { error in
                let error = error as! TokenizerError
                return error.path == path && error.code == .malformed && error.message.hasPrefix("line ")
            }
        }
    }

    @Test func mutatedBytesNeverCrash() throws {
        var generator = SeededGenerator(seed: 2025)
        for _ in 0..<150 {
            var bytes = [UInt8](Self.original)
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            try Self.check(Data(bytes))
        }
    }

    /// A SentencePiece charsmap with changed bytes (trie, header or replacements) is refused or
    /// normalizes text; a damaged trie never sends a lookup outside the blob.
    @Test func mutatedCharsmapNeverCrashes() throws {
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: TokenizerJSONParityTests.tokenizerFile("xlmr-spm"))),
                          as: UTF8.self)
        let start = try #require(text.range(of: #""precompiled_charsmap": ""#)).upperBound
        let end = try #require(text[start...].firstIndex(of: "\""))
        let blob = try #require(Data(base64Encoded: String(text[start..<end])))
        let texts = Array(TokenizerJSONParityTests.edgeTexts.prefix(40))
        var generator = SeededGenerator(seed: 25)
        var loaded = 0
        for _ in 0..<120 {
            var bytes = [UInt8](blob)
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                // Half of the changes hit the header and the first units, where the trie's root lives.
                let range = Bool.random(using: &generator) ? 0..<64 : 0..<bytes.count
                bytes[Int.random(in: range, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            guard let charsmap = try? PrecompiledCharsmap(bytes) else { continue }
            loaded += 1
            for text in texts { _ = charsmap.apply(text) }
        }
        #expect(loaded > 0)
    }

    @Test func missingFileIsNamed() {
        #expect(throws: TokenizerError.self) { try HFTokenizer(file: "/nonexistent/tokenizer.json") }
    }
}
