import Datasets

/// Structure-aware edits of PNG and JPEG files: where their chunks and segments are, and CRCs
/// recomputed so an edit reaches the check behind the CRC.
enum ImageSurgery {
    /// CRC-32 as PNG (and zlib) computes it.
    static func crc32<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    struct Chunk {
        /// Offset of the chunk's length field.
        var offset: Int
        var length: Int
        var type: String
        var dataStart: Int { offset + 8 }
    }

    /// The chunks of a PNG, as far as their lengths hold.
    static func pngChunks(_ bytes: [UInt8]) -> [Chunk] {
        var chunks: [Chunk] = []
        var offset = 8
        while offset + 12 <= bytes.count {
            let length = Int(readU32(bytes, offset))
            guard length <= bytes.count - offset - 12 else { break }
            chunks.append(Chunk(offset: offset, length: length, type: String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)))
            offset += 12 + length
        }
        return chunks
    }

    /// `bytes` with the CRC of the chunk at `chunk` recomputed.
    static func fixingCRC(_ bytes: [UInt8], _ chunk: Chunk) -> [UInt8] {
        var out = bytes
        let end = chunk.dataStart + chunk.length
        guard end + 4 <= out.count else { return out }
        writeU32(&out, end, crc32(out[chunk.offset + 4..<end]))
        return out
    }

    struct Segment {
        /// Offset of the FF of the marker.
        var offset: Int
        var marker: UInt8
        /// The length field's value (2 + payload).
        var length: Int
        var payload: Int { offset + 4 }
    }

    /// The length-prefixed segments of a JPEG up to and including the first SOS.
    static func jpegSegments(_ bytes: [UInt8]) -> [Segment] {
        var segments: [Segment] = []
        var offset = 2
        while offset + 4 <= bytes.count, bytes[offset] == 0xFF {
            let marker = bytes[offset + 1]
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            segments.append(Segment(offset: offset, marker: marker, length: length))
            if marker == 0xDA || length < 2 { break }
            offset += 2 + length
        }
        return segments
    }

    /// Where the entropy-coded data of the first scan starts, if the headers hold.
    static func scanData(_ bytes: [UInt8]) -> Int? {
        guard let sos = jpegSegments(bytes).last, sos.marker == 0xDA else { return nil }
        let start = sos.offset + 2 + sos.length
        return start < bytes.count ? start : nil
    }

    static func readU32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }

    static func writeU32(_ bytes: inout [UInt8], _ at: Int, _ value: UInt32) {
        for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (24 - 8 * i)) }
    }

    static func writeU16(_ bytes: inout [UInt8], _ at: Int, _ value: Int) {
        bytes[at] = UInt8(truncatingIfNeeded: value >> 8)
        bytes[at + 1] = UInt8(truncatingIfNeeded: value)
    }
}

/// Seeded damage of image files, the ways files break: cut short, bits flipped, bytes changed,
/// inserted, deleted or repeated, and edits of the fields decoders trust — PNG IHDR dimensions,
/// bit depth, colour type and interlace, chunk lengths, order and contents (with the CRC fixed so
/// the edit gets past it); JPEG SOF dimensions, precision, components and sampling, Huffman and
/// quantization tables, scan headers, segment lengths, restart intervals, markers inside the
/// entropy-coded data. Every mutant is a pure function of its number.
struct ImageDamageGenerator {
    enum Mutation: String, CaseIterable, Sendable {
        case truncate, flipBits, setBytes, insertBytes, deleteRange, repeatRange
        case pngDimensions, pngDepthAndColour, pngChunkLength, pngChunkOrder, pngChunkData
        case jpegFrame, jpegTables, jpegScanHeader, jpegSegmentLength, jpegMarkerInScan, jpegRestart
    }

    private var rng: SeededGenerator

    init(number: Int) {
        rng = SeededGenerator(seed: UInt64(number), purpose: "image damage")
    }

    private mutating func below(_ n: Int) -> Int { rng.nextInt(below: max(1, n)) }
    private mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    private mutating func chance(_ p: Double) -> Bool { rng.nextBool(probability: p) }

