/// A resolved configuration value: what a validated YAML node means, with defaults filled in.
///
/// Numbers are typed by the schema (an `integer` field holds `.int`, a `number` field
/// `.number`), so `lr: 1` and `lr: 1.0` resolve to the same value and the same run id.
public indirect enum Value: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([Value])
    case object([String: Value])

    public subscript(key: String) -> Value? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    /// The value at a dotted path (`optimizer.lr`), if every step exists.
    public func at(_ path: String) -> Value? {
        var current: Value? = self
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            current = current?[String(part)]
        }
        return current
    }

    /// A copy with the value at a dotted path replaced (intermediate objects are created).
    public func setting(_ path: [String], to newValue: Value) -> Value {
        guard let head = path.first else { return newValue }
        var fields: [String: Value] = [:]
        if case .object(let existing) = self { fields = existing }
        fields[head] = (fields[head] ?? .object([:])).setting(Array(path.dropFirst()), to: newValue)
        return .object(fields)
    }

    public func removing(_ key: String) -> Value {
        guard case .object(var fields) = self else { return self }
        fields[key] = nil
        return .object(fields)
    }

    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    public var int: Int? { if case .int(let i) = self { return i } else { return nil } }
    public var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var double: Double? {
        switch self {
        case .number(let d): return d
        case .int(let i): return Double(i)
        default: return nil
        }
    }
    public var array: [Value]? { if case .array(let a) = self { return a } else { return nil } }
    public var object: [String: Value]? { if case .object(let o) = self { return o } else { return nil } }
    public var isNull: Bool { self == .null }
}
