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
        case .sequence(let steps):
            return steps.reduce(text) { $1.apply($0) }
        }
    }

    /// Whether ASCII text comes out unchanged (Unicode normal forms and accent stripping),
    /// so the common case skips building strings.
    var leavesASCII: Bool {
        switch self {
        case .nfc, .nfd, .nfkc, .nfkd, .stripAccents: return true
        case .bert, .lowercase: return false
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
