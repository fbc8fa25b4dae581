import Foundation
import Testing
@testable import Datasets

/// Differential test on real text: VADER's human-rated snippets, tokenized by Hugging Face
/// and by `WordPieceTokenizer`, compared line by line through 32-bit FNV-1a hashes of each
/// line's ids written as `101,1996,...,102`.
///
/// Reference (`pip install tokenizers`):
/// ```python
/// from tokenizers import Tokenizer
/// tok = Tokenizer.from_file(".cache/assets/minilm/tokenizer.json")
/// tok.no_padding(); tok.enable_truncation(max_length=128)
/// def fnv1a32(data):
///     h = 0x811C9DC5
///     for b in data: h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
///     return h
/// def texts(name):  # third tab-separated field of every non-blank line
///     raw = open(".cache/assets/vader/" + name, "rb").read().split(b"\n")
///     lines = [l[:-1] if l.endswith(b"\r") else l for l in raw if l.strip()]
///     return [l.decode("utf-8").split("\t", 2)[2] for l in lines]
/// def digest(ts):
///     return "".join("%08x" % fnv1a32(",".join(map(str, tok.encode(t).ids)).encode()) for t in ts)
/// print(digest(texts("tweets_GroundTruth.txt")[:300]))
/// print(digest([t for t in texts("movieReviewSnippets_GroundTruth.txt") if not t.isascii()]))
/// ```
@Suite struct TokenizerVADERParityTests {
    struct Corpus: Sendable, CustomTestStringConvertible {
        let file: String
        /// Which lines of the file: the first 300, or those with non-ASCII text.
        let select: @Sendable ([String]) -> [String]
        /// Hex FNV-1a hashes of the reference ids, 8 digits per line.
        let hashes: String
        var testDescription: String { file }
    }

