/// The orientation in an EXIF block, read as Pillow 13 reads it (`Image.Exif.load`, then
/// `exif.get(0x0112)`), by a small reader that checks every offset against the block's length.
///
/// The block is a TIFF structure: an 8-byte header (byte order, 42, offset of the first
/// directory), then directories of 12-byte entries (tag, type, count, value or offset). Only the
/// first directory (IFD0) holds the orientation. Pillow's rules, kept here because they decide
/// which photos get turned:
/// - one or two leading `Exif\0\0` are dropped; an empty block has no tags;
/// - a header that is not `MM\0*`, `II*\0` (or the swapped `MM*\0`, `II\0*` Pillow also accepts)
///   or is shorter than 8 bytes makes Pillow's loader raise: `.unreadable`. BigTIFF headers raise
///   too (Pillow reads their offset from bytes the 8-byte header does not have);
/// - entries are read until one does not fit: a directory cut short keeps the entries before the
///   cut. An entry whose out-of-line value does not fit ends the directory there, too; one whose
///   values would bring the running total of out-of-line bytes over the block's length is
///   skipped; entries of unknown types or with no values are skipped; a repeated tag keeps its
///   first entry;
/// - the orientation is the first value of the tag (Pillow warns and takes the first when there
///   are several). Numbers compare by value: SHORT, LONG, their signed forms, the IFD and LONG8
///   types, FLOAT, DOUBLE and rationals all count when they equal 2...8 (Pillow's lookup table
///   matches 6, 6.0 and 12/2 alike); BYTE, UNDEFINED and ASCII values are byte strings in Pillow
///   and match nothing. A tag that is present but matches nothing still counts as present, so
///   XMP is not consulted.
enum ExifReader {
    enum Orientation: Equatable {
        /// Not a TIFF structure: Pillow's loader raises. finetune then leaves the image as it is
        /// (what Pillow ends with for most JPEGs; for PNGs, and JPEGs with a JFIF resolution,
        /// Pillow's exif_transpose raises instead).
        case unreadable
        /// No orientation tag: an XMP orientation may apply.
        case absent
        case present(ImageOrientation)
    }

    static let orientationTag = 0x0112

    static func orientation(in block: [UInt8]) -> Orientation {
        let prefix = Array("Exif\0\0".utf8)
        var start = 0
        for _ in 0..<2 where block.count - start >= 6 && Array(block[start..<start + 6]) == prefix { start += 6 }
        let data = Array(block[start...])
        if data.isEmpty { return .absent }
        guard data.count >= 8 else { return .unreadable }
        let bigEndian: Bool
        switch (data[0], data[1], data[2], data[3]) {
        case (0x4D, 0x4D, 0x00, 0x2A), (0x4D, 0x4D, 0x2A, 0x00): bigEndian = true
        case (0x49, 0x49, 0x2A, 0x00), (0x49, 0x49, 0x00, 0x2A): bigEndian = false
        default: return .unreadable
        }
        let reader = TIFFBlock(data: data, bigEndian: bigEndian)
        guard let entry = reader.ifd0Entry(tag: orientationTag, offset: reader.u32(4)) else { return .absent }
        guard let value = reader.firstNumber(type: entry.type, at: entry.value) else { return .present(.upright) }
        // Pillow's table holds the integers 2...8; a value matches when it equals one of them.
        guard let integer = value.integer else { return .present(.upright) }
        return .present(ImageOrientation(tagValue: integer))
    }
}

extension ExifReader {
    /// Bounds-checked reads of a TIFF block in its byte order.
    private struct TIFFBlock {
        let data: [UInt8]
        let bigEndian: Bool

        /// A value as Pillow holds it: an integer, a float or a fraction.
        enum Number {
            case integer(Int)
            case real(Double)
            case fraction(numerator: Int, denominator: Int)

            /// The integer it equals, if any.
            var integer: Int? {
                switch self {
                case .integer(let n): return n
                case .real(let x): return x.isFinite && x == x.rounded() && abs(x) < 1e15 ? Int(x) : nil
                case .fraction(let numerator, let denominator):
                    return denominator != 0 && numerator % denominator == 0 ? numerator / denominator : nil
                }
            }
        }

        func unsigned(_ at: Int, _ size: Int) -> UInt64 {
            var value: UInt64 = 0
            for i in 0..<size {
                let byte = UInt64(data[bigEndian ? at + i : at + size - 1 - i])
                value = value << 8 | byte
            }
            return value
        }

        func u16(_ at: Int) -> Int { Int(unsigned(at, 2)) }
        func u32(_ at: Int) -> Int { Int(unsigned(at, 4)) }

        /// Where the first kept entry for `tag` in the directory at `offset` has its values.
        func ifd0Entry(tag wanted: Int, offset: Int) -> (type: Int, value: Int)? {
            guard offset <= data.count - 2 else { return nil }
            let count = u16(offset)
            var position = offset + 2
            var kept = Set<Int>()
            var outOfLineBytes = 0
            var found: (type: Int, value: Int)?
            for _ in 0..<count {
                guard position <= data.count - 12 else { break }
                let tag = u16(position), type = u16(position + 2), values = u32(position + 4)
                let field = position + 8
                position += 12
                if kept.contains(tag) { continue }
                guard let unit = Self.unitSizes[type] else { continue }
                let size = values * unit
                var at = field
                if size > 4 {
                    let offset = u32(field)
                    outOfLineBytes += size
                    if outOfLineBytes > data.count { continue }
                    guard offset <= data.count - size else { break }
                    at = offset
                }
                if size == 0 { continue }
                kept.insert(tag)
                if tag == wanted { found = (type, at) }
            }
            return found
        }

        /// The first value of an entry of `type` whose values start at `at`; nil for byte strings.
        func firstNumber(type: Int, at: Int) -> Number? {
            switch type {
            case 3: return .integer(u16(at))
            case 4, 13: return .integer(u32(at))
            case 6: return .integer(Int(Int8(truncatingIfNeeded: data[at])))
            case 8: return .integer(Int(Int16(truncatingIfNeeded: u16(at))))
            case 9: return .integer(Int(Int32(truncatingIfNeeded: u32(at))))
            case 16:
                let value = unsigned(at, 8)
                return value <= UInt64(Int.max) ? .integer(Int(value)) : .real(Double(value))
            case 11: return .real(Double(Float(bitPattern: UInt32(u32(at)))))
            case 12: return .real(Double(bitPattern: unsigned(at, 8)))
            case 5: return .fraction(numerator: u32(at), denominator: u32(at + 4))
            case 10:
                return .fraction(numerator: Int(Int32(truncatingIfNeeded: u32(at))),
                                 denominator: Int(Int32(truncatingIfNeeded: u32(at + 4))))
            default: return nil  // BYTE, ASCII, UNDEFINED
            }
        }

        /// Bytes per value of each TIFF type Pillow reads; entries of other types are skipped.
        private static let unitSizes: [Int: Int] = [1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8]
    }
}
