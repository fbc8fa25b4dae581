import Foundation

/// Reading text inputs with line numbers. Works on bytes: the VADER files end lines with
/// CRLF, which Swift treats as one `Character`, so splitting a `String` on "\n" would miss
/// them; both LF and CRLF are accepted here, and a missing final newline is fine.
enum TextFile {
    static func bytes(at path: String, what: String) throws(DatasetError) -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DatasetError(.unreadable, path: path, "\(what) not found")
        }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw DatasetError(.unreadable, path: path, "cannot read \(what): \(error.localizedDescription)")
        }
    }

    /// The lines of a UTF-8 file, numbered from 1, without their terminators; a leading
    /// byte-order mark is dropped.
    static func lines(at path: String, what: String) throws(DatasetError) -> [(number: Int, text: String)] {
        let bytes = try bytes(at: path, what: what)
        var lines: [(number: Int, text: String)] = []
        var start = hasByteOrderMark(bytes) ? 3 : 0
        var number = 1
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            var contentEnd = end
            if contentEnd > start && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            guard let text = String(validating: bytes[start..<contentEnd], as: UTF8.self) else {
                throw DatasetError(.encoding, path: path, line: number, "line is not valid UTF-8")
            }
            lines.append((number, text))
            number += 1
            start = end + 1
        }
        return lines
    }

    static func hasByteOrderMark(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }
}
