import Foundation
import Testing
@testable import Datasets

@Suite struct TokenizerVocabularyTests {
    @Test func loadingMissingFile_throwsFileNotFoundNamingThePath() {
        let path = "/nonexistent/minilm/vocab.txt"
        #expect {
            _ = try WordPieceTokenizer(vocabularyFile: path)
        } throws: { error in
            let error = error as? TokenizerError
            return error?.code == .fileNotFound && error?.description == "\(path): vocabulary file not found"
        }
    }

    @Test(arguments: ["", "\n"])
    func loadingEmptyFile_throwsEmptyVocabulary(_ contents: String) throws {
        let path = try tokenizerTemporaryFile("vocab.txt", Data(contents.utf8))
        #expect(throws: TokenizerError(.emptyVocabulary, path: path, "the vocabulary has no tokens")) {
            _ = try Vocabulary(contentsOfFile: path)
        }
    }

    @Test func loadingVocabularyWithoutSpecials_listsEveryMissingOne() throws {
        let path = try tokenizerTemporaryFile("vocab.txt", Data("[PAD]\n[CLS]\nhello\n".utf8))
        #expect(throws: TokenizerError(.missingSpecialToken, path: path,
                                       "the vocabulary lacks the special tokens '[UNK]', '[SEP]'")) {
            _ = try WordPieceTokenizer(vocabularyFile: path)
        }
    }

    @Test func loadingInvalidUTF8_throwsEncoding() throws {
        let path = try tokenizerTemporaryFile("vocab.txt", Data([0x5B, 0xFF, 0x5D, 0x0A]))
        #expect { _ = try Vocabulary(contentsOfFile: path) } throws: { ($0 as? TokenizerError)?.code == .encoding }
    }

    @Test func loadingCRLFFile_idsAreLineIndices() throws {
        let text = "[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\nhello\r\n##s"
        let vocabulary = try Vocabulary(contentsOfFile: try tokenizerTemporaryFile("vocab.txt", Data(text.utf8)))
        #expect(vocabulary.tokens == ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "hello", "##s"])
        #expect(vocabulary.id(of: "##s") == 5)
        #expect((vocabulary.padID, vocabulary.unknownID, vocabulary.classifierID, vocabulary.separatorID) == (0, 1, 2, 3))
        #expect(vocabulary.maskID == nil)
    }

    @Test func duplicateToken_mapsToItsLastId() throws {
        let tokenizer = try tinyTokenizer(["hi", "hi"])
        #expect(tokenizer.vocabulary.id(of: "hi") == 5)
        #expect(tokenizer.pieceIDs("hi") == [5])
    }

    @Test(.enabled(if: TokenizerAssets.hasMiniLM))
    func miniLMVocabulary_hasBERTsSpecialIds() throws {
        let vocabulary = try #require(TokenizerAssets.miniLM).vocabulary
        #expect(vocabulary.count == 30_522)
        #expect((vocabulary.padID, vocabulary.unknownID, vocabulary.classifierID, vocabulary.separatorID) == (0, 100, 101, 102))
        #expect(vocabulary.maskID == 103)
    }
}
