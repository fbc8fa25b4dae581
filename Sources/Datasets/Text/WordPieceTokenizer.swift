/// BERT's WordPiece tokenizer, producing the same ids as Hugging Face's `BertTokenizerFast`
/// (the `tokenizer.json` shipped with all-MiniLM-L6-v2) so a pre-trained BERT sees text
/// exactly as it did in pre-training.
///
/// Text goes through BERT's basic tokenization (cleaning, CJK isolation, lowercasing and
/// accent stripping when `lowercase`, whitespace and punctuation splitting), then each
/// word through greedy longest-match-first WordPiece with `##` continuation pieces. The
/// special tokens `[PAD]`, `[UNK]`, `[CLS]`, `[SEP]` and `[MASK]`, when they appear
/// verbatim in the text, stay single tokens, as they do in Hugging Face's tokenizers.
///
/// A value type with no mutable state: share one instance across threads.
public struct WordPieceTokenizer: Sendable {
    /// The vocabulary the ids index into.
    public let vocabulary: Vocabulary
    /// Whether text is lowercased and stripped of accents (BERT uncased) or kept (cased).
    public let lowercase: Bool
    /// A word longer than this many scalars becomes `[UNK]`, as in BERT.
    public static let maximumWordLength = 100

    private let trie: WordPieceTrie
    private let rules: BertScalarRules
    /// UTF-8 bytes and ids of the special tokens matched verbatim in the input.
    private let specials: [(bytes: [UInt8], id: Int)]

    /// Builds a tokenizer over an in-memory vocabulary.
    /// - Parameters:
    ///   - vocabulary: the token list; its ids are the ids this tokenizer produces.
    ///   - lowercase: true for uncased models (MiniLM, bert-base-uncased): lowercase and
    ///     strip accents; false for cased models: keep both.
    public init(vocabulary: Vocabulary, lowercase: Bool = true) {
        self.vocabulary = vocabulary
        self.lowercase = lowercase
        self.trie = WordPieceTrie(vocabulary: vocabulary)
        self.rules = lowercase ? .uncased : .cased
        self.specials = Vocabulary.specialTokens.compactMap { token in
            vocabulary.id(of: token).map { (Array(token.utf8), $0) }
        }
    }

    /// Loads BERT's `vocab.txt` (one token per line, id = line index) and builds a tokenizer.
    /// - Parameters:
    ///   - vocabularyFile: path of the `vocab.txt`.
    ///   - lowercase: true for uncased models; see `init(vocabulary:lowercase:)`.
    /// - Throws: `TokenizerError` when the file is missing, unreadable, not UTF-8, empty, or
    ///   lacks `[CLS]`, `[SEP]`, `[PAD]` or `[UNK]`.
    public init(vocabularyFile: String, lowercase: Bool = true) throws(TokenizerError) {
        self.init(vocabulary: try Vocabulary(contentsOfFile: vocabularyFile), lowercase: lowercase)
    }

    // MARK: - Tokenizing

    /// The word pieces of `text` as strings (`["token", "##ization"]`), without `[CLS]` and
    /// `[SEP]`; for inspecting what the model sees.
    public func tokenize(_ text: String) -> [String] {
        pieceIDs(text).map { vocabulary.tokens[$0] }
    }

    /// The ids of the word pieces of `text`, without `[CLS]` and `[SEP]` or truncation.
    public func pieceIDs(_ text: String) -> [Int] {
        var ids: [Int] = []
        appendPieceIDs(of: text, to: &ids, limit: .max)
        return ids
    }

    /// One model input: `[CLS] pieces [SEP]`, with the pieces truncated so the whole
    /// sequence has at most `maxLength` ids (BERT's `truncation=True, max_length=...`).
    ///
    /// Empty or whitespace-only text gives `[CLS] [SEP]`.
    /// - Parameters:
    ///   - text: any string.
    ///   - maxLength: the longest sequence the model accepts, at least 2 (MiniLM: 512;
    ///     its sentence-embedding setup uses 128).
    /// - Returns: the ids and an all-ones attention mask of the same length.
    public func encode(_ text: String, maxLength: Int) -> (ids: [Int], attentionMask: [Int]) {
        precondition(maxLength >= 2, "maxLength must leave room for [CLS] and [SEP]")
        var ids = [vocabulary.classifierID]
        appendPieceIDs(of: text, to: &ids, limit: maxLength - 2)
        ids.append(vocabulary.separatorID)
        return (ids, Array(repeating: 1, count: ids.count))
    }

