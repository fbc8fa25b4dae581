import Datasets
import Foundation
import Testing
@testable import Tracking

/// tracking.jsonl is appended line by line and can be cut by a kill or damaged on disk: reading
/// it never crashes, keeps every intact line in order, and skips what it cannot read.
struct TrackingRecordDamageTests {
    static let records: [TrackingRecord] = [
        TrackingRecord(kind: .start, time: 1, attempt: "a", params: ["optimizer.lr": "0.001"], tags: ["finetune.run_id": "x"]),
        TrackingRecord(kind: .epoch, time: 2, attempt: "a", step: 1, metrics: ["train.loss": 0.5, "validation.accuracy": 0.75]),
        TrackingRecord(kind: .epoch, time: 3, attempt: "a", step: 2, metrics: ["train.loss": 0.25]),
        TrackingRecord(kind: .start, time: 4, attempt: "b", params: ["optimizer.lr": "0.003"]),
        TrackingRecord(kind: .end, time: 5, attempt: "b", step: 1, metrics: ["final.test.accuracy": 0.5], status: "done"),
    ]

    static func file() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try records.flatMap { Array(try encoder.encode($0)) + [UInt8(ascii: "\n")] }
    }

    static func read(_ bytes: [UInt8]) throws -> [TrackingRecord] {
        let path = NSTemporaryDirectory() + "tracking-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return TrackingRecord.read(path)
    }

    @Test func anIntactFileReadsBackWhole_andItsLastAttemptIsB() throws {
        let read = try Self.read(Self.file())
        #expect(read == Self.records)
        #expect(TrackingRecord.lastAttempt(read).map(\.attempt) == ["b", "b"])
        #expect(TrackingRecord.read("/nonexistent/tracking.jsonl").isEmpty)
    }

    /// Cut at every seeded offset (a kill mid-line): the lines before the cut, in order.
    @Test func aTruncatedFileKeepsItsCompleteLines() throws {
        let bytes = try Self.file()
        var rng = SeededGenerator(seed: 20261207)
        for _ in 0..<60 {
            let cut = Int(rng.next() % UInt64(bytes.count))
            let read = try Self.read(Array(bytes[..<cut]))
            let complete = bytes[..<cut].filter { $0 == UInt8(ascii: "\n") }.count
            #expect(read.count >= complete && read.count <= complete + 1, "cut at \(cut)")
            #expect(Array(Self.records.prefix(complete)) == Array(read.prefix(complete)), "cut at \(cut)")
        }
    }

    /// Seeded byte mutations: never a crash; every record read is one of the file's own or a
    /// decodable mutation of the line it came from, and no more records than lines come back.
    @Test func mutatedBytesNeverCrash() throws {
        let bytes = try Self.file()
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<150 {
            var damaged = bytes
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                damaged[Int(rng.next() % UInt64(damaged.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
            let read = try Self.read(damaged)
            #expect(read.count <= damaged.filter { $0 == UInt8(ascii: "\n") }.count + 1)
            _ = TrackingRecord.lastAttempt(read)
        }
    }
}
