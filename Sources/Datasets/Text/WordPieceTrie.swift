/// The vocabulary as a trie over Unicode scalars, so WordPiece's longest-match-first
/// search is one walk down the trie instead of building and hashing a `String` for every
/// candidate substring.
///
/// Two roots: word-initial pieces (`un`) and continuation pieces (`##aff`, stored
/// without the `##`). The deepest node with an id that a walk reaches is exactly the
/// longest vocabulary piece at that position, which is what BERT's greedy loop finds by
/// shrinking the candidate one character at a time.
///
/// Edges live in one open-addressing hash table keyed by (node, scalar): cheaper than a
/// `Dictionary` (no SipHash, no per-node allocation) and small (about 100k edges).
struct WordPieceTrie: Sendable {
    /// Root of the word-initial pieces.
    static let wordStart: Int32 = 0
    /// Root of the `##` continuation pieces.
    static let continuation: Int32 = 1

    /// Token id ending at each node, or -1.
    private var ids: [Int32] = [-1, -1]
    /// Edge keys `node << 21 | scalar`, with `emptyKey` for free slots.
    private var keys: [UInt64]
    /// Child node of each edge slot.
    private var children: [Int32]
    private var mask: Int
    private var edgeCount = 0

    fileprivate static let emptyKey = UInt64.max

    init(vocabulary: Vocabulary) {
        var capacity = 1024
        // Keep the table at most half full: scalars per token are roughly the edge count.
        let scalarCount = vocabulary.tokens.reduce(0) { $0 + $1.unicodeScalars.count }
        while capacity < 2 * scalarCount { capacity *= 2 }
        keys = Array(repeating: Self.emptyKey, count: capacity)
        children = Array(repeating: -1, count: capacity)
        mask = capacity - 1
        // Insert in id order, so a duplicated token keeps its last id (as the reference does).
        // Compare scalars, not `Character`s: in "##ि" the sign joins the second "#" into one
        // grapheme, so `hasPrefix("##")` would be false.
        let prefix = Array("##".unicodeScalars)
        for (id, token) in vocabulary.tokens.enumerated() {
            let scalars = token.unicodeScalars
            insert(scalars, from: Self.wordStart, id: id)
            if scalars.starts(with: prefix) && scalars.count > 2 {
                insert(scalars.dropFirst(2), from: Self.continuation, id: id)
            }
        }
    }

    /// Read access for the hot loop: raw buffers, so walking the trie costs no reference
    /// counting or bounds checks.
    struct Lookup {
        fileprivate let ids: UnsafeBufferPointer<Int32>
        fileprivate let keys: UnsafeBufferPointer<UInt64>
        fileprivate let children: UnsafeBufferPointer<Int32>
        fileprivate let mask: Int

        /// The id stored at `node`, or nil when no token ends there.
        @inline(__always)
        func id(at node: Int32) -> Int32? {
            let id = ids[Int(node)]
            return id < 0 ? nil : id
        }

        /// The child of `node` along `scalar`, or nil.
        @inline(__always)
        func child(of node: Int32, _ scalar: UInt32) -> Int32? {
            let key = UInt64(node) << 21 | UInt64(scalar)
            var slot = WordPieceTrie.slot(key, mask)
            while true {
                let found = keys[slot]
                if found == key { return children[slot] }
                if found == WordPieceTrie.emptyKey { return nil }
                slot = (slot &+ 1) & mask
            }
        }
    }

    /// Calls `body` with a `Lookup` valid only during the call.
    func withLookup<R>(_ body: (Lookup) -> R) -> R {
        ids.withUnsafeBufferPointer { ids in
            keys.withUnsafeBufferPointer { keys in
                children.withUnsafeBufferPointer { children in
                    body(Lookup(ids: ids, keys: keys, children: children, mask: mask))
                }
            }
        }
    }

    private mutating func insert<S: Sequence>(_ scalars: S, from root: Int32, id: Int) where S.Element == Unicode.Scalar {
        var node = root
        for scalar in scalars {
            node = childCreating(of: node, scalar.value)
        }
        if node != root { ids[Int(node)] = Int32(id) }
    }

    private mutating func childCreating(of node: Int32, _ scalar: UInt32) -> Int32 {
        let key = UInt64(node) << 21 | UInt64(scalar)
        var slot = Self.slot(key, mask)
        while keys[slot] != Self.emptyKey {
            if keys[slot] == key { return children[slot] }
            slot = (slot &+ 1) & mask
        }
        if 2 * (edgeCount + 1) > keys.count {
            grow()
            return childCreating(of: node, scalar)
        }
        let child = Int32(ids.count)
        ids.append(-1)
        keys[slot] = key
        children[slot] = child
        edgeCount += 1
        return child
    }

    private mutating func grow() {
        let oldKeys = keys, oldChildren = children
        keys = Array(repeating: Self.emptyKey, count: oldKeys.count * 2)
        children = Array(repeating: -1, count: oldKeys.count * 2)
        mask = keys.count - 1
        for (index, key) in oldKeys.enumerated() where key != Self.emptyKey {
            var slot = Self.slot(key, mask)
            while keys[slot] != Self.emptyKey { slot = (slot &+ 1) & mask }
            keys[slot] = key
            children[slot] = oldChildren[index]
        }
    }

    /// Fibonacci hashing: spreads the packed (node, scalar) keys over the table.
    @inline(__always)
    fileprivate static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }
}
