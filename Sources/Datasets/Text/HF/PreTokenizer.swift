/// The `pre_tokenizer` of a `tokenizer.json`: how normalized text is cut into words before
/// the model segments each word on its own.
///
/// Words are arrays of scalars; a `Sequence` applies its steps in turn to every word.
indirect enum PreTokenizer: Sendable {
    /// Whitespace ends a word; each punctuation scalar is a word by itself (BERT).
    case bert
    /// GPT-2's word pattern (contractions, letters, numbers, other runs, whitespace), then
    /// every UTF-8 byte written as its printable stand-in scalar (RoBERTa, GPT-2).
    case byteLevel(addPrefixSpace: Bool, useRegex: Bool)
    /// Spaces become `replacement`, which then starts each word (SentencePiece, XLM-R).
    case metaspace(replacement: Unicode.Scalar, prepend: MetaspacePrepend, split: Bool)
    /// Runs of word scalars, and runs of other non-space scalars (`\w+|[^\w\s]+`).
    case whitespace
    /// Splits on whitespace only.
    case whitespaceSplit
    /// Cuts at the matches of a pattern (`invert`: at what does not match).
    case split(TextPattern, SplitBehavior, invert: Bool)
    /// Cuts at each punctuation scalar (BERT's definition: ASCII punctuation and Unicode P*).
    case punctuation(SplitBehavior)
    /// Cuts numbers (Unicode N*) off: each digit alone when `individual`, else runs of them.
    case digits(individual: Bool)
    case sequence([PreTokenizer])

    /// When Metaspace puts the replacement in front of text that lacks it.
    enum MetaspacePrepend: String, Sendable {
        case always, first, never
    }

    /// The words of one text segment (a stretch between added tokens).
    /// - Parameter isFirst: whether the segment starts the input, for `prepend_scheme: first`.
    func split(_ words: [[Unicode.Scalar]], isFirst: Bool) -> [[Unicode.Scalar]] {
        switch self {
        case .sequence(let steps):
            return steps.reduce(words) { $1.split($0, isFirst: isFirst) }
        default:
            var out: [[Unicode.Scalar]] = []
            for word in words { splitOne(word, isFirst: isFirst, into: &out) }
            return out
        }
    }

    private func splitOne(_ word: [Unicode.Scalar], isFirst: Bool, into out: inout [[Unicode.Scalar]]) {
        // An empty word stays empty: the library's prepend (ByteLevel, Metaspace) is a no-op on it.
        guard !word.isEmpty else { return }
        switch self {
        case .bert:
            var current: [Unicode.Scalar] = []
            for scalar in word {
                if scalar.properties.isWhitespace {
                    if !current.isEmpty { out.append(current); current.removeAll() }
                } else if BertScalarRules.isPunctuation(scalar) {
                    if !current.isEmpty { out.append(current); current.removeAll() }
                    out.append([scalar])
                } else {
                    current.append(scalar)
                }
            }
            if !current.isEmpty { out.append(current) }
        case .whitespaceSplit:
            var current: [Unicode.Scalar] = []
            for scalar in word {
                if scalar.properties.isWhitespace {
                    if !current.isEmpty { out.append(current); current.removeAll() }
                } else {
                    current.append(scalar)
                }
            }
            if !current.isEmpty { out.append(current) }
        case .whitespace:
            var current: [Unicode.Scalar] = []
            var currentIsWord = false
            for scalar in word {
                if scalar.properties.isWhitespace {
                    if !current.isEmpty { out.append(current); current.removeAll() }
                    continue
                }
                let isWord = Self.isWordScalar(scalar)
                if !current.isEmpty && isWord != currentIsWord { out.append(current); current.removeAll() }
                current.append(scalar)
                currentIsWord = isWord
            }
            if !current.isEmpty { out.append(current) }
        case .byteLevel(let addPrefixSpace, let useRegex):
            var text = word
            if addPrefixSpace && text.first != " " { text.insert(" ", at: 0) }
            let pieces = useRegex ? ByteLevel.gpt2Split(text) : [text[...]]
            for piece in pieces where !piece.isEmpty { out.append(ByteLevel.standIns(piece)) }
        case .metaspace(let replacement, let prepend, let split):
            var text = word.map { $0 == " " ? replacement : $0 }
            let shouldPrepend = prepend == .always || (prepend == .first && isFirst)
            if shouldPrepend && text.first != replacement { text.insert(replacement, at: 0) }
            guard split else {
                if !text.isEmpty { out.append(text) }
                return
            }
            var current: [Unicode.Scalar] = []
            for scalar in text {
                if scalar == replacement && !current.isEmpty { out.append(current); current.removeAll() }
                current.append(scalar)
            }
            if !current.isEmpty { out.append(current) }
        case .split(let pattern, let behavior, let invert):
            behavior.split(word, at: pattern.matches(in: word), invert: invert, into: &out)
        case .punctuation(let behavior):
            behavior.split(word, at: Self.scalarMatches(word, BertScalarRules.isPunctuation), invert: false, into: &out)
        case .digits(let individual):
            let behavior: SplitBehavior = individual ? .isolated : .contiguous
            behavior.split(word, at: Self.scalarMatches(word, Self.isNumeric), invert: false, into: &out)
        case .sequence:
            out += split([word], isFirst: isFirst)
        }
    }

    /// Each scalar of `word` that satisfies `test`, as a match of its own.
    private static func scalarMatches(_ word: [Unicode.Scalar], _ test: (Unicode.Scalar) -> Bool) -> [Range<Int>] {
        word.indices.filter { test(word[$0]) }.map { $0..<$0 + 1 }
    }

    /// Rust's `char::is_numeric`: general categories Nd, Nl and No.
    static func isNumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }

    /// Rust regex's `\w`: alphabetic, marks, decimal digits, connector punctuation, joiners.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isAlphabetic || properties.isJoinControl { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }
}