    /// A padded batch: each text encoded as by `encode(_:maxLength:)`, then rows padded with
    /// `[PAD]` (mask 0) to the longest row of this batch.
    /// - Parameters:
    ///   - texts: the batch, one row per text; an empty batch has `sequenceLength` 0.
    ///   - maxLength: the longest row allowed, at least 2.
    public func encodeBatch(_ texts: [String], maxLength: Int) -> EncodedBatch {
        precondition(maxLength >= 2, "maxLength must leave room for [CLS] and [SEP]")
        var rows: [[Int]] = []
        rows.reserveCapacity(texts.count)
        var pieces: [Int] = []
        for text in texts {
            pieces.removeAll(keepingCapacity: true)
            appendPieceIDs(of: text, to: &pieces, limit: maxLength - 2)
            rows.append(pieces)
        }
        let length = texts.isEmpty ? 0 : rows.map(\.count).max()! + 2
        var ids = [Int32](repeating: Int32(vocabulary.padID), count: texts.count * length)
        var mask = [Int32](repeating: 0, count: texts.count * length)
        for (row, rowPieces) in rows.enumerated() {
            var position = row * length
            ids[position] = Int32(vocabulary.classifierID)
            for id in rowPieces {
                position += 1
                ids[position] = Int32(id)
            }
            ids[position + 1] = Int32(vocabulary.separatorID)
            for column in row * length ... position + 1 { mask[column] = 1 }
        }
        return EncodedBatch(ids: ids, attentionMask: mask, batchSize: texts.count, sequenceLength: length)
    }

    // MARK: - The loop

    /// Appends the piece ids of `text` to `ids`, at most `limit` of them; stops reading
    /// once `limit` pieces exist, so truncating a long document costs only its head.
    func appendPieceIDs(of text: String, to ids: inout [Int], limit: Int) {
        guard limit > 0 else { return }
        let base = ids.count
        let unknownID = vocabulary.unknownID
        trie.withLookup { trie in
            forEachWord(in: text) { word in
                switch word {
                case .special(let id):
                    ids.append(id)
                case .scalars(let scalars):
                    Self.appendWordPieces(of: scalars, trie: trie, unknownID: unknownID, to: &ids)
                }
                return ids.count - base < limit
            }
        }
        if ids.count - base > limit { ids.removeLast(ids.count - base - limit) }
    }

    /// A unit of basic tokenization.
    enum Word {
        /// A special token found verbatim, by id.
        case special(Int)
        /// A normalized word (at most `maximumWordLength + 1` scalars: longer words are
        /// cut there, which is enough to make them `[UNK]`).
        case scalars(UnsafeBufferPointer<UInt32>)
    }

