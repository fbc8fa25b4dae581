/// The members of a zip archive as torch.save writes it: stored (uncompressed) entries found
/// through the central directory (zip64 records included), each member's bytes a range of the
/// file, its CRC-32 checked when it is read.
///
/// Strict and bounded: every offset and size is checked against the file before use; a
/// compressed or encrypted member, a repeated name or a member overlapping another is refused.
struct ZipArchive {
    struct Member {
        var name: String
        var range: Range<Int>
        var crc32: UInt32
    }

    let bytes: [UInt8]
    let source: String
    /// Members in central-directory order.
    private(set) var members: [Member] = []
    private var index: [String: Int] = [:]

    static func looksLikeZip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && bytes[2] == 0x03 && bytes[3] == 0x04
    }

    init(bytes: [UInt8], source: String) throws(SafeTensorsError) {
        self.bytes = bytes
        self.source = source
        try readDirectory()
    }

    private func fail(_ message: String) -> SafeTensorsError {
        SafeTensorsError(.archive, file: source, "zip archive: \(message)")
    }

    private func integer(_ offset: Int, _ width: Int) -> UInt64 {
        var value: UInt64 = 0
        for shift in 0..<width { value |= UInt64(bytes[offset + shift]) << (8 * UInt64(shift)) }
        return value
    }

    /// Whether `count` bytes from `offset` lie inside the file.
    private func inside(_ offset: UInt64, _ count: UInt64) -> Bool {
        offset <= UInt64(bytes.count) && count <= UInt64(bytes.count) - offset
    }

    private mutating func readDirectory() throws(SafeTensorsError) {
        // 1. The end-of-central-directory record: the last signature within 22 + 65,535 bytes.
        guard bytes.count >= 22 else { throw SafeTensorsError(.truncated, file: source, "zip archive of \(bytes.count) bytes has no end-of-directory record") }
        var end = -1
        var at = bytes.count - 22
        while at >= max(0, bytes.count - 22 - 65_535) {
            if integer(at, 4) == 0x0605_4B50 { end = at; break }
            at -= 1
        }
        guard end >= 0 else { throw SafeTensorsError(.truncated, file: source, "zip archive has no end-of-directory record (the file may be cut short)") }
        var count = integer(end + 10, 2)
        var directorySize = integer(end + 12, 4)
        var directoryOffset = integer(end + 16, 4)
        // 2. zip64: the locator just before it points at the zip64 record with the full values.
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            guard end >= 20, integer(end - 20, 4) == 0x0706_4B50 else { throw fail("the zip64 locator is missing") }
            let record = integer(end - 12, 8)
            guard inside(record, 56), integer(Int(record), 4) == 0x0606_4B50 else { throw fail("the zip64 end-of-directory record is missing or out of the file") }
            count = integer(Int(record) + 32, 8)
            directorySize = integer(Int(record) + 40, 8)
            directoryOffset = integer(Int(record) + 48, 8)
        }
        guard inside(directoryOffset, directorySize) else {
            throw fail("the central directory (\(directorySize) bytes at \(directoryOffset)) runs past the end of the file (\(bytes.count) bytes)")
        }
        // Each entry takes at least 46 bytes: a count larger than that is a lie.
        guard count <= directorySize / 46 else { throw fail("\(count) entries cannot fit a \(directorySize)-byte central directory") }

        // 3. The entries.
        var cursor = Int(directoryOffset)
        let directoryEnd = Int(directoryOffset + directorySize)
        var spans: [(range: Range<Int>, name: String)] = []
        for entry in 0..<Int(count) {
            guard cursor + 46 <= directoryEnd, integer(cursor, 4) == 0x0201_4B50 else { throw fail("central directory entry \(entry) is damaged") }
            let flags = integer(cursor + 8, 2), method = integer(cursor + 10, 2)
            let crc = UInt32(integer(cursor + 16, 4))
            var compressed = integer(cursor + 20, 4), size = integer(cursor + 24, 4)
            let nameLength = Int(integer(cursor + 28, 2)), extraLength = Int(integer(cursor + 30, 2)), commentLength = Int(integer(cursor + 32, 2))
            var localOffset = integer(cursor + 42, 4)
            let nameStart = cursor + 46
            guard nameStart + nameLength + extraLength + commentLength <= directoryEnd else { throw fail("central directory entry \(entry) runs past the directory") }
            guard let name = String(validating: bytes[nameStart..<(nameStart + nameLength)], as: UTF8.self) else {
                throw fail("the name of entry \(entry) is not UTF-8")
            }
            // zip64 extended information replaces the fields that read 0xFFFFFFFF, in order.
            var extra = nameStart + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = integer(extra, 2), length = Int(integer(extra + 2, 2))
                guard extra + 4 + length <= extraEnd else { throw fail("'\(name)': an extra field runs past its entry") }
                if id == 0x0001 {
                    var field = extra + 4
                    let fieldEnd = field + length
                    for which in 0..<3 {
                        let current = which == 0 ? size : which == 1 ? compressed : localOffset
                        guard current == 0xFFFF_FFFF else { continue }
                        guard field + 8 <= fieldEnd else { throw fail("'\(name)': the zip64 field is too short") }
                        let value = integer(field, 8)
                        field += 8
                        switch which {
                        case 0: size = value
                        case 1: compressed = value
                        default: localOffset = value
                        }
                    }
                }
                extra += 4 + length
            }
            guard flags & 1 == 0 else { throw fail("'\(name)' is encrypted") }
            guard method == 0 else { throw fail("'\(name)' is compressed (method \(method)); torch.save stores members uncompressed") }
            guard compressed == size else { throw fail("'\(name)': stored sizes differ (\(compressed) and \(size))") }
            // The local header: its own name and extra lengths decide where the data starts.
            guard inside(localOffset, 30), integer(Int(localOffset), 4) == 0x0403_4B50 else {
                throw fail("'\(name)': no local header at byte \(localOffset)")
            }
            let local = Int(localOffset)
            let dataStart = UInt64(local + 30) + integer(local + 26, 2) + integer(local + 28, 2)
            guard inside(dataStart, size), dataStart + size <= directoryOffset else {
                throw fail("'\(name)': its \(size) bytes at \(dataStart) run past the end of the data (the file may be cut short)")
            }
            let range = Int(dataStart)..<Int(dataStart + size)
            guard index[name] == nil else { throw fail("'\(name)' appears twice") }
            index[name] = members.count
            members.append(Member(name: name, range: range, crc32: crc))
            spans.append((local..<range.upperBound, name))
            cursor = nameStart + nameLength + extraLength + commentLength
        }
        spans.sort { $0.range.lowerBound < $1.range.lowerBound }
        for (a, b) in zip(spans, spans.dropFirst()) where b.range.lowerBound < a.range.upperBound {
            throw fail("'\(b.name)' overlaps '\(a.name)'")
        }
    }

    func member(_ name: String) -> Member? { index[name].map { members[$0] } }

    /// A member's bytes, after its CRC-32 is checked.
    func contents(_ member: Member) throws(SafeTensorsError) -> ArraySlice<UInt8> {
        let data = bytes[member.range]
        let actual = CRC32.checksum(data)
        guard actual == member.crc32 else {
            throw fail("'\(member.name)' is damaged: its CRC-32 is \(hex(actual)) but the directory says \(hex(member.crc32))")
        }
        return data
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
