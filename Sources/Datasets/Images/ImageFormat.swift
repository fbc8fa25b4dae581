/// The two formats finetune decodes, told apart by their first bytes as Pillow does (never by
/// the file's extension): JPEG starts FF D8 FF, PNG starts 89 'PNG'.
enum ImageFormat: Sendable, Equatable {
    case jpeg
    case png

    /// The format of `bytes`, or the error that says what the file is instead.
    static func detect(_ bytes: [UInt8], path: String) throws(DatasetError) -> ImageFormat {
        if bytes.isEmpty { throw DatasetError(.damaged, path: path, "empty file (0 bytes)") }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        // The whole 8-byte signature is checked by libpng, which names a damaged one.
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return .png }
        throw DatasetError(.unsupportedFormat, path: path, "not a JPEG or PNG image (\(describe(bytes)))")
    }

    /// What a file that is neither JPEG nor PNG seems to be: a known image format by its magic
    /// bytes, else its first four bytes.
    private static func describe(_ bytes: [UInt8]) -> String {
        func ascii(_ text: String, at offset: Int = 0) -> Bool {
            let pattern = Array(text.utf8)
            return bytes.count >= offset + pattern.count && Array(bytes[offset..<offset + pattern.count]) == pattern
        }
        if ascii("GIF87a") || ascii("GIF89a") { return "a GIF image" }
        if ascii("RIFF") && ascii("WEBP", at: 8) { return "a WebP image" }
        if ascii("BM") && bytes.count >= 14 { return "a BMP image" }
        if ascii("II*\0") || ascii("MM\0*") { return "a TIFF image" }
        if ascii("ftyp", at: 4) {
            if ascii("avif", at: 8) || ascii("avis", at: 8) { return "an AVIF image" }
            if ["heic", "heix", "hevc", "heim", "heis", "mif1", "msf1"].contains(where: { ascii($0, at: 8) }) { return "a HEIF/HEIC image" }
        }
        if bytes.starts(with: [0xFF, 0xD8]) { return "starts like a JPEG but is not one: ff d8 then \(hex(bytes.dropFirst(2).prefix(2)))" }
        let head = bytes.prefix(4)
        if head.allSatisfy({ (0x20...0x7E).contains($0) }) { return "starts with '\(String(decoding: head, as: UTF8.self))'" }
        return "starts with \(hex(head))"
    }

    private static func hex(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
    }
}