    static let corpora = [
        Corpus(file: "tweets_GroundTruth.txt", select: { Array($0.prefix(300)) }, hashes: """
            87da85beefc0441aaec639bda7bab90e17bb1a65d4126a6cc8ec8d05f3520a4d4d2e46bd3b72cad783569bd4d14f7ee3
            2091bafc65ff54f99b6ae672fcfbb86acf7749bb14767bf13d89142865f8e42bf71574908d015b151b8a0ee615a19f41
            fa5149ae76b0d6bab2a4b3dde29add20e2af5b2ee0b04eb1bc9313be81d4956f3f0430a7d8366a81bd3a0e3a112e7b1e
            875012ecefe5dc72f33c331c4bdc8f4aa7188e9f9c6fcf7e456daf6456fb7441c04473acace7acee4848b23cfa57e2fd
            7f75b214c757fa2ce8ac5f3bb74e7da65cf9789d2b31db890c0d3d52a2af4b39716f83f594738f47f820b9de88af3f52
            6f61a778480b568b0bf03ba203e9a91c056aa9ce43d07f75b44acef0912c3929b885e2412b3bb97510df60afaa5ea999
            edcd54b9ba4206bc430a064834d09abb48cfa4af784a10d2246c3887d2cd847267cdf2be4cc463a6fd3e404bf4645288
            c088407a7f2bcf3dbfab54c8c8475d8db28d480d8519991b3ed5e22e2aa99160948e18045b65ee589a66971d4de819cf
            9c59374805275b44e0f92a427138d20e060f15af40d048bc0243fb73ec2071644b68131da7160aa33256ffb4345478f5
            f7a74913c2285d0fb0582dd72184fccaeec2b6a42186a770a1b2800061433032cbee1360ba1136b994354dec61d2ea1c
            835f76ae4cd3615303fb92fe1c55280a96ae39de938655b04ab50e737b4c7f2d7c77b22a84105270864a2d1e60137871
            43ebbf4fe73788057cb0008245547682b7387a22c32d1539fbcd3e4ff11d9f918f972bb01a072866b42fbf7647949117
            e84b179e940edb1f7202e9a3c0cf8c09eade6fd616010ef866b051db7f021af6bb41db4409804b70a2b24671c3a99e2d
            cda9a7848439d95006834aa09ca331a00347fb968507255cfe6e68cd637fb4ad654fca821ccb9d02bf4219eacf3e29b3
            42caf0e4a495d1a643f2d0dcf4015dbe974452d889c3afbbea011f5dc6c3b1e2d643b351c8dbc71c7a756a6a60af6a2d
            a39efcc754c1c7284428101acb3df2d294718c3fe4b7067675788798dd6ede40093d067aac5336cd4c28795e77bb054b
            9489ece72f5a942a0ff0a77003fa2cd62302d54f7533e3ffc4120d609be64910693ccccf06fae5f8f735cf4dd0b142f6
            705efdb27a2a666bb68ad0605ac342844551b6c23fd279523b6e44a7e8d6b3f55423e3203bed4f501dc94bd3463dc9a8
            e8862946cfdf2dbba55284b40712fab1acc5492dc0ff861d990ce95c29a30cf28d615125cfd082287ed1d576a731838e
            a54d838dbfd28b919bc4423609b6544a2c318762da57eae692b8ba05e5e64ed6877379af3f8cae19ac9f07bbed42f664
            78dbbb0a5620728cae7104c4de42013c05526392f5a85894bbc39ed9833675b9cdc2ddb664501af63719da9238d2ea1f
            0032d039f0049e7d0968671afc881a7f98874b448dcdd4a816391dc1b75a11e1e8a0c84b61eea6e19f448f0954a90d45
            8645dbe16f396344738879c512b84665a532bbcfe42a44315f6a8f7f997ba469209f61649842afc5a273a2065fc180e9
            521272b24a7453c77edb03cb951cb6d2052500a03abc1a82ec8cd84534b919d8730a08bf0bbae2f85af8bb16ffa234f0
            d31b05c752b56a18d869e5b9a5d0149abfb96bfb0a15faa6df401708c8091adddf0069d1b3d9e481d9508317dd0d3c01
            """),
        Corpus(file: "movieReviewSnippets_GroundTruth.txt",
               select: { $0.filter { !$0.unicodeScalars.allSatisfy(\.isASCII) } }, hashes: """
            69dc8eca6dcf33f3af881f3a11520e5d71425583ee9f42520ff226da7bc0ce7481996e5e1c12044fb4ae77de51b0746b
            4bd6674772063fc515dd01c289b505e9f35ff82890f630aba229795ff1ba956af7faa59d6e56309075071c6cd0e5f45c
            a7858ce99da2517c0804d0fb02074f62c8e923bd8ac97be34b733536e0dff7997056e48bc43796045b3c8b148385b4a6
            2b22da75af445525090fd913cca606e7296e48ab36dd6109099c0b1bf16a1bcf624a626f3afcd732a8fa4c116e107f18
            e8c5a62690b0a3585fc9ae5bcb15b3f8c3097e914f4d1667ee8a8a32442b652600a9f6b7a5860f3c80c6cc6f3ece1e5e
            d969524ba857906955498198cfbb648c61c0f313c2fdfe496a3a1c54924731bf9ec9c9faf474ffeabb348f0495d95f92
            15b2bc807be507274e8da16be89a63b70283711a730c1f83ccb6153781a7e256685bd322d07d9e452f5ec2598cc5e28c
            3c0ccf5073a3571d65b6369ffc52524447083150890b12858a7905b65e959ba662736d405d42cf8a1857844b220e8d9a
            4bc5cc42e464ed22e889d45c23af19db64c85a7c79d383cd9577cef4da39e483942d38318bbaba3a66ff1c741baac8ca
            9596ff3ae2f54dd9fb07da4cd70174cf646b7ce7e0e7b3b76fa52d95b33c75f21613fc75fc786560b005d4204cc2789b
            bfa6ee572331413fd739de1996e60eda48e8a18c97f9b2de19daf7bd97f137d6306d24e858d5c599fcce1b83c38943e1
            5ce33092
            """),
    ]

    @Test(.enabled(if: TokenizerAssets.hasMiniLM), arguments: corpora)
    func idsMatchHuggingFaceLineByLine(_ corpus: Corpus) throws {
        let tokenizer = try #require(TokenizerAssets.miniLM)
        let path = try #require(TokenizerAssets.vader(corpus.file), "VADER file missing")
        let texts = corpus.select(try Self.texts(path))
        let expected = Self.lineHashes(corpus.hashes)
        try #require(texts.count == expected.count, "\(texts.count) lines selected, \(expected.count) hashes")
        for (number, text) in texts.enumerated() {
            let ids = tokenizer.encode(text, maxLength: 128).ids
            let hash = Self.fnv1a32(ids.map(String.init).joined(separator: ","))
            if hash != expected[number] {
                Issue.record("""
                    first differing line \(number + 1): \(text)
                    Swift pieces: \(tokenizer.tokenize(text))
                    Swift ids: \(ids)
                    """)
                return
            }
        }
    }

    /// The third tab-separated field of every non-blank line (the files end lines in CRLF).
    static func texts(_ path: String) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line -> String? in
            let bytes = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
            guard let text = String(bytes: bytes, encoding: .utf8),
                  !text.allSatisfy(\.isWhitespace) else { return nil }
            return text.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
                .dropFirst(2).first.map(String.init)
        }
    }

    static func lineHashes(_ hex: String) -> [UInt32] {
        let digits = Array(hex.filter(\.isHexDigit))
        return stride(from: 0, to: digits.count, by: 8).map { UInt32(String(digits[$0..<$0 + 8]), radix: 16)! }
    }

    static func fnv1a32(_ text: String) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in text.utf8 { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return hash
    }
}
