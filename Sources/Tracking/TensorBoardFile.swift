import Foundation

/// One TensorBoard event file: TFRecord framing (length, masked CRC-32C of the length, the
/// event, masked CRC-32C of the event), appended record by record so `tensorboard` shows a run
/// while it trains.
///
/// Every run attempt opens a new file (the name carries the time, host, process and a counter),
/// so a resumed or re-run run never appends to a half-written one; TensorBoard reads all the
/// files of a run folder in order. Event files are the one stream finetune appends to instead
/// of replacing atomically: a reader meets at worst a torn last record, which the CRCs reject.
final class TensorBoardFile {
    let path: String
    private let handle: FileHandle

    /// Files opened by this process, for unique names within one second.
    nonisolated(unsafe) private static var opened = 0
    private static let lock = NSLock()

    /// Creates `folder` and a new event file in it, starting with the file-version event.
    init(folder: String, now: Date = Date()) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let counter = Self.lock.withLock { () -> Int in
            Self.opened += 1
            return Self.opened
        }
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "localhost"
        let name = "events.out.tfevents.\(Int(now.timeIntervalSince1970)).\(host).\(getpid()).\(counter).finetune"
        path = folder + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw TrackingError("\(path): cannot create the TensorBoard event file")
        }
        self.handle = handle
        try write(TensorBoardEvent.fileVersion(wallTime: now.timeIntervalSince1970))
    }

    deinit { try? handle.close() }

    /// Appends one event as a TFRecord.
    func write(_ event: [UInt8]) throws {
        try handle.write(contentsOf: Self.record(event))
    }

    /// The TFRecord framing of `data`.
    static func record(_ data: [UInt8]) -> Data {
        var out = Data()
        var length = UInt64(data.count).littleEndian
        let lengthBytes = withUnsafeBytes(of: &length) { Array($0) }
        out.append(contentsOf: lengthBytes)
        var lengthCRC = CRC32C.masked(lengthBytes).littleEndian
        withUnsafeBytes(of: &lengthCRC) { out.append(contentsOf: $0) }
        out.append(contentsOf: data)
        var dataCRC = CRC32C.masked(data).littleEndian
        withUnsafeBytes(of: &dataCRC) { out.append(contentsOf: $0) }
        return out
    }
}

/// Why tracking could not be done, with the file or server and the reason.
public struct TrackingError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