    /// One or two mutations of `bytes`; the names of those applied.
    mutating func mutate(_ original: [UInt8]) -> (bytes: [UInt8], mutations: [Mutation]) {
        let isPNG = original.starts(with: [0x89, 0x50, 0x4E, 0x47])
        let generic: [Mutation] = [.truncate, .flipBits, .setBytes, .insertBytes, .deleteRange, .repeatRange]
        let specific: [Mutation] = isPNG
            ? [.pngDimensions, .pngDepthAndColour, .pngChunkLength, .pngChunkOrder, .pngChunkData]
            : [.jpegFrame, .jpegTables, .jpegScanHeader, .jpegSegmentLength, .jpegMarkerInScan, .jpegRestart]
        var bytes = original
        var applied: [Mutation] = []
        for _ in 0..<(chance(0.25) ? 2 : 1) {
            let mutation = chance(0.5) ? pick(generic) : pick(specific)
            bytes = apply(mutation, to: bytes)
            applied.append(mutation)
        }
        return (bytes, applied)
    }

    private mutating func apply(_ mutation: Mutation, to original: [UInt8]) -> [UInt8] {
        var bytes = original
        guard !bytes.isEmpty else { return bytes }
        switch mutation {
        case .truncate:
            // Half the cuts land in the first 300 bytes, where the headers are.
            return Array(bytes.prefix(chance(0.5) ? below(min(300, bytes.count)) : below(bytes.count)))
        case .flipBits:
            for _ in 0..<1 + below(4) { bytes[below(bytes.count)] ^= 1 << UInt8(below(8)) }
        case .setBytes:
            for _ in 0..<1 + below(4) { bytes[below(bytes.count)] = pick([0x00, 0xFF, 0x7F, 0x80, UInt8(below(256))]) }
        case .insertBytes:
            let insert = (0..<1 + below(16)).map { _ in UInt8(below(256)) }
            bytes.insert(contentsOf: insert, at: below(bytes.count + 1))
        case .deleteRange:
            let start = below(bytes.count)
            bytes.removeSubrange(start..<min(bytes.count, start + 1 + below(64)))
        case .repeatRange:
            let start = below(bytes.count)
            let range = start..<min(bytes.count, start + 1 + below(256))
            bytes.insert(contentsOf: bytes[range], at: range.upperBound)
        case .pngDimensions, .pngDepthAndColour, .pngChunkLength, .pngChunkOrder, .pngChunkData:
            return damagePNG(mutation, bytes)
        case .jpegFrame, .jpegTables, .jpegScanHeader, .jpegSegmentLength, .jpegMarkerInScan, .jpegRestart:
            return damageJPEG(mutation, bytes)
        }
        return bytes
    }

    private mutating func damagePNG(_ mutation: Mutation, _ original: [UInt8]) -> [UInt8] {
        var bytes = original
        let chunks = ImageSurgery.pngChunks(bytes)
        guard let ihdr = chunks.first, ihdr.type == "IHDR", ihdr.length == 13 else { return apply(.flipBits, to: bytes) }
        let fixCRC = chance(0.85)
        func finish(_ chunk: ImageSurgery.Chunk) -> [UInt8] { fixCRC ? ImageSurgery.fixingCRC(bytes, chunk) : bytes }
        switch mutation {
        case .pngDimensions:
            let sizes: [UInt32] = [0, 1, 2, 7, 8, 9, 255, 1000, 65_535, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, UInt32(below(5000)), UInt32(truncatingIfNeeded: rng.next())]
            let field = ihdr.dataStart + (chance(0.5) ? 0 : 4)
            ImageSurgery.writeU32(&bytes, field, pick(sizes))
            return finish(ihdr)
        case .pngDepthAndColour:
            let field = ihdr.dataStart + 8 + below(5)  // depth, colour type, compression, filter, interlace
            bytes[field] = pick([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 17, 255, UInt8(below(256))])
            return finish(ihdr)
        case .pngChunkLength:
            let chunk = pick(chunks)
            let lengths: [UInt32] = [0, 1, UInt32(chunk.length) &+ 1, UInt32(chunk.length) &- 1, 0x7FFF_FFFF, 0xFFFF_FFFF, UInt32(below(100_000))]
            ImageSurgery.writeU32(&bytes, chunk.offset, pick(lengths))
            return bytes
        case .pngChunkOrder:
            let chunk = pick(chunks)
            let range = chunk.offset..<chunk.dataStart + chunk.length + 4
            let piece = Array(bytes[range])
            switch below(3) {
            case 0: bytes.removeSubrange(range)  // a chunk lost
            case 1: bytes.insert(contentsOf: piece, at: range.upperBound)  // a chunk repeated
            default:  // a chunk moved elsewhere
                bytes.removeSubrange(range)
                let other = pick(ImageSurgery.pngChunks(bytes).map(\.offset) + [8])
                bytes.insert(contentsOf: piece, at: min(other, bytes.count))
            }
            return bytes
        case .pngChunkData:
            let chunk = pick(chunks)
            guard chunk.length > 0 else { return finish(chunk) }
            for _ in 0..<1 + below(3) { bytes[chunk.dataStart + below(chunk.length)] = UInt8(below(256)) }
            return finish(chunk)
        default:
            return bytes
        }
    }

