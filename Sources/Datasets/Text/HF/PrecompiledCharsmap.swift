import Foundation

/// SentencePiece's `precompiled_charsmap` (the `Precompiled` normalizer of XLM-R, T5, ALBERT…):
/// the model's normalization rules (e.g. nmt_nfkc) compiled into a lookup from UTF-8 strings to
/// their replacements, so tokenization needs no Unicode tables of its own.
///
/// The blob is a little-endian `UInt32` byte count, that many bytes of a darts-clone double-array
/// trie over the UTF-8 bytes of the keys, then the replacements as NUL-terminated UTF-8 strings;
/// a key's trie value is the byte offset of its replacement.
///
/// Applied as the `tokenizers` library applies it: each grapheme cluster shorter than 6 bytes is
/// replaced whole when a prefix of it is a key (the shortest such prefix gives the replacement);
/// otherwise each scalar of the cluster is looked up on its own.
struct PrecompiledCharsmap: Sendable {
    let units: [UInt32]
    let replacements: [UInt8]

    /// Why a blob cannot be read.
    enum Problem: Error {
        case tooShort, replacementsNotUTF8
    }

    init(_ blob: [UInt8]) throws(Problem) {
        guard blob.count >= 4 else { throw .tooShort }
        let trieBytes = Int(blob[0]) | Int(blob[1]) << 8 | Int(blob[2]) << 16 | Int(blob[3]) << 24
        let unitCount = trieBytes / 4
        guard blob.count >= 4 + unitCount * 4 else { throw .tooShort }
        var units = [UInt32](repeating: 0, count: unitCount)
        for index in 0..<unitCount {
            let base = 4 + index * 4
            units[index] = UInt32(blob[base]) | UInt32(blob[base + 1]) << 8
                | UInt32(blob[base + 2]) << 16 | UInt32(blob[base + 3]) << 24
        }
        let replacements = Array(blob[(4 + unitCount * 4)...])
        guard String(validating: replacements, as: UTF8.self) != nil else { throw .replacementsNotUTF8 }
        self.units = units
        self.replacements = replacements
    }

    /// The replacement of the shortest key that starts `bytes`, or nil when none does.
    /// A damaged trie that points outside itself finds nothing rather than crashing.
    func replacement(ofPrefixOf bytes: some Collection<UInt8>) -> Substring? {
        guard let root = units.first else { return nil }
        var position = Int(Self.offset(root))
        for byte in bytes {
            if byte == 0 { return nil }
            position ^= Int(byte)
            guard units.indices.contains(position) else { return nil }
            let unit = units[position]
            // The label is the low byte, and the top bit must be clear for a real edge.
            guard unit & (0x8000_0000 | 0xFF) == UInt32(byte) else { return nil }
            position ^= Int(Self.offset(unit))
            if (unit >> 8) & 1 == 1 {
                guard units.indices.contains(position) else { return nil }
                return string(at: Int(units[position] & 0x7FFF_FFFF))
            }
        }
        return nil
    }

    private static func offset(_ unit: UInt32) -> UInt32 {
        (unit >> 10) << ((unit & (1 << 9)) >> 6)
    }

    private func string(at start: Int) -> Substring {
        guard start < replacements.count else { return "" }
        let end = replacements[start...].firstIndex(of: 0) ?? replacements.count
        return Substring(String(decoding: replacements[start..<end], as: UTF8.self))
    }

    func apply(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            let bytes = character.utf8
            if bytes.count < 6, let whole = replacement(ofPrefixOf: bytes) {
                out += whole
                continue
            }
            for scalar in character.unicodeScalars {
                if let replaced = replacement(ofPrefixOf: String(scalar).utf8) {
                    out += replaced
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
