import Foundation

/// Complete lines from a non-blocking descriptor (a pipe), without ever blocking: what has
/// arrived so far, split at newlines; a partial last line waits for the rest.
public final class LineReader {
    public let descriptor: Int32
    private var partial = Data()
    /// True once the other end closed the pipe and every line was returned.
    public private(set) var ended = false

    public init(descriptor: Int32) {
        self.descriptor = descriptor
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    /// The lines that are complete now.
    public func lines() -> [String] {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count > 0 { partial.append(contentsOf: buffer[0..<count]); continue }
            if count == 0 { ended = true }
            if count < 0, errno == EINTR { continue }
            break
        }
        var result: [String] = []
        while let newline = partial.firstIndex(of: UInt8(ascii: "\n")) {
            result.append(String(decoding: partial[partial.startIndex..<newline], as: UTF8.self))
            partial = Data(partial[(newline + 1)...])
        }
        if ended, !partial.isEmpty {
            result.append(String(decoding: partial, as: UTF8.self))
            partial = Data()
        }
        return result
    }
}