    /// BERT's basic tokenization: calls `body` with each word of `text` in order until it
    /// returns false.
    ///
    /// Walks the UTF-8 bytes once, decoding scalars by hand and building each word in one
    /// stack buffer; no `String` or array is created per word or per character.
    func forEachWord(in text: String, _ body: (Word) -> Bool) {
        var text = text
        text.withUTF8 { bytes in
            rules.withTables { tables in
                withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.maximumWordLength + 1) { buffer in
                    var word = PendingWord(buffer: buffer)
                    scan(bytes, tables: tables, word: &word, body)
                }
            }
        }
    }

    private func scan(_ bytes: UnsafeBufferPointer<UInt8>, tables: BertScalarRules.Tables,
                      word: inout PendingWord, _ body: (Word) -> Bool) {
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "["), let special = special(at: index, in: bytes) {
                guard word.flush(body), body(.special(special.id)) else { return }
                index += special.bytes.count
                continue
            }
            let value: UInt32
            (value, index) = Self.decodeScalar(bytes, at: index)
            let more: Bool
            if let rule = tables.rule(for: value) {
                more = word.add(rule.kind, rule.normalized, body)
            } else {
                let rule = rules.rule(for: value)
                more = word.add(rule.kind, rule.normalized, body)
            }
            guard more else { return }
        }
        _ = word.flush(body)
    }

    /// The word being built: normalized scalars in a fixed buffer one longer than the
    /// longest word WordPiece segments, so an overlong word is cut there yet still known
    /// to be too long.
    private struct PendingWord {
        let buffer: UnsafeMutableBufferPointer<UInt32>
        var length = 0

        init(buffer: UnsafeMutableBufferPointer<UInt32>) { self.buffer = buffer }

        /// Hands the word to `body` and starts a new one; false when `body` wants no more.
        @inline(__always)
        mutating func flush(_ body: (Word) -> Bool) -> Bool {
            guard length > 0 else { return true }
            let more = body(.scalars(UnsafeBufferPointer(rebasing: buffer[..<length])))
            length = 0
            return more
        }

        /// Applies one input scalar's rule.
        @inline(__always)
        mutating func add<Scalars: Collection<UInt32>>(_ kind: BertScalarRules.Kind, _ normalized: Scalars,
                                                       _ body: (Word) -> Bool) -> Bool {
            switch kind {
            case .dropped:
                return true
            case .whitespace:
                return flush(body)
            case .ideograph:
                guard flush(body) else { return false }
                for flagged in normalized { guard push(flagged, body) else { return false } }
                return flush(body)
            case .ordinary:
                for flagged in normalized { guard push(flagged, body) else { return false } }
                return true
            }
        }

        /// Adds one normalized scalar: punctuation is a word by itself, whitespace ends one.
        @inline(__always)
        private mutating func push(_ flagged: UInt32, _ body: (Word) -> Bool) -> Bool {
            if flagged & BertScalarRules.punctuationFlag != 0 {
                guard flush(body) else { return false }
                buffer[0] = flagged & BertScalarRules.scalarMask
                length = 1
                return flush(body)
            }
            if flagged & BertScalarRules.whitespaceFlag != 0 { return flush(body) }
            if length < buffer.count {
                buffer[length] = flagged
                length += 1
            }
            return true
        }
    }

    /// Greedy longest-match-first segmentation of one word; a word too long or with no
    /// complete segmentation becomes a single `[UNK]`.
    private static func appendWordPieces(of word: UnsafeBufferPointer<UInt32>, trie: WordPieceTrie.Lookup,
                                         unknownID: Int, to ids: inout [Int]) {
        guard word.count <= maximumWordLength else {
            ids.append(unknownID)
            return
        }
        let firstPiece = ids.count
        var start = 0
        while start < word.count {
            var node = start == 0 ? WordPieceTrie.wordStart : WordPieceTrie.continuation
            var matchEnd = start
            var matchID: Int32 = -1
            var position = start
            while position < word.count, let next = trie.child(of: node, word[position]) {
                node = next
                position += 1
                if let id = trie.id(at: node) {
                    matchEnd = position
                    matchID = id
                }
            }
            guard matchID >= 0 else {
                ids.removeLast(ids.count - firstPiece)
                ids.append(unknownID)
                return
            }
            ids.append(Int(matchID))
            start = matchEnd
        }
    }

    /// The special token whose bytes start at `index`, if any.
    private func special(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], id: Int)? {
        for special in specials where index + special.bytes.count <= bytes.count {
            var matches = true
            for (offset, byte) in special.bytes.enumerated() where bytes[index + offset] != byte {
                matches = false
                break
            }
            if matches { return special }
        }
        return nil
    }

    /// Decodes the scalar starting at `index` of valid UTF-8 (a `String`'s storage) and
    /// returns it with the index of the next one.
    @inline(__always)
    private static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return (lead, index + 1) }
        if lead < 0xE0 {
            return ((lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), index + 2)
        }
        if lead < 0xF0 {
            return ((lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6
                    | UInt32(bytes[index + 2] & 0x3F), index + 3)
        }
        return ((lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F), index + 4)
    }
}
