/// Byte-level facts about the raw input that libyaml cannot report well: where invalid
/// UTF-8 starts, and which line and column a byte offset falls on.
///
/// Positions are counted the way libyaml counts them, so marks from both sources agree:
/// lines are 1-based and end at LF, CR, CR LF, NEL, LS or PS; columns are 1-based and
/// count Unicode scalars (a tab is one column, `é` is one column, an emoji is one column);
/// a leading UTF-8 byte order mark takes no column.
enum SourceText {
    /// The byte offset of the first ill-formed UTF-8 sequence, or nil when all is valid.
    static func firstInvalidUTF8Offset(in bytes: [UInt8]) -> Int? {
        // The standard library's validator is fast; only search for the offset on failure.
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// The 1-based line and column of the character starting at byte `offset` (or of the
    /// end of input when `offset` is past the last character).
    static func position(ofByte offset: Int, in bytes: some Collection<UInt8>) -> (line: Int, column: Int) {
        var result = (line: 1, column: 1)
        walk(bytes) { byteOffset, line, column, _ in
            result = (line, column)
            return byteOffset < offset
        }
        return result
    }

    /// The first byte of the character at a 1-based line and column, if there is one.
    static func leadByte(atLine line: Int, column: Int, in bytes: some Collection<UInt8>) -> UInt8? {
        var found: UInt8?
        walk(bytes) { _, l, c, byte in
            if l == line && c == column { found = byte }
            return l < line || (l == line && c < column)
        }
        return found
    }

    /// Calls `visit(byteOffset, line, column, leadByte)` for each character, then once
    /// for the end of input (lead byte nil), until it returns false. A line break is
    /// visited at the end of the line it closes.
    private static func walk(
        _ bytes: some Collection<UInt8>,
        _ visit: (Int, Int, Int, UInt8?) -> Bool
    ) {
        let bytes = Array(bytes)
        var index = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        var line = 1
        var column = 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte & 0xC0 == 0x80 { index += 1; continue }  // continuation byte
            guard visit(index, line, column, byte) else { return }
            let width = breakWidth(bytes, at: index)
            if width > 0 {
                line += 1
                column = 1
                index += width
            } else {
                column += 1
                index += 1
            }
        }
        _ = visit(bytes.count, line, column, nil)
    }

    /// The byte length of the line break at `index` (CR LF counts as one), or 0.
    private static func breakWidth(_ bytes: [UInt8], at index: Int) -> Int {
        func at(_ i: Int) -> UInt8? { i < bytes.count ? bytes[i] : nil }
        switch bytes[index] {
        case 0x0A: return 1
        case 0x0D: return at(index + 1) == 0x0A ? 2 : 1
        case 0xC2 where at(index + 1) == 0x85: return 2  // NEL
        case 0xE2 where at(index + 1) == 0x80 && (at(index + 2) == 0xA8 || at(index + 2) == 0xA9):
            return 3  // LS, PS
        default: return 0
        }
    }
}
