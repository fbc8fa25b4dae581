import Experiment

extension Value {
    /// Dotted key → text of every leaf (`optimizer.lr` → `0.001`, `data.classes` →
    /// `["a","b"]`): how a resolved configuration becomes trackers' flat parameters.
    /// Arrays are kept whole, as their JSON, since their items have no names.
    public func flattened(prefix: String = "") -> [String: String] {
        switch self {
        case .object(let fields):
            var out: [String: String] = [:]
            for (key, value) in fields {
                out.merge(value.flattened(prefix: prefix.isEmpty ? key : prefix + "." + key)) { a, _ in a }
            }
            return out
        case .string(let s):
            return [prefix: s]
        case .null:
            return [prefix: "null"]
        default:
            return [prefix: canonicalJSON]
        }
    }
}
