/// The EXIF and XMP segments of a JPEG, found the way Pillow's `JpegImageFile._open` walks the
/// markers: from after the start-of-image marker up to the first start-of-scan, skipping stray
/// bytes and fill bytes, reading the length-prefixed segments. Every step is bounds-checked; a
/// walk that runs off the end stops with what it has.
enum JPEGMetadata {
    /// Markers in Pillow's table that carry no length-prefixed segment: JPG, RST0-7, SOI, EOI,
    /// JPG0-13.
    private static func standsAlone(_ marker: UInt8) -> Bool {
        marker == 0xC8 || (0xD0...0xD9).contains(marker) || (0xF0...0xFD).contains(marker)
    }

    static func read(_ bytes: [UInt8]) -> ImageMetadata {
        var metadata = ImageMetadata()
        let exifPrefix = Array("Exif\0\0".utf8)
        let xmpPrefix = Array("http://ns.adobe.com/xap/1.0/\0".utf8)
        var position = 3  // after FF D8 FF: the FF starts the first marker
        var current: UInt8? = 0xFF
        func next() -> UInt8? {
            guard position < bytes.count else { return nil }
            position += 1
            return bytes[position - 1]
        }
        while let first = current {
            guard first == 0xFF else {
                current = next()  // stray byte between segments
                continue
            }
            guard let marker = next() else { break }
            if marker == 0xFF {  // fill byte: the second FF may start the marker
                current = 0xFF
                continue
            }
            if marker == 0x00 {  // an escaped FF outside a scan
                current = next()
                continue
            }
            guard marker >= 0xC0 && marker != 0xFF else { break }  // Pillow: "no marker found"
            if !standsAlone(marker) {
                guard position + 2 <= bytes.count else { break }
                let length = Int(bytes[position]) << 8 | Int(bytes[position + 1])
                position += 2
                let size = max(0, length - 2)
                guard size <= bytes.count - position else { break }
                let segment = Array(bytes[position..<position + size])
                position += size
                if marker == 0xE1 && segment.starts(with: exifPrefix) {
                    // A second Exif segment continues the first, as in Pillow.
                    if metadata.exif == nil { metadata.exif = segment } else { metadata.exif! += segment.dropFirst(6) }
                } else if marker == 0xE1 && segment.starts(with: xmpPrefix) {
                    metadata.xmp = Array(segment.dropFirst(xmpPrefix.count))
                }
                if marker == 0xDA { break }  // start of scan: the header is over
            }
            current = next()
        }
        return metadata
    }
}