    private mutating func damageJPEG(_ mutation: Mutation, _ original: [UInt8]) -> [UInt8] {
        var bytes = original
        let segments = ImageSurgery.jpegSegments(bytes)
        func segment(_ markers: ClosedRange<UInt8>) -> ImageSurgery.Segment? {
            let matching = segments.filter { markers.contains($0.marker) && $0.payload < bytes.count }
            return matching.isEmpty ? nil : pick(matching)
        }
        func setPayload(_ segment: ImageSurgery.Segment, _ index: Int, _ value: UInt8) {
            let at = segment.payload + index
            if index < segment.length - 2 && at < bytes.count { bytes[at] = value }
        }
        switch mutation {
        case .jpegFrame:
            guard let sof = segment(0xC0...0xC2) else { break }
            switch below(4) {
            case 0:  // dimensions
                let values = [0, 1, 2, 8, 9, 16, 17, 1000, 65_500, 65_535, below(4000)]
                let field = sof.payload + (chance(0.5) ? 1 : 3)
                if field + 1 < bytes.count { ImageSurgery.writeU16(&bytes, field, pick(values)) }
            case 1: setPayload(sof, 0, pick([0, 1, 7, 8, 9, 12, 16, 255]))  // precision
            case 2: setPayload(sof, 5, pick([0, 1, 2, 3, 4, 5, 10, 255]))  // component count
            default:  // a component's id, sampling factors or quantization table
                setPayload(sof, 6 + 3 * below(4) + below(3), pick([0x00, 0x11, 0x22, 0x41, 0x14, 0x44, 0x55, 0xFF, 0x03, 0x04, UInt8(below(256))]))
            }
        case .jpegTables:
            let tables = segments.filter { ($0.marker == 0xC4 || $0.marker == 0xDB) && $0.payload < bytes.count }
            guard !tables.isEmpty else { break }
            let table = pick(tables)
            for _ in 0..<1 + below(3) {
                // Mostly the class/index byte and the 16 code-length counts of a Huffman table.
                setPayload(table, chance(0.6) ? below(17) : below(max(1, table.length - 2)), pick([0, 1, 0xFF, 0x10, 0x13, 0x20, UInt8(below(256))]))
            }
        case .jpegScanHeader:
            guard let sos = segment(0xDA...0xDA) else { break }
            setPayload(sos, below(max(1, sos.length - 2)), pick([0, 1, 2, 3, 4, 0x11, 0x22, 63, 64, 0xFF, UInt8(below(256))]))
        case .jpegSegmentLength:
            guard !segments.isEmpty else { break }
            let target = pick(segments)
            let values = [0, 1, 2, 3, target.length - 1, target.length + 1, target.length + 100, 0xFFFF, below(0x10000)]
            if target.offset + 3 < bytes.count { ImageSurgery.writeU16(&bytes, target.offset + 2, pick(values)) }
        case .jpegMarkerInScan:
            guard let start = ImageSurgery.scanData(bytes), start < bytes.count - 2 else { break }
            let at = start + below(bytes.count - 2 - start)
            let markers: [UInt8] = [0xD0, 0xD3, 0xD7, 0xD8, 0xD9, 0xDA, 0xC4, 0xDB, 0xFF, 0x01, UInt8(below(256))]
            bytes.insert(contentsOf: [0xFF, pick(markers)], at: at)
        case .jpegRestart:
            if let dri = segment(0xDD...0xDD) {
                if dri.payload + 1 < bytes.count { ImageSurgery.writeU16(&bytes, dri.payload, pick([0, 1, 2, 3, 1000, 0xFFFF])) }
            } else if let first = segments.first {
                // A restart interval the scan does not follow.
                bytes.insert(contentsOf: [0xFF, 0xDD, 0, 4, 0, UInt8(1 + below(8))], at: first.offset)
            }
        default:
            break
        }
        return bytes
    }
}
