import Foundation
import Testing
import YAML

@Suite("Input errors: encoding, emptiness, documents, syntax, files")
struct InputErrorTests {
    @Test(arguments: [
        ([0x61, 0x3A, 0x20, 0xE9], Position(1, 4)),
        (Array("a: 1\nb: caf".utf8) + [0xE9, 0x0A], Position(2, 7)),
        (Array("k: 日本\nv: ".utf8) + [0xC3, 0x28], Position(2, 4)),
        ([0xFF, 0xFE, 0x61, 0x00], Position(1, 1)),  // UTF-16 is refused too
    ] as [([UInt8], Position)])
    func invalidUTF8IsLocated(bytes: [UInt8], position: Position) throws {
        do {
            _ = try YAMLParser.parse(bytes, file: "bad.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("is not valid UTF-8"))
            #expect(Position(error.mark) == position)
            #expect(error.description.hasPrefix("bad.yaml:\(position.line):\(position.column): error: "))
        }
    }

    @Test(arguments: ["", "   \n\n", "# only a comment\n# and another\n", "---\n", "---\n# nothing\n...\n", "\u{FEFF}"])
    func emptyFileIsAnError(text: String) throws {
        let error = try #require(parseError(text))
        #expect(error.description.hasPrefix("test.yaml:1:1: error: file is empty"))
    }

    @Test func explicitNullDocumentIsNotEmpty() throws {
        #expect(try parse("~").scalar?.value == .null)
    }

    @Test(arguments: [
        ("a: 1\n---\nb: 2", Position(2, 1)),
        ("--- a\n--- b", Position(2, 1)),
        ("a: 1\n...\n--- b: 2", Position(3, 1)),
    ])
    func secondDocumentIsAnError(text: String, position: Position) throws {
        let error = try #require(parseError(text))
        #expect(error.message.contains("second YAML document"))
        #expect(Position(error.mark) == position)
    }

    @Test func documentEndMarkerAloneIsFine() throws {
        #expect(try render(parse("--- \na: 1\n...\n")) == "{a: 1}")
    }

    @Test(arguments: [
        ("a: [1, 2", Position(2, 1), "did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 4)"),
        ("a: 1\n b: 2", Position(2, 3), "mapping values are not allowed in this context"),
        ("a: 'x", Position(1, 6), "found unexpected end of stream (while scanning a quoted scalar at line 1, column 4)"),
        ("- a\nb: 1", Position(2, 1), "did not find expected '-' indicator (while parsing a block collection at line 1, column 1)"),
        ("a: @x", Position(1, 4), "found character that cannot start any token (while scanning for the next token at line 1, column 4)"),
        ("a:\n\tb: 1", Position(2, 1), "found character that cannot start any token; tabs cannot be used for indentation, use spaces (while scanning for the next token at line 2, column 1)"),
        ("a: 1\n...\nb: 2", Position(3, 1), "did not find expected <document start>"),
        ("a: 1\nb: x\u{07}", Position(2, 5), "control characters are not allowed (U+0007)"),
    ])
    func libyamlErrorsBecomeLocatedErrors(text: String, position: Position, message: String) throws {
        let error = try #require(parseError(text))
        #expect(Position(error.mark) == position)
        #expect(error.message == message)
        #expect(error.mark.file == testFile)
    }

    @Test func errorDescriptionIsFileLineColumn() {
        let error = YAMLError(mark: Mark(file: "x.yaml", line: 2, column: 5), message: "boom")
        #expect(error.description == "x.yaml:2:5: error: boom")
        #expect(YAMLError(file: "y.yaml", message: "m").description == "y.yaml:1:1: error: m")
    }
}

@Suite("Files: reading from disk")
struct FileTests {
    /// A fresh directory under the system temporary folder, removed by `body`'s caller.
    private func withTemporaryDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("yaml-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    @Test func fileIsParsedWithDisplayName() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("study.yaml")
            try Data("experiment: x\nseed: 1\n".utf8).write(to: url)
            let root = try YAMLParser.parse(contentsOf: url.path, displayName: "experiments/study.yaml")
            #expect(root["seed"]?.mark.description == "experiments/study.yaml:2:7")
            let plain = try YAMLParser.parse(contentsOf: url.path)
            #expect(plain.mark.file == url.path)
        }
    }

    /// The error parsing the file gives, or nil (recorded as a failure) when it parses.
    private func fileError(
        _ path: String,
        displayName: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> YAMLError? {
        do {
            _ = try YAMLParser.parse(contentsOf: path, displayName: displayName)
            Issue.record("expected an error", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    @Test func missingFileSaysWhy() throws {
        let error = try #require(fileError("/nonexistent/dir/missing.yaml", displayName: "missing.yaml"))
        #expect(error.description == "missing.yaml:1:1: error: cannot read file: No such file or directory")
    }

    @Test func directoryIsNotAFile() throws {
        try withTemporaryDirectory { directory in
            let error = try #require(fileError(directory.path))
            #expect(error.message == "cannot read file: Is a directory")
            #expect(error.mark.file == directory.path)
        }
    }

    @Test func emptyAndInvalidFilesNameTheFile() throws {
        try withTemporaryDirectory { directory in
            let empty = directory.appendingPathComponent("empty.yaml")
            try Data().write(to: empty)
            let emptyError = try #require(fileError(empty.path, displayName: "empty.yaml"))
            #expect(emptyError.description.hasPrefix("empty.yaml:1:1: error: file is empty"))

            let latin1 = directory.appendingPathComponent("latin1.yaml")
            try Data([0x6E, 0x3A, 0x20, 0x63, 0x61, 0x66, 0xE9, 0x0A]).write(to: latin1)
            let latin1Error = try #require(fileError(latin1.path, displayName: "latin1.yaml"))
            #expect(latin1Error.description.hasPrefix("latin1.yaml:1:7: error: file is not valid UTF-8"))
        }
    }

    @Test func largeFileIsReadWhole() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("big.yaml")
            let text = (0..<20_000).map { "key\($0): \($0)" }.joined(separator: "\n")
            try Data(text.utf8).write(to: url)
            let root = try YAMLParser.parse(contentsOf: url.path)
            #expect(root.mapping?.count == 20_000)
            #expect(root["key19999"]?.scalar?.value == .int(19_999))
        }
    }
}
