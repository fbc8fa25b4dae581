/// The `model` of a `tokenizer.json`: how one pre-tokenized word becomes ids.
enum SubwordModel: Sendable {
    case wordPiece(WordPieceModel)
    case bpe(BPEModel)
    case unigram(UnigramModel)

    func appendIDs(of word: [Unicode.Scalar], to ids: inout [Int]) {
        switch self {
        case .wordPiece(let model): model.appendIDs(of: word, to: &ids)
        case .bpe(let model): model.appendIDs(of: word, to: &ids)
        case .unigram(let model): model.appendIDs(of: word, to: &ids)
        }
    }

    /// Number of ids the model's own vocabulary holds (added tokens may come on top).
    var vocabularySize: Int {
        switch self {
        case .wordPiece(let model): return model.size
        case .bpe(let model): return model.size
        case .unigram(let model): return model.scores.count
        }
    }

    /// The id of `token` in the model's vocabulary.
    func id(of token: String) -> Int? {
        switch self {
        case .wordPiece(let model): return model.ids[token]
        case .bpe(let model): return model.ids[token]
        case .unigram(let model): return model.ids[token]
        }
    }
}

/// Greedy longest-match-first WordPiece: a word with no full segmentation, or longer than
/// `maximumCharacters`, is one unknown token.
struct WordPieceModel: Sendable {
    let ids: [String: Int]
    /// One more than the largest id.
    let size: Int
    let unknownID: Int
    let maximumCharacters: Int
    private let trie: ScalarTrie
    /// The node after the continuation prefix (`##`), where later pieces start.
    private let continuation: Int32?

    init(vocabulary: [String: Int], unknownID: Int, prefix: String, maximumCharacters: Int) {
        ids = vocabulary
        size = (vocabulary.values.max() ?? -1) + 1
        self.unknownID = unknownID
        self.maximumCharacters = maximumCharacters
        var trie = ScalarTrie()
        for (token, id) in vocabulary { trie.insert(token.unicodeScalars, value: Int32(id)) }
        self.trie = trie
        continuation = trie.node(for: prefix.unicodeScalars)
    }

    func appendIDs(of word: [Unicode.Scalar], to ids: inout [Int]) {
        guard word.count <= maximumCharacters else {
            ids.append(unknownID)
            return
        }
        let first = ids.count
        var start = 0
        while start < word.count {
            guard let root = start == 0 ? ScalarTrie.root : continuation else { break }
            var node = root, position = start, matchEnd = start, matchID: Int32 = -1
            while position < word.count, let next = trie.child(of: node, word[position]) {
                node = next
                position += 1
                if let id = trie.value(at: node) { matchEnd = position; matchID = id }
            }
            guard matchID >= 0 else {
                ids.removeLast(ids.count - first)
                ids.append(unknownID)
                return
            }
            ids.append(Int(matchID))
            start = matchEnd
        }
        if start < word.count {
            ids.removeLast(ids.count - first)
            ids.append(unknownID)
        }
    }
}

/// Byte-pair encoding: each scalar starts as its own symbol, then the adjacent pair with the
/// lowest merge rank is merged (leftmost first) until no listed merge applies.
struct BPEModel: Sendable {
    let ids: [String: Int]
    /// One more than the largest id.
    let size: Int
    /// Merge rank and result id by the pair's ids, `left << 32 | right`.
    private let merges: [UInt64: (rank: Int32, id: Int32)]
    private let scalarIDs: [UInt32: Int32]
    let unknownID: Int?
    let fuseUnknown: Bool
    let ignoreMerges: Bool

    init(vocabulary: [String: Int], merges: [UInt64: (rank: Int32, id: Int32)], unknownID: Int?,
         fuseUnknown: Bool, ignoreMerges: Bool) {
        ids = vocabulary
        size = (vocabulary.values.max() ?? -1) + 1
        self.merges = merges
        var scalarIDs: [UInt32: Int32] = [:]
        for (token, id) in vocabulary {
            let scalars = token.unicodeScalars
            if scalars.count == 1 { scalarIDs[scalars.first!.value] = Int32(id) }
        }
        self.scalarIDs = scalarIDs
        self.unknownID = unknownID
        self.fuseUnknown = fuseUnknown
        self.ignoreMerges = ignoreMerges
    }

