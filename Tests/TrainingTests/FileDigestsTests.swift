import Foundation
import Testing
@testable import Training

/// The feature cache's weights digests are remembered per file version, never served for
/// other bytes.
@Suite struct FileDigestsTests {
    private func folder() -> String { NSTemporaryDirectory() + "digests-\(UUID().uuidString)" }

    @Test func aRememberedDigestEqualsTheFilesHash_andAnEditedFileIsHashedAgain() throws {
        let root = folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let file = root + "/weights.bin"
        try Data("first version".utf8).write(to: URL(fileURLWithPath: file))
        let digests = FileDigests(folder: root + "/records")
        let first = try digests.sha256(file)
        #expect(first == (try FileDigests.compute(file)))
        #expect(try digests.sha256(file) == first)
        #expect((try FileManager.default.contentsOfDirectory(atPath: root + "/records")).count == 1, "one record per version")

        try Data("other version".utf8).write(to: URL(fileURLWithPath: file))  // same size, new bytes
        let second = try digests.sha256(file)
        #expect(second != first)
        #expect(second == (try FileDigests.compute(file)))
    }

    @Test func aDamagedRecordIsIgnored() throws {
        let root = folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let file = root + "/weights.bin"
        try Data("bytes".utf8).write(to: URL(fileURLWithPath: file))
        let digests = FileDigests(folder: root + "/records")
        let digest = try digests.sha256(file)
        for record in try FileManager.default.contentsOfDirectory(atPath: root + "/records") {
            try Data("not a digest".utf8).write(to: URL(fileURLWithPath: root + "/records/" + record))
        }
        #expect(try digests.sha256(file) == digest)
    }

    @Test func aMissingFileIsAnError() {
        #expect(throws: TrainingError.self) { try FileDigests(folder: folder()).sha256("/nonexistent/weights.bin") }
    }
}
