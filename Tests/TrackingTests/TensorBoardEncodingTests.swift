import Foundation
import Testing
@testable import Tracking

/// The event bytes against TensorBoard's own protobuf classes (Fixtures/events.json, made by
/// scripts/tracking/event_fixtures.py in the tracking venv), and the record framing and CRC.
@Suite("TensorBoard's event format")
struct TensorBoardEncodingTests {
    static let fixtures: [String: String] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/events.json")
        return (try! JSONSerialization.jsonObject(with: Data(contentsOf: url))) as! [String: String]
    }()

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func fileVersionEvent() {
        #expect(Self.hex(TensorBoardEvent.fileVersion(wallTime: 1.5)) == Self.fixtures["file_version"])
    }

    @Test func scalarEvent() {
        let bytes = TensorBoardEvent.scalars([("validation/accuracy", 0.25), ("lr/head", 0.001)], step: 3, wallTime: 2)
        #expect(Self.hex(bytes) == Self.fixtures["scalars"])
    }

    @Test func hparamsSessionStart() {
        // The fixture's map order (protobuf's deterministic order); a map's order carries no meaning.
        let bytes = TensorBoardEvent.sessionStart(hparams: [("seed", .number(1)), ("residual", .bool(true)),
                                                            ("optimizer.name", .string("adam")), ("model.dropout", .number(0))],
                                                  group: "lr=1e-3,dropout=0.0", startTime: 10)
        #expect(Self.hex(bytes) == Self.fixtures["session_start"])
    }

    @Test func hparamsSessionEnd() {
        #expect(Self.hex(TensorBoardEvent.sessionEnd(.success, endTime: 12)) == Self.fixtures["session_end"])
    }

    /// CRC-32C's check value, and TFRecord's mask of it.
    @Test(arguments: [("123456789", UInt32(0xE306_9283)), ("", UInt32(0)), ("a", UInt32(0xC1D0_4330))])
    func crc32c(text: String, expected: UInt32) {
        #expect(CRC32C.checksum(Array(text.utf8)) == expected)
        let crc = expected
        #expect(CRC32C.masked(Array(text.utf8)) == ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8)
    }

    @Test func recordFraming() {
        let data: [UInt8] = [1, 2, 3]
        let record = [UInt8](TensorBoardFile.record(data))
        #expect(record.count == 8 + 4 + 3 + 4)
        #expect(record[0..<8] == [3, 0, 0, 0, 0, 0, 0, 0])
        let lengthCRC = record[8..<12].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
        #expect(lengthCRC == CRC32C.masked(record[0..<8]))
        #expect(Array(record[12..<15]) == data)
        let dataCRC = record[15..<19].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
        #expect(dataCRC == CRC32C.masked(data))
    }

    /// Each attempt opens its own file: a second tracker never appends to the first's.
    @Test func everyAttemptGetsItsOwnFile() throws {
        let folder = NSTemporaryDirectory() + "tb-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try TensorBoardFile(folder: folder)
        let second = try TensorBoardFile(folder: folder)
        #expect(first.path != second.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains("tfevents") }.count == 2)
    }
}