    /// The key of a merge of ids `left` and `right`.
    static func pairKey(_ left: Int, _ right: Int) -> UInt64 {
        UInt64(UInt32(left)) << 32 | UInt64(UInt32(right))
    }

    func appendIDs(of word: [Unicode.Scalar], to out: inout [Int]) {
        if ignoreMerges, let id = ids[String(String.UnicodeScalarView(word))] {
            out.append(id)
            return
        }
        var symbols: [Int32] = []
        symbols.reserveCapacity(word.count)
        var lastWasUnknown = false
        for scalar in word {
            if let id = scalarIDs[scalar.value] {
                symbols.append(id)
                lastWasUnknown = false
            } else if let unknownID {
                if !(fuseUnknown && lastWasUnknown) { symbols.append(Int32(unknownID)) }
                lastWasUnknown = true
            }
        }
        while symbols.count > 1 {
            var best: (rank: Int32, id: Int32, at: Int)? = nil
            for index in 0..<(symbols.count - 1) {
                if let merge = merges[Self.pairKey(Int(symbols[index]), Int(symbols[index + 1]))],
                   merge.rank < (best?.rank ?? .max) {
                    best = (merge.rank, merge.id, index)
                }
            }
            guard let best else { break }
            symbols[best.at] = best.id
            symbols.remove(at: best.at + 1)
        }
        for symbol in symbols { out.append(Int(symbol)) }
    }
}

/// SentencePiece's unigram model: the segmentation with the highest total log-probability
/// (Viterbi over every vocabulary piece found in the word); a scalar no piece covers costs
/// `minimum score - 10` and becomes the unknown token, consecutive unknowns fused into one.
struct UnigramModel: Sendable {
    let ids: [String: Int]
    let scores: [Double]
    let unknownID: Int
    private let trie: ScalarTrie
    private let unknownScore: Double

    static let unknownPenalty = 10.0

    init(pieces: [(token: String, score: Double)], unknownID: Int) {
        var ids: [String: Int] = [:]
        var trie = ScalarTrie()
        for (id, piece) in pieces.enumerated() {
            if ids[piece.token] == nil { ids[piece.token] = id }
            trie.insert(piece.token.unicodeScalars, value: Int32(id))
        }
        self.ids = ids
        scores = pieces.map(\.score)
        self.unknownID = unknownID
        self.trie = trie
        unknownScore = (scores.min() ?? 0) - Self.unknownPenalty
    }

    func appendIDs(of word: [Unicode.Scalar], to out: inout [Int]) {
        let count = word.count
        guard count > 0 else { return }
        var best = [Double](repeating: 0, count: count + 1)
        var from = [Int](repeating: -1, count: count + 1)
        var piece = [Int32](repeating: -1, count: count + 1)
        from[0] = 0
        func offer(_ start: Int, _ end: Int, _ id: Int32, _ score: Double) {
            let candidate = best[start] + score
            if from[end] < 0 || candidate > best[end] {
                best[end] = candidate
                from[end] = start
                piece[end] = id
            }
        }
        for start in 0..<count where from[start] >= 0 {
            var node = ScalarTrie.root, position = start, hasSingle = false
            while position < count, let next = trie.child(of: node, word[position]) {
                node = next
                position += 1
                if let id = trie.value(at: node) {
                    offer(start, position, id, scores[Int(id)])
                    if position == start + 1 { hasSingle = true }
                }
            }
            if !hasSingle { offer(start, start + 1, -1, unknownScore) }
        }
        var path: [Int32] = []
        var end = count
        while end > 0 {
            path.append(piece[end])
            end = from[end]
        }
        var previousUnknown = false
        for id in path.reversed() {
            let isUnknown = id < 0 || Int(id) == unknownID
            if isUnknown && previousUnknown { continue }
            out.append(isUnknown ? unknownID : Int(id))
            previousUnknown = isUnknown
        }
    }
}
