import Foundation
import Testing
@testable import Datasets
@testable import Training

/// A sweep reads each dataset once, but never serves a file's old contents.
@Suite struct FileMemoTests {
    private func csv(_ rows: [String]) throws -> String {
        let path = NSTemporaryDirectory() + "memo-\(UUID().uuidString).csv"
        try (["x,label"] + rows).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aFileIsReadOnceWhileUnchanged_andAgainAfterAnEdit() throws {
        let path = try csv(["1,a", "2,b"])
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reads = 0
        func load() throws -> Dataset {
            try FileMemo.value("test|\(path)", file: path) {
                reads += 1
                return try Dataset.csv(path: path, label: "label", features: nil, task: .classification)
            }
        }
        #expect(try load().count == 2)
        #expect(try load().count == 2)
        #expect(reads == 1)
        // Same size would not do: the modification time changes too.
        try ["x,label", "1,a", "2,b", "3,a"].joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try load().count == 3)
        #expect(reads == 2)
    }

    @Test func aMissingFileIsNeverKept() throws {
        var reads = 0
        for _ in 0..<2 {
            _ = try? FileMemo.value("missing", file: "/nonexistent/memo.csv") { () throws -> Int in
                reads += 1
                throw TrainingError("no such file")
            }
        }
        #expect(reads == 2)
    }
}
