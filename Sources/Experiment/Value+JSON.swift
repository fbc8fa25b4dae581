import TextSupport
import Foundation

extension Value {
    /// Canonical JSON: sorted keys, no insignificant whitespace, shortest round-trip numbers.
    /// The run id hashes this text, so it must not depend on key order, process or platform.
    public var canonicalJSON: String {
        var out = ""
        write(to: &out, indent: nil, level: 0)
        return out
    }

    /// Human-readable JSON with sorted keys and two-space indentation.
    public func prettyJSON() -> String {
        var out = ""
        write(to: &out, indent: "  ", level: 0)
        return out
    }

    private func write(to out: inout String, indent: String?, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .number(let d): out += Self.jsonNumber(d)
        case .string(let s): out += Self.jsonString(s)
        case .array(let items):
            writeContainer(items.map { (nil, $0) }, open: "[", close: "]", to: &out, indent: indent, level: level)
        case .object(let fields):
            let sorted = fields.sorted { $0.key < $1.key }.map { (Optional($0.key), $0.value) }
            writeContainer(sorted, open: "{", close: "}", to: &out, indent: indent, level: level)
        }
    }

    private func writeContainer(
        _ entries: [(String?, Value)], open: String, close: String,
        to out: inout String, indent: String?, level: Int
    ) {
        out += open
        if entries.isEmpty { out += close; return }
        for (index, (key, value)) in entries.enumerated() {
            if index > 0 { out += "," }
            if let indent { out += "\n" + String(repeating: indent, count: level + 1) }
            if let key { out += Self.jsonString(key) + (indent == nil ? ":" : ": ") }
            value.write(to: &out, indent: indent, level: level + 1)
        }
        if let indent { out += "\n" + String(repeating: indent, count: level) }
        out += close
    }

    /// Non-finite numbers cannot appear in a validated config; they are written as null.
    static func jsonNumber(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) + ".0" }
        return "\(d)"
    }

    static func jsonString(_ s: String) -> String { JSONText.quoted(s) }
}

extension Value: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let b = try? container.decode(Bool.self) { self = .bool(b) }
        else if let i = try? container.decode(Int.self) { self = .int(i) }
        else if let d = try? container.decode(Double.self) { self = .number(d) }
        else if let s = try? container.decode(String.self) { self = .string(s) }
        else if let a = try? container.decode([Value].self) { self = .array(a) }
        else { self = .object(try container.decode([String: Value].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .int(let i): try container.encode(i)
        case .number(let d): try container.encode(d)
        case .string(let s): try container.encode(s)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        }
    }
}
