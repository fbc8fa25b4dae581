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
        Edit(name: "unknown normalizer", from: #""type": "BertNormalizer""#, to: #""type": "Precompiled""#,
             expected: "at normalizer.type: normalizer 'Precompiled' is not supported"),
        Edit(name: "lstrip not a boolean", from: #""lstrip": false"#, to: #""lstrip": 0"#,
             expected: "at added_tokens[0].lstrip: expected true or false, found the number 0"),
        Edit(name: "unk token missing from the vocabulary", from: #""unk_token": "[UNK]""#, to: #""unk_token": "<unk>""#,
             expected: "at model.unk_token: unk_token '<unk>' is not in the vocabulary"),
    ]

    @Test(arguments: edits)
    func namedDamage(_ edit: Edit) throws {
        let text = String(decoding: Self.original, as: UTF8.self)
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

    @Test func missingFileIsNamed() {
        #expect(throws: TokenizerError.self) { try HFTokenizer(file: "/nonexistent/tokenizer.json") }
    }
}
