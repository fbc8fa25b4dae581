/// A prefix tree over Unicode scalars mapping token strings to ids, so WordPiece's longest
/// match and Unigram's lattice walk a word once instead of building a `String` per candidate.
struct ScalarTrie: Sendable {
    /// Node 0 is the root.
    static let root: Int32 = 0
    private var children: [UInt64: Int32] = [:]
    /// The id stored at each node, -1 when no token ends there.
    private var values: [Int32] = [-1]

    init() {}

    /// Stores `value` for the token `scalars` read from `start`; returns the token's node.
    @discardableResult
    mutating func insert(_ scalars: some Sequence<Unicode.Scalar>, value: Int32, from start: Int32 = root) -> Int32 {
        var node = start
        for scalar in scalars {
            let key = Self.key(node, scalar)
            if let next = children[key] {
                node = next
            } else {
                let next = Int32(values.count)
                values.append(-1)
                children[key] = next
                node = next
            }
        }
        values[Int(node)] = value
        return node
    }

    /// The node reached from `node` by `scalar`, if any.
    @inline(__always)
    func child(of node: Int32, _ scalar: Unicode.Scalar) -> Int32? {
        children[Self.key(node, scalar)]
    }

    /// The node reached from the root by `scalars`, if every step exists.
    func node(for scalars: some Sequence<Unicode.Scalar>) -> Int32? {
        var node = Self.root
        for scalar in scalars {
            guard let next = child(of: node, scalar) else { return nil }
            node = next
        }
        return node
    }

    /// The id of the token ending at `node`, if one does.
    @inline(__always)
    func value(at node: Int32) -> Int32? {
        let value = values[Int(node)]
        return value >= 0 ? value : nil
    }

    @inline(__always)
    private static func key(_ node: Int32, _ scalar: Unicode.Scalar) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 21 | UInt64(scalar.value)
    }
}
