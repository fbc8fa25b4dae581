internal import CImageCodecs

/// The EXIF and XMP a PNG carries, read as Pillow's PngImagePlugin reads them: every chunk in
/// file order, before and after the image data, each later chunk replacing what an earlier one
/// set:
/// - eXIf → `exif`; a tEXt chunk keyed `exif` → `exif` too (its raw bytes);
/// - tEXt, zTXt or iTXt keyed `Raw profile type exif` → `rawProfileExif`;
/// - tEXt, zTXt or iTXt keyed `XML:com.adobe.xmp` → XMP (an iTXt's text counts even when it is
///   not UTF-8, as Pillow's `info["xmp"]`).
/// Compressed text (zTXt, compressed iTXt) is inflated up to Pillow's 1 MB limit; a stream that
/// ends early gives the text so far, a corrupt one gives empty text (zTXt) or is skipped (iTXt),
/// as in Pillow. Not matched: zTXt and iTXt chunks keyed `exif` (Pillow stores their text as a
/// string and its EXIF loader then raises), and the limits where Pillow raises (a text chunk over
/// 1 MB decompressed, 64 MB of text in all): those chunks are skipped here.
enum PNGMetadata {
    /// Pillow's `MAX_TEXT_CHUNK`.
    static let textLimit = 1 << 20

    private static let exifKey = Array("exif".utf8)
    private static let rawProfileKey = Array("Raw profile type exif".utf8)
    private static let xmpKey = Array("XML:com.adobe.xmp".utf8)

    static func read(_ bytes: [UInt8]) -> ImageMetadata {
        var metadata = ImageMetadata()
        var textXMP: [UInt8]?  // info["XML:com.adobe.xmp"]
        var iTXtXMP: [UInt8]?  // info["xmp"]
        var position = 8
        while position <= bytes.count - 12 {
            let length = Int(bytes[position]) << 24 | Int(bytes[position + 1]) << 16 | Int(bytes[position + 2]) << 8 | Int(bytes[position + 3])
            let type = String(decoding: bytes[position + 4..<position + 8], as: UTF8.self)
            let start = position + 8
            guard length <= bytes.count - start else { break }
            position = start + length + 4
            guard ["IEND", "eXIf", "tEXt", "zTXt", "iTXt"].contains(type) else { continue }  // image data is not copied
            let data = Array(bytes[start..<start + length])
            switch type {
            case "IEND":
                return finish(metadata, textXMP, iTXtXMP)
            case "eXIf":
                metadata.exif = Array("Exif\0\0".utf8) + data
            case "tEXt":
                let (key, value) = split(data)
                if key == exifKey { metadata.exif = value }
                if key == rawProfileKey { metadata.rawProfileExif = value }
                if key == xmpKey { textXMP = value }
            case "zTXt":
                let (key, rest) = split(data)
                guard key == rawProfileKey || key == xmpKey else { continue }
                guard rest.first ?? 0 == 0 else { continue }  // Pillow raises on another method
                let value = inflate(Array(rest.dropFirst())) ?? []
                if key == rawProfileKey { metadata.rawProfileExif = value }
                if key == xmpKey { textXMP = value }
            case "iTXt":
                guard let text = internationalText(data), text.key == rawProfileKey || text.key == xmpKey else { continue }
                if text.key == xmpKey { iTXtXMP = text.value }
                guard text.isUTF8 else { continue }
                if text.key == rawProfileKey { metadata.rawProfileExif = text.value }
                if text.key == xmpKey { textXMP = text.value }
            default:
                break
            }
        }
        return finish(metadata, textXMP, iTXtXMP)
    }

    /// Pillow looks in `info["XML:com.adobe.xmp"]` first, then (when that is missing or empty)
    /// in `info["xmp"]`.
    private static func finish(_ metadata: ImageMetadata, _ textXMP: [UInt8]?, _ iTXtXMP: [UInt8]?) -> ImageMetadata {
        var metadata = metadata
        metadata.xmp = (textXMP?.isEmpty ?? true) ? iTXtXMP : textXMP
        return metadata
    }

    /// Pillow's `s.split(b"\0", 1)`, with the whole chunk as the key when there is no NUL.
    private static func split(_ data: [UInt8]) -> (key: [UInt8], value: [UInt8]) {
        guard let nul = data.firstIndex(of: 0) else { return (data, []) }
        return (Array(data[..<nul]), Array(data[(nul + 1)...]))
    }

    /// An iTXt chunk: key, NUL, compression flag, method, language, NUL, translated key, NUL,
    /// text. Nil where Pillow skips the chunk (missing fields, another method, a corrupt stream).
    private static func internationalText(_ data: [UInt8]) -> (key: [UInt8], value: [UInt8], isUTF8: Bool)? {
        guard let nul = data.firstIndex(of: 0) else { return nil }
        let key = Array(data[..<nul])
        let rest = Array(data[(nul + 1)...])
        guard rest.count >= 2 else { return nil }
        let compressed = rest[0] != 0, method = rest[1]
        let fields = rest.dropFirst(2).split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3 else { return nil }
        var value = Array(fields[2])
        if compressed {
            guard method == 0, let inflated = inflate(value) else { return nil }
            value = inflated
        }
        let isUTF8 = [Array(fields[0]), Array(fields[1]), value].allSatisfy { String(validating: $0, as: UTF8.self) != nil }
        return (key, value, isUTF8)
    }

    /// Inflated text as Python's `zlib.decompressobj().decompress(data, MAX_TEXT_CHUNK)` gives
    /// it: the text so far when the stream ends early; nil when it is corrupt or too long.
    private static func inflate(_ data: [UInt8]) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: textLimit)
        var written = 0
        let status = data.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                ic_inflate(input.baseAddress, input.count, output.baseAddress, output.count, &written, nil, 0)
            }
        }
        guard status == Int32(IC_OK.rawValue) || status == Int32(IC_TRUNCATED.rawValue) else { return nil }
        return Array(out[..<written])
    }
}
