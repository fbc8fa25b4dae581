import Foundation

/// The `normalizer` of a `tokenizer.json`: how text is rewritten before it is split.
///
/// Unicode normal forms use Foundation's; lowercasing is per scalar with the full,
/// context-free mapping (no final-sigma rule), as Rust's `char::to_lowercase` does.
indirect enum TextNormalizer: Sendable {
    /// `BertNormalizer` with cleaning and CJK isolation, lowercasing and accent stripping
    /// together or neither: the rules `WordPieceTokenizer` already follows.
    case bert(BertScalarRules)
    case nfc, nfd, nfkc, nfkd
    case lowercase
    /// Drops every combining mark (Mn, Mc, Me); meaningful after NFD.
    case stripAccents
    /// SentencePiece's compiled normalization rules (XLM-R, T5, ALBERT).
    case precompiled(PrecompiledCharsmap)
    /// Every match of the pattern becomes `content`.
    case replace(TextPattern, content: [Unicode.Scalar])
    /// SentencePiece's nmt rule: drops control characters, turns other odd spaces into " ".
    case nmt
    /// Drops whitespace from the start and/or the end.
    case strip(left: Bool, right: Bool)
    case sequence([TextNormalizer])

    func apply(_ text: String) -> String {
        switch self {
        case .bert(let rules): return Self.bert(text, rules)
        case .nfc: return text.precomposedStringWithCanonicalMapping
        case .nfd: return text.decomposedStringWithCanonicalMapping
        case .nfkc: return text.precomposedStringWithCompatibilityMapping
        case .nfkd: return text.decomposedStringWithCompatibilityMapping
        case .lowercase:
            var out = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                if scalar.properties.changesWhenLowercased {
                    out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                } else {
                    out.append(scalar)
                }
            }
            return String(out)
        case .stripAccents:
            var out = String.UnicodeScalarView()
            for scalar in text.unicodeScalars where !Self.isMark(scalar) { out.append(scalar) }
            return String(out)
        case .precompiled(let charsmap):
            return charsmap.apply(text)
        case .replace(let pattern, let content):
            return String(String.UnicodeScalarView(pattern.replace(in: Array(text.unicodeScalars), with: content)))
        case .nmt:
            var out = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                switch scalar.value {
                case 0x01...0x08, 0x0B, 0x0E...0x1F, 0x7F, 0x8F, 0x9F: continue
                case 0x09, 0x0A, 0x0C, 0x0D, 0x1680, 0x200B...0x200F, 0x2028, 0x2029, 0x2581, 0xFEFF, 0xFFFD:
                    out.append(" ")
                default: out.append(scalar)
                }
            }
            return String(out)
        case .strip(let left, let right):
            var scalars = Substring(text).unicodeScalars[...]
            if left { scalars = scalars.drop(while: \.properties.isWhitespace) }
            if right { while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() } }
            return String(String.UnicodeScalarView(scalars))
        case .sequence(let steps):
            return steps.reduce(text) { $1.apply($0) }
        }
    }

    /// Whether ASCII text comes out unchanged (Unicode normal forms and accent stripping),
    /// so the common case skips building strings.
    var leavesASCII: Bool {
        switch self {
        case .nfc, .nfd, .nfkc, .nfkd, .stripAccents: return true
        case .bert, .lowercase, .precompiled, .replace, .nmt, .strip: return false
        case .sequence(let steps): return steps.allSatisfy(\.leavesASCII)
        }
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// BERT's cleaning, CJK isolation and (per `rules`) lowercasing with accent stripping,
    /// leaving the splitting to `BertPreTokenizer`.
    private static func bert(_ text: String, _ rules: BertScalarRules) -> String {
        var out = String.UnicodeScalarView()
        func emit(_ kind: BertScalarRules.Kind, _ normalized: some Collection<UInt32>) {
            switch kind {
            case .dropped: return
            case .whitespace: out.append(" ")
            case .ideograph, .ordinary:
                if kind == .ideograph { out.append(" ") }
                for flagged in normalized {
                    if let scalar = Unicode.Scalar(flagged & BertScalarRules.scalarMask) { out.append(scalar) }
                }
                if kind == .ideograph { out.append(" ") }
            }
        }
        rules.withTables { tables in
            for scalar in text.unicodeScalars {
                if let rule = tables.rule(for: scalar.value) {
                    emit(rule.kind, rule.normalized)
                } else {
                    let rule = rules.rule(for: scalar.value)
                    emit(rule.kind, rule.normalized)
                }
            }
        }
        return String(out)
    }
}
