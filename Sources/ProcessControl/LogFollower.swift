import Foundation

/// Reads the lines a child appended to its log since the last call.
///
/// The child writes its log directly (so the log survives the sweep); the sweep follows it
/// like `tail -f` for progress instead of sitting between the child and its output.
public final class LogFollower {
    public let path: String
    private var offset: UInt64 = 0
    private var partial = Data()

    public init(path: String) { self.path = path }

    public func newLines() -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd(), !data.isEmpty else { return [] }
        offset += UInt64(data.count)
        partial.append(data)
        guard let last = partial.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
        let complete = partial[partial.startIndex..<last]
        partial = Data(partial[(last + 1)...])
        return String(decoding: complete, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// The log's last `count` lines, for failure messages.
    public static func tail(of path: String, lines count: Int) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let lines = String(decoding: data.suffix(64 * 1024), as: UTF8.self).split(separator: "\n").map(String.init)
        return Array(lines.suffix(count))
    }
}
