extension Value {
    /// The value as a YAML document (block style, sorted keys, strings double-quoted), so a
    /// run's `config.yaml` can be read by people and re-read by any YAML 1.2 parser.
    public func yamlText() -> String {
        var lines: [String] = []
        emit(into: &lines, indent: 0)
        return lines.joined(separator: "\n") + "\n"
    }

    private func emit(into lines: inout [String], indent: Int) {
        let pad = String(repeating: "  ", count: indent)
        switch self {
        case .object(let fields) where !fields.isEmpty:
            for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
                if value.isBlock {
                    lines.append("\(pad)\(key):")
                    value.emit(into: &lines, indent: indent + 1)
                } else {
                    lines.append("\(pad)\(key): \(value.inline)")
                }
            }
        case .array(let items) where !items.isEmpty:
            for item in items {
                if item.isBlock {
                    var nested: [String] = []
                    item.emit(into: &nested, indent: indent + 1)
                    let first = nested.removeFirst().dropFirst(pad.count + 2)
                    lines.append("\(pad)- \(first)")
                    lines += nested
                } else {
                    lines.append("\(pad)- \(item.inline)")
                }
            }
        default:
            lines.append(pad + inline)
        }
    }

    private var isBlock: Bool {
        switch self {
        case .object(let f): return !f.isEmpty
        case .array(let a): return !a.isEmpty
        default: return false
        }
    }

    /// Scalars and empty collections on one line; JSON is valid YAML flow syntax.
    private var inline: String {
        switch self {
        case .object: return "{}"
        case .array: return "[]"
        default: return canonicalJSON
        }
    }
}
