/// What a `Replace` normalizer or a `Split` pre-tokenizer looks for: `{"String": ...}`, a
/// literal, or `{"Regex": ...}`, a pattern for the `tokenizers` library's Oniguruma engine.
///
/// Regexes run on Swift's engine with Unicode-scalar semantics, which reads the Oniguruma syntax
/// these files use (classes, `\s \w \d \p{L}`, counted repeats, alternation, lookahead) the same
/// way; a pattern it cannot compile is refused when the file is read.
struct TextPattern: @unchecked Sendable {
    // `Regex` is an immutable value; it is only not declared Sendable.
    private enum Kind {
        case literal([Unicode.Scalar])
        case regex(Regex<AnyRegexOutput>)
    }
    private let kind: Kind

    /// A literal; nil when it is empty (it would match between every two scalars).
    init?(literal: String) {
        guard !literal.isEmpty else { return nil }
        kind = .literal(Array(literal.unicodeScalars))
    }

    init(regex: String) throws {
        kind = .regex(try Regex(Self.oniguruma(regex)).matchingSemantics(.unicodeScalar))
    }

    /// Oniguruma's `\w` (Alphabetic, marks, decimal digits, connector punctuation) spelled out:
    /// Swift's `\w` leaves marks out, so `é` written with a combining accent would split.
    private static let word = #"\p{Alphabetic}\p{M}\p{Nd}\p{Pc}"#

    /// `pattern` with `\w` and `\W` replaced by explicit classes, inside brackets or not.
    static func oniguruma(_ pattern: String) -> String {
        var out = "", depth = 0, escaped = false
        for character in pattern {
            if escaped {
                escaped = false
                switch character {
                case "w": out += depth > 0 ? word : "[\(word)]"
                case "W": out += "[^\(word)]"
                default: out += "\\\(character)"
                }
                continue
            }
            switch character {
            case "\\": escaped = true; continue
            case "[": depth += 1
            case "]" where depth > 0: depth -= 1
            default: break
            }
            out.append(character)
        }
        if escaped { out += "\\" }
        return out
    }

    /// The non-empty, non-overlapping matches in `scalars`, left to right, as scalar offsets.
    func matches(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        switch kind {
        case .literal(let needle):
            var start = 0
            while start + needle.count <= scalars.count {
                if scalars[start..<start + needle.count].elementsEqual(needle) {
                    found.append(start..<start + needle.count)
                    start += needle.count
                } else {
                    start += 1
                }
            }
        case .regex(let regex):
            let text = String(String.UnicodeScalarView(scalars))
            let view = text.unicodeScalars
            var index = view.startIndex, offset = 0
            for match in text.matches(of: regex) where !match.range.isEmpty {
                let lower = offset + view.distance(from: index, to: match.range.lowerBound)
                let upper = lower + view.distance(from: match.range.lowerBound, to: match.range.upperBound)
                found.append(lower..<upper)
                index = match.range.upperBound
                offset = upper
            }
        }
        return found
    }

    /// `scalars` with every match replaced by `content`.
    func replace(in scalars: [Unicode.Scalar], with content: [Unicode.Scalar]) -> [Unicode.Scalar] {
        let found = matches(in: scalars)
        guard !found.isEmpty else { return scalars }
        var out: [Unicode.Scalar] = []
        var position = 0
        for range in found {
            out += scalars[position..<range.lowerBound]
            out += content
            position = range.upperBound
        }
        out += scalars[position...]
        return out
    }
}

/// What a split does with the matches it found (`tokenizers`' `SplitDelimiterBehavior`).
enum SplitBehavior: String, Sendable {
    /// Matches are dropped.
    case removed = "Removed"
    /// Each match is a word by itself.
    case isolated = "Isolated"
    /// A match joins the word before it.
    case mergedWithPrevious = "MergedWithPrevious"
    /// A match joins the word after it.
    case mergedWithNext = "MergedWithNext"
    /// Adjacent matches make one word.
    case contiguous = "Contiguous"

    /// The words of `word` cut at `matches` (sorted, non-overlapping, non-empty scalar ranges),
    /// appended to `out`; `invert` swaps which stretches count as matches. Empty words are dropped.
    func split(_ word: [Unicode.Scalar], at matches: [Range<Int>], invert: Bool,
               into out: inout [[Unicode.Scalar]]) {
        // The word as alternating stretches, each flagged as a match or not.
        var stretches: [(range: Range<Int>, isMatch: Bool)] = []
        var position = 0
        for match in matches {
            if position < match.lowerBound { stretches.append((position..<match.lowerBound, invert)) }
            stretches.append((match, !invert))
            position = match.upperBound
        }
        if position < word.count { stretches.append((position..<word.count, invert)) }

        var pieces: [(range: Range<Int>, keep: Bool)] = []
        switch self {
        case .removed:
            pieces = stretches.map { ($0.range, !$0.isMatch) }
        case .isolated:
            pieces = stretches.map { ($0.range, true) }
        case .mergedWithPrevious:
            var previousWasMatch = false
            for stretch in stretches {
                if stretch.isMatch && !previousWasMatch, let last = pieces.indices.last {
                    pieces[last].range = pieces[last].range.lowerBound..<stretch.range.upperBound
                } else {
                    pieces.append((stretch.range, true))
                }
                previousWasMatch = stretch.isMatch
            }
        case .mergedWithNext:
            var nextWasMatch = false
            for stretch in stretches.reversed() {
                if stretch.isMatch && !nextWasMatch, let last = pieces.indices.last {
                    pieces[last].range = stretch.range.lowerBound..<pieces[last].range.upperBound
                } else {
                    pieces.append((stretch.range, true))
                }
                nextWasMatch = stretch.isMatch
            }
            pieces.reverse()
        case .contiguous:
            var previousWasMatch = false
            for stretch in stretches {
                if stretch.isMatch == previousWasMatch, let last = pieces.indices.last {
                    pieces[last].range = pieces[last].range.lowerBound..<stretch.range.upperBound
                } else {
                    pieces.append((stretch.range, true))
                }
                previousWasMatch = stretch.isMatch
            }
        }
        for piece in pieces where piece.keep && !piece.range.isEmpty { out.append(Array(word[piece.range])) }
    }
}
