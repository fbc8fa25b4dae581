/// The metadata Pillow takes an image's orientation from (`Image.getexif()`), gathered from a
/// JPEG's segments or a PNG's chunks by `JPEGMetadata` and `PNGMetadata`.
struct ImageMetadata: Sendable, Equatable {
    /// Pillow's `info["exif"]`: the JPEG APP1 `Exif` segments (joined as Pillow joins them), or
    /// the last PNG eXIf chunk or tEXt chunk keyed `exif`.
    var exif: [UInt8]?
    /// Pillow's `info["Raw profile type exif"]`: the hex dump ImageMagick writes into PNG text
    /// chunks; used when there is no `exif`.
    var rawProfileExif: [UInt8]?
    /// The XMP packet Pillow searches when EXIF has no orientation: a JPEG's last XMP APP1
    /// segment; a PNG's last text chunk keyed `XML:com.adobe.xmp` (else the last such iTXt, even
    /// when its text is not UTF-8).
    var xmp: [UInt8]?

    init(exif: [UInt8]? = nil, rawProfileExif: [UInt8]? = nil, xmp: [UInt8]? = nil) {
        self.exif = exif
        self.rawProfileExif = rawProfileExif
        self.xmp = xmp
    }

    /// What `ImageOps.exif_transpose` applies: the EXIF orientation; failing a tag, the XMP
    /// `tiff:Orientation`; failing both, none. EXIF that cannot be read leaves the image as it
    /// is (see `ExifReader.Orientation.unreadable`), as does a raw profile that is not hex
    /// (Pillow's `bytes.fromhex` raises there).
    var orientation: ImageOrientation {
        var block = exif
        if block == nil, let rawProfileExif {
            guard let decoded = Self.hexProfile(rawProfileExif) else { return .upright }
            block = decoded
        }
        if let block {
            switch ExifReader.orientation(in: block) {
            case .unreadable: return .upright
            case .present(let orientation): return orientation
            case .absent: break
            }
        }
        if let xmp, let digit = Self.xmpOrientation(xmp) { return ImageOrientation(tagValue: digit) }
        return .upright
    }

    /// Pillow's `bytes.fromhex("".join(text.split("\n")[3:]))`: the lines after the third
    /// newline, read as hex pairs with ASCII whitespace allowed between pairs.
    static func hexProfile(_ text: [UInt8]) -> [UInt8]? {
        var newlines = 0
        var start = text.endIndex
        for (index, byte) in text.enumerated() where byte == 0x0A {
            newlines += 1
            if newlines == 3 { start = index + 1; break }
        }
        var out: [UInt8] = []
        out.reserveCapacity(max(0, text.count - start) / 2)
        var high: UInt8?
        for byte in text[start...] {
            if byte == 0x0A { continue }  // the newlines the join removed
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            case 0x20, 0x09, 0x0B, 0x0C, 0x0D:
                if high != nil { return nil }  // whitespace only between pairs
                continue
            default: return nil
            }
            if let h = high {
                out.append(h << 4 | digit)
                high = nil
            } else {
                high = digit
            }
        }
        return high == nil ? out : nil
    }

    /// The digit of the first `tiff:Orientation="N` or `tiff:Orientation>N` (Pillow's regular
    /// expression `tiff:Orientation(="|>)([0-9])`).
    static func xmpOrientation(_ xmp: [UInt8]) -> Int? {
        let key = Array("tiff:Orientation".utf8)
        guard xmp.count > key.count else { return nil }
        var index = 0
        while index + key.count < xmp.count {
            if xmp[index] == key[0] && Array(xmp[index..<index + key.count]) == key {
                var next = index + key.count
                if xmp[next] == UInt8(ascii: "=") && next + 1 < xmp.count && xmp[next + 1] == UInt8(ascii: "\"") {
                    next += 2
                } else if xmp[next] == UInt8(ascii: ">") {
                    next += 1
                } else {
                    index += 1
                    continue
                }
                if next < xmp.count, (0x30...0x39).contains(xmp[next]) { return Int(xmp[next] - 0x30) }
            }
            index += 1
        }
        return nil
    }
}
