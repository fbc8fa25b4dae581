/// GPT-2's byte-level pre-tokenization: the word pattern and the byte alphabet that lets a
/// BPE vocabulary of printable strings cover every UTF-8 byte.
enum ByteLevel {
    /// The stand-in scalar of each byte: printable Latin-1 bytes stand for themselves, the
    /// rest map in order to U+0100 onward (so a space is `Ġ`, a newline `Ċ`).
    static let alphabet: [Unicode.Scalar] = {
        func printable(_ byte: Int) -> Bool {
            (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
        }
        var next = 0x100
        return (0..<256).map { byte in
            if printable(byte) { return Unicode.Scalar(UInt8(byte)) }
            defer { next += 1 }
            return Unicode.Scalar(UInt32(next))!
        }
    }()

    /// The stand-ins of a piece's UTF-8 bytes.
    static func standIns(_ piece: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(piece.count)
        for scalar in piece {
            for byte in String(scalar).utf8 { out.append(alphabet[Int(byte)]) }
        }
        return out
    }

    /// Splits by GPT-2's pattern, tried in this order at each position:
    /// `'s|'t|'re|'ve|'m|'ll|'d`, ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`,
    /// `\s+(?!\S)` (a whitespace run, leaving its last scalar to the word that follows),
    /// `\s+`. Written out by hand: the pattern is fixed, and this avoids a regex engine.
    static func gpt2Split(_ text: [Unicode.Scalar]) -> [ArraySlice<Unicode.Scalar>] {
        var pieces: [ArraySlice<Unicode.Scalar>] = []
        let count = text.count
        var start = 0
        func run(from index: Int, while test: (Unicode.Scalar) -> Bool) -> Int {
            var end = index
            while end < count && test(text[end]) { end += 1 }
            return end
        }
        while start < count {
            let end = pieceEnd(text, start, run)
            pieces.append(text[start..<end])
            start = end
        }
        return pieces
    }

    private static func pieceEnd(_ text: [Unicode.Scalar], _ start: Int,
                                 _ run: (Int, (Unicode.Scalar) -> Bool) -> Int) -> Int {
        let count = text.count
        let first = text[start]
        if first == "'" && start + 1 < count {
            let second = text[start + 1]
            if "stmd".unicodeScalars.contains(second) { return start + 2 }
            if start + 2 < count {
                let pair = String(String.UnicodeScalarView([second, text[start + 2]]))
                if pair == "re" || pair == "ve" || pair == "ll" { return start + 3 }
            }
        }
        let body = first == " " ? start + 1 : start
        if body < count {
            let scalar = text[body]
            if isLetter(scalar) { return run(body, isLetter) }
            if isNumber(scalar) { return run(body, isNumber) }
            if isOther(scalar) { return run(body, isOther) }
        }
        // `first` is whitespace here: a space followed by whitespace, or other whitespace.
        let end = run(start, { $0.properties.isWhitespace })
        if end == count || end - start == 1 { return max(end, start + 1) }
        return end - 1
    }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    static func isNumber(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }

    private static func isOther(_ scalar: Unicode.Scalar) -> Bool {
        !scalar.properties.isWhitespace && !isLetter(scalar) && !isNumber(scalar)
    }
}
