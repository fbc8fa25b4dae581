import Foundation

/// What BERT's basic tokenizer does with one input scalar, in the order Hugging Face's
/// `BertNormalizer` and `BertPreTokenizer` apply their steps:
///
/// 1. clean: drop U+0000, U+FFFD and every control, format, private-use or surrogate
///    scalar (Cc, Cf, Co, Cs) except tab, LF and CR, but keep unassigned ones (Cn); every
///    White_Space scalar becomes a word boundary;
/// 2. isolate CJK ideographs as words of their own;
/// 3. when lowercasing: NFD-decompose, drop nonspacing marks (Mn), lowercase each scalar;
/// 4. split off punctuation (ASCII 33–47, 58–64, 91–96, 123–126, and Unicode P*) as
///    one-scalar words.
///
/// Steps 1–3 depend only on the scalar, so their results are tabulated once per process
/// for the Basic Multilingual Plane; the hot loop then does two array reads per scalar
/// and never builds a `String`. Where the reference's older Unicode tables disagree with
/// the standard library's, `Overrides` follows the reference.
struct BertScalarRules: Sendable {
    /// How a scalar affects word boundaries before normalization.
    enum Kind: UInt8 {
        /// Removed by text cleaning; does not split words.
        case dropped
        /// Whitespace: ends the current word.
        case whitespace
        /// A CJK ideograph: a word by itself.
        case ideograph
        /// Anything else: its normalized scalars join the current word (punctuation among
        /// them still splits).
        case ordinary
    }

    /// Set on a normalized scalar that is punctuation (a one-scalar word).
    static let punctuationFlag: UInt32 = 1 << 31
    /// Set on a normalized scalar that is whitespace (a boundary).
    static let whitespaceFlag: UInt32 = 1 << 30
    static let scalarMask: UInt32 = (1 << 21) - 1

    /// Rules with lowercasing and accent stripping (BERT uncased).
    static let uncased = BertScalarRules(lowercase: true)
    /// Rules without lowercasing or accent stripping (BERT cased).
    static let cased = BertScalarRules(lowercase: false)

    let lowercase: Bool
    private let kinds: [Kind]
    /// `normalized[starts[s] ..< starts[s + 1]]` is the flagged output of BMP scalar `s`.
    private let starts: [Int32]
    private let normalized: [UInt32]

    fileprivate static let tableSize = 0x10000

    private init(lowercase: Bool) {
        self.lowercase = lowercase
        var kinds: [Kind] = []
        var starts: [Int32] = [0]
        var normalized: [UInt32] = []
        kinds.reserveCapacity(Self.tableSize)
        starts.reserveCapacity(Self.tableSize + 1)
        normalized.reserveCapacity(Self.tableSize + 1024)
        for value in 0..<UInt32(Self.tableSize) {
            // Surrogate code points never occur in a String; they get `.dropped`.
            let rule = Self.rule(for: value, lowercase: lowercase)
            kinds.append(rule.kind)
            normalized += rule.normalized
            starts.append(Int32(normalized.count))
        }
        self.kinds = kinds
        self.starts = starts
        self.normalized = normalized
    }

    /// Read access for the hot loop: raw buffers, so a lookup costs no reference counting.
    struct Tables {
        fileprivate let kinds: UnsafeBufferPointer<Kind>
        fileprivate let starts: UnsafeBufferPointer<Int32>
        fileprivate let normalized: UnsafeBufferPointer<UInt32>

        /// The kind and flagged normalized scalars of a BMP scalar, or nil above U+FFFF
        /// (use `BertScalarRules.rule(for:)` there).
        @inline(__always)
        func rule(for value: UInt32) -> (kind: Kind, normalized: UnsafeBufferPointer<UInt32>)? {
            guard value < UInt32(BertScalarRules.tableSize) else { return nil }
            let index = Int(value)
            let start = Int(starts[index]), end = Int(starts[index + 1])
            return (kinds[index], UnsafeBufferPointer(rebasing: normalized[start..<end]))
        }
    }

