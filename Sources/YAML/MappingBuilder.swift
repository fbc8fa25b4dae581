/// Collects one mapping's entries as they arrive: rejects duplicate keys, and applies
/// merge keys (`<<: *base`, `<<: [*a, *b]`) once the mapping is complete.
///
/// Merge rules (https://yaml.org/type/merge.html): keys written in the mapping win over
/// merged ones, and among merged mappings the earlier one wins. Merged pairs appear where
/// the `<<` entry was written and keep the marks of the text they came from.
struct MappingBuilder {
    private var pairs: [Pair] = []
    /// First mark of every scalar key seen, by text, to report duplicates.
    private var firstMarks: [String: Mark] = [:]
    private var pendingKey: Node?
    /// Each `<<` entry: where in `pairs` it was written and the mappings it brings in.
    private var merges: [(position: Int, sources: [[Pair]])] = []

    /// Adds the next node, which is a key and a value in turn.
    mutating func add(_ node: Node) throws(YAMLError) {
        guard let key = pendingKey else {
            if case .scalar(let scalar) = node.kind {
                if let first = firstMarks[scalar.text] {
                    throw YAMLError(
                        mark: node.mark,
                        message: "duplicate key '\(scalar.text)' (first defined at line \(first.line), column \(first.column))")
                }
                firstMarks[scalar.text] = node.mark
            }
            pendingKey = node
            return
        }
        pendingKey = nil
        if Self.isMergeKey(key) {
            merges.append((pairs.count, try Self.mergeSources(node)))
        } else {
            pairs.append(Pair(key: key, value: node))
        }
    }

    /// The finished entries, merged mappings included.
    func finish() -> [Pair] {
        guard !merges.isEmpty else { return pairs }
        var taken = Set(pairs.compactMap { $0.key.scalar?.text })
        var result: [Pair] = []
        var next = 0
        for merge in merges {
            result += pairs[next..<merge.position]
            next = merge.position
            for source in merge.sources {
                for pair in source {
                    if let text = pair.key.scalar?.text, !taken.insert(text).inserted { continue }
                    result.append(pair)
                }
            }
        }
        result += pairs[next...]
        return result
    }

    private static func isMergeKey(_ key: Node) -> Bool {
        guard case .scalar(let scalar) = key.kind else { return false }
        return scalar.text == "<<" && scalar.style == .plain
            && (scalar.tag == nil || scalar.tag == CoreSchema.tagPrefix + "merge")
    }

    private static func mergeSources(_ value: Node) throws(YAMLError) -> [[Pair]] {
        switch value.kind {
        case .mapping(let pairs):
            return [pairs]
        case .sequence(let items):
            var sources: [[Pair]] = []
            for item in items {
                guard case .mapping(let pairs) = item.kind else { throw mergeError(item) }
                sources.append(pairs)
            }
            return sources
        case .scalar:
            throw mergeError(value)
        }
    }

    private static func mergeError(_ node: Node) -> YAMLError {
        YAMLError(
            mark: node.mark,
            message: "merge key '<<' needs a mapping or a list of mappings, found \(node.kindName)")
    }
}
