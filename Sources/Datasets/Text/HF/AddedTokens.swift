/// The `added_tokens` of a `tokenizer.json` (`<s>`, `[CLS]`, `<mask>`, …): found verbatim in
/// the raw text before normalization and kept whole, the longest match winning where two
/// start at the same place. `lstrip`/`rstrip` tokens also swallow the whitespace beside them
/// (RoBERTa's `<mask>` takes the space before it).
struct AddedTokens: Sendable {
    struct Token: Sendable {
        let content: [Unicode.Scalar]
        let id: Int
        let leftStrip: Bool
        let rightStrip: Bool
    }

    /// Longest first, so the first match at a position is the longest.
    let tokens: [Token]
    /// The scalars an added token can start with: most positions are rejected by one lookup.
    private let firstScalars: Set<Unicode.Scalar>

    init(_ tokens: [Token]) {
        self.tokens = tokens.filter { !$0.content.isEmpty }.sorted { $0.content.count > $1.content.count }
        firstScalars = Set(self.tokens.map { $0.content[0] })
    }

    /// A stretch of input: text for the normalizer, or an added token's id.
    enum Segment {
        case text([Unicode.Scalar], isFirst: Bool)
        case token(Int)
    }

    func split(_ text: [Unicode.Scalar]) -> [Segment] {
        guard text.contains(where: firstScalars.contains) else { return [.text(text, isFirst: true)] }
        var segments: [Segment] = []
        var textStart = 0, index = 0
        while index < text.count {
            guard firstScalars.contains(text[index]), let token = match(text, at: index) else { index += 1; continue }
            var before = index
            if token.leftStrip {
                while before > textStart && text[before - 1].properties.isWhitespace { before -= 1 }
            }
            var after = index + token.content.count
            if token.rightStrip {
                while after < text.count && text[after].properties.isWhitespace { after += 1 }
            }
            if before > textStart { segments.append(.text(Array(text[textStart..<before]), isFirst: textStart == 0)) }
            segments.append(.token(token.id))
            textStart = after
            index = after
        }
        if textStart < text.count { segments.append(.text(Array(text[textStart...]), isFirst: textStart == 0)) }
        return segments
    }

    private func match(_ text: [Unicode.Scalar], at index: Int) -> Token? {
        for token in tokens where index + token.content.count <= text.count {
            var offset = 0
            while offset < token.content.count && token.content[offset] == text[index + offset] { offset += 1 }
            if offset == token.content.count { return token }
        }
        return nil
    }
}