    /// Calls `body` with `Tables` valid only during the call.
    func withTables<R>(_ body: (Tables) -> R) -> R {
        kinds.withUnsafeBufferPointer { kinds in
            starts.withUnsafeBufferPointer { starts in
                normalized.withUnsafeBufferPointer { normalized in
                    body(Tables(kinds: kinds, starts: starts, normalized: normalized))
                }
            }
        }
    }

    /// The kind and flagged normalized scalars of any scalar, computed without the table:
    /// for the rare scalars outside the BMP (emoji, historic scripts, CJK extensions).
    func rule(for value: UInt32) -> (kind: Kind, normalized: [UInt32]) {
        Self.rule(for: value, lowercase: lowercase)
    }

    private static func rule(for value: UInt32, lowercase: Bool) -> (kind: Kind, normalized: [UInt32]) {
        guard let scalar = Unicode.Scalar(value) else { return (.dropped, []) }
        let kind = kind(of: scalar)
        var output: [UInt32] = []
        if kind == .ideograph || kind == .ordinary {
            appendNormalized(scalar, lowercase: lowercase, to: &output)
        }
        return (kind, output)
    }

    // MARK: - The rules, one scalar at a time

    static func kind(of scalar: Unicode.Scalar) -> Kind {
        let value = scalar.value
        if value == 0 || value == 0xFFFD { return .dropped }
        if value == 0x09 || value == 0x0A || value == 0x0D { return .whitespace }
        switch scalar.properties.generalCategory {
        case .control, .privateUse, .surrogate:
            return .dropped
        case .format where !Overrides.contains(Overrides.keptFormatCharacters, value):
            return .dropped
        default:
            break
        }
        if scalar.properties.isWhitespace { return .whitespace }
        if isIdeograph(value) { return .ideograph }
        return .ordinary
    }

    /// The CJK blocks BERT isolates: the reference's `is_chinese_char` ranges, which leave
    /// out Hangul, kana and Extension G onward, and start the Extension E range at U+2B920
    /// where Google's original Python starts it at U+2B820.
    static func isIdeograph(_ value: UInt32) -> Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 33...47, 58...64, 91...96, 123...126: return true
        default: break
        }
        if Overrides.contains(Overrides.extraPunctuation, scalar.value) { return true }
        if Overrides.contains(Overrides.notPunctuation, scalar.value) { return false }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// Appends `scalar` after accent stripping and lowercasing (when `lowercase`), each
    /// output scalar flagged when it is punctuation or whitespace.
    static func appendNormalized(_ scalar: Unicode.Scalar, lowercase: Bool, to output: inout [UInt32]) {
        guard lowercase else {
            output.append(flagged(scalar))
            return
        }
        for part in canonicalDecomposition(of: scalar)
        where !isNonspacingMark(part) {
            if part.properties.changesWhenLowercased {
                for lower in part.properties.lowercaseMapping.unicodeScalars { output.append(flagged(lower)) }
            } else {
                output.append(flagged(part))
            }
        }
    }

    /// The marks accent stripping removes.
    static func isNonspacingMark(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x300 { return false }
        if Overrides.contains(Overrides.extraMarks, scalar.value) { return true }
        if Overrides.contains(Overrides.keptMarks, scalar.value) { return false }
        return scalar.properties.generalCategory == .nonspacingMark
    }

    private static func flagged(_ scalar: Unicode.Scalar) -> UInt32 {
        if isPunctuation(scalar) { return scalar.value | punctuationFlag }
        if scalar.properties.isWhitespace { return scalar.value | whitespaceFlag }
        return scalar.value
    }

    /// NFD of one scalar. ASCII, emoji and unified CJK ideographs have no decomposition, so
    /// they skip Foundation.
    private static func canonicalDecomposition(of scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        switch scalar.value {
        case 0..<0xC0, 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x1F000...0x1FFFF, 0x20000...0x2A6DF,
             0x2A700...0x2EBEF:
            return [scalar]
        case _ where Overrides.contains(Overrides.undecomposed, scalar.value):
            return [scalar]
        default:
            return Array(String(Character(scalar)).decomposedStringWithCanonicalMapping.unicodeScalars)
        }
    }
}
