import Foundation
import Testing
@testable import Datasets

/// Opt-in exhaustive check of basic tokenization against Hugging Face, one code point at a
/// time. Generate the reference (about 15 s) and point the test at it:
///
/// ```python
/// # python3 dump.py 1 /tmp/hf_lower.txt   (argument 0 for the cased rules)
/// import sys
/// from tokenizers import normalizers, pre_tokenizers
/// n = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True,
///                                strip_accents=None, lowercase=sys.argv[1] == "1")
/// p = pre_tokenizers.BertPreTokenizer()
/// with open(sys.argv[2], "w") as out:
///     for cp in range(0x110000):
///         if 0xD800 <= cp <= 0xDFFF: continue
///         words = [w for w, _ in p.pre_tokenize_str(n.normalize_str("a" + chr(cp) + "b"))]
///         out.write("%x\t%s\n" % (cp, " ".join(".".join("%x" % ord(c) for c in w) for w in words)))
/// ```
/// `TOKENIZER_SWEEP_UNCASED=/tmp/hf_lower.txt TOKENIZER_SWEEP_CASED=/tmp/hf_cased.txt swift test -c release --filter Sweep`
@Suite struct TokenizerUnicodeSweepTests {
    struct Case: Sendable, CustomStringConvertible {
        let variable: String
        let lowercase: Bool
        var description: String { variable }
    }

    static let cases = [Case(variable: "TOKENIZER_SWEEP_UNCASED", lowercase: true),
                        Case(variable: "TOKENIZER_SWEEP_CASED", lowercase: false)]

    @Test(.enabled(if: cases.contains { ProcessInfo.processInfo.environment[$0.variable] != nil }),
          arguments: cases)
    func everyCodePointMatchesHuggingFace(_ sweep: Case) throws {
        guard let path = ProcessInfo.processInfo.environment[sweep.variable] else { return }
        let vocabulary = try Vocabulary(tokens: ["[PAD]", "[UNK]", "[CLS]", "[SEP]"])
        let tokenizer = WordPieceTokenizer(vocabulary: vocabulary, lowercase: sweep.lowercase)
        let reference = try String(contentsOfFile: path, encoding: .utf8)
        var mismatches: [String] = []
        var checked = 0
        for line in reference.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            let value = UInt32(fields[0], radix: 16)!
            var words: [String] = []
            tokenizer.forEachWord(in: "a" + String(Unicode.Scalar(value)!) + "b") { word in
                if case .scalars(let scalars) = word {
                    words.append(scalars.map { String($0, radix: 16) }.joined(separator: "."))
                }
                return true
            }
            let mine = words.joined(separator: " ")
            checked += 1
            if mine != fields[1] { mismatches.append("\(fields[0])\t\(fields[1])\t\(mine)") }
        }
        if !mismatches.isEmpty {
            let report = "/tmp/tokenizer-sweep-\(sweep.lowercase ? "uncased" : "cased").txt"
            try mismatches.joined(separator: "\n").write(toFile: report, atomically: true, encoding: .utf8)
            Issue.record("\(mismatches.count) of \(checked) code points differ; see \(report)")
        }
    }
}
