import Foundation
import Testing
@testable import Datasets

/// Differential tests of `HFTokenizer` against Hugging Face `tokenizers` 0.23 on tokenizers
/// it trained on VADER (`scripts/parity/tokenizer_json.py`, whose docstring describes the
/// fixture files). Every text is compared: each reference is one FNV-1a hash of the ids
/// written as `0,713,...,2`; a sample of full ids makes a failure readable.
@Suite struct TokenizerJSONParityTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tokenizers").path

    /// One tokenizer under test and the fixture folder holding its references.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let references: String
        let load: @Sendable () throws -> HFTokenizer
        var testDescription: String { name }
    }

    static func tokenizerFile(_ kind: String) -> String { folder + "/" + kind + "/tokenizer.json" }

    static let cases: [Case] = ["bpe", "unigram", "wordpiece", "wordpiece-seq", "xlmr-spm", "wordpiece-split",
                                        "wordpiece-split-regex"].map { kind in
        Case(name: kind, references: kind) { try HFTokenizer(file: tokenizerFile(kind)) }
    } + [
        Case(name: "bpe from vocab.json + merges.txt", references: "bpe") {
            try HFTokenizer(vocabularyFile: folder + "/bpe/vocab.json", mergesFile: folder + "/bpe/merges.txt")
        },
    ]

    static let edgeTexts: [String] = {
        let data = try! Data(contentsOf: URL(fileURLWithPath: folder + "/edge-texts.json"))
        return try! JSONDecoder().decode([String].self, from: data)
    }()

    /// VADER's files in the reference's order (by name).
    static let vaderFiles = ["amazonReviewSnippets_GroundTruth.txt", "movieReviewSnippets_GroundTruth.txt",
                             "nytEditorialSnippets_GroundTruth.txt", "tweets_GroundTruth.txt"]

    /// Each VADER file's texts (the third tab-separated field of every non-blank line), or
    /// nil without the asset.
    static let vaderCorpus: [[String]]? = {
        var corpus: [[String]] = []
        for name in vaderFiles {
            guard let path = TokenizerAssets.vader(name), let data = FileManager.default.contents(atPath: path) else { return nil }
            var texts: [String] = []
            for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                var line = line
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                guard line.contains(where: { !" \t\n\r\u{0B}\u{0C}".utf8.contains($0) }) else { continue }
                let fields = line.split(separator: UInt8(ascii: "\t"), maxSplits: 2, omittingEmptySubsequences: false)
                texts.append(String(decoding: fields[2], as: UTF8.self))
            }
            corpus.append(texts)
        }
        return corpus
    }()

    static func fnv1a32(_ ids: [Int]) -> UInt32 {
        var hash: UInt32 = 0x811C9DC5
        for byte in ids.map(String.init).joined(separator: ",").utf8 {
            hash = (hash ^ UInt32(byte)) &* 0x01000193
        }
        return hash
    }

    static func hashes(_ file: String) throws -> [UInt32] {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        return stride(from: 0, to: data.count, by: 4).map { offset in
            data[offset..<offset + 4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        }
    }

    /// Encodes every text (truncation to 128) and reports the first mismatches with their ids.
    static func compare(_ tokenizer: HFTokenizer, _ texts: [String], _ referenceFile: String, from first: Int = 0) throws {
        let all = try hashes(referenceFile)
        try #require(all.count >= first + texts.count)
        let reference = Array(all[first..<(first + texts.count)])
        var mismatches: [String] = []
        for (index, text) in texts.enumerated() {
            let ids = tokenizer.encode(text, maxLength: 128).ids
            if fnv1a32(ids) != reference[index] {
                mismatches.append("#\(index) \(text.debugDescription): \(ids)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(texts.count) differ, first: \(mismatches.prefix(3).joined(separator: "\n"))")
    }

    @Test(arguments: cases)
    func unicodeEdgeCases(_ tokenizerCase: Case) throws {
        try Self.compare(try tokenizerCase.load(), Self.edgeTexts, Self.folder + "/\(tokenizerCase.references)/edge.fnv32")
    }

    @Test(.enabled(if: vaderCorpus != nil, "needs the vader asset (finetune fetch vader)"),
          arguments: cases, vaderFiles.indices)
    func vaderTexts(_ tokenizerCase: Case, file: Int) throws {
        let corpus = try #require(Self.vaderCorpus)
        let first = corpus[..<file].reduce(0) { $0 + $1.count }
        try Self.compare(try tokenizerCase.load(), corpus[file], Self.folder + "/\(tokenizerCase.references)/vader.fnv32",
                         from: first)
    }

    struct Sample: Decodable {
        struct Single: Decodable { let text: String; let ids: [Int] }
        struct Pair: Decodable { let a: String; let b: String; let ids: [Int]; let type_ids: [Int] }
        let singles: [Single]
        let pairs: [Pair]
    }

    @Test(arguments: cases)
    func sampleIDsAndPairs(_ tokenizerCase: Case) throws {
        let tokenizer = try tokenizerCase.load()
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/\(tokenizerCase.references)/sample.json"))
        let sample = try JSONDecoder().decode(Sample.self, from: data)
        for single in sample.singles {
            #expect(tokenizer.encode(single.text, maxLength: 128).ids == single.ids, "\(single.text.debugDescription)")
        }
        for pair in sample.pairs {
            let encoded = tokenizer.encode(pair.a, pair: pair.b, maxLength: 24)
            #expect(encoded.ids == pair.ids, "\(pair.a.debugDescription) + \(pair.b.debugDescription)")
            #expect(encoded.typeIDs == pair.type_ids)
        }
    }
}
