/// YAML 1.2 core schema resolution (https://yaml.org/spec/1.2.2/#1023-core-schema).
///
/// Only plain scalars resolve to null, bool, int or float; quoted, literal and folded
/// scalars are strings. So `lr: 1e-3` is a number while `lr: "1e-3"` is text, and YAML 1.1
/// spellings such as `yes`, `no`, `on` and `off` stay strings.
///
/// Choices the spec leaves open:
/// - An integer too large for `Int` resolves to `.float` (nearest `Double`), so a
///   validator still sees a number.
/// - An explicit tag forces the type (`!!str 1` is a string, `!!float 1` is 1.0); when the
///   text does not fit the tag (`!!int abc`) the scalar resolves to `.string`, for the
///   validator to report. Unknown and local tags (`!foo`, `!`) also resolve to `.string`.
extension Scalar {
    /// The scalar's meaning under the core schema.
    public var value: ScalarValue {
        if let tag { return CoreSchema.resolve(text, tag: tag) }
        guard style == .plain else { return .string(text) }
        return CoreSchema.resolvePlain(text)
    }
}

/// The core schema's regular expressions, written as small byte scanners.
enum CoreSchema {
    static let tagPrefix = "tag:yaml.org,2002:"

    static func resolvePlain(_ text: String) -> ScalarValue {
        if isNull(text) { return .null }
        if let bool = bool(text) { return .bool(bool) }
        if let number = integer(text) { return number }
        if let float = float(text) { return .float(float) }
        return .string(text)
    }

    static func resolve(_ text: String, tag: String) -> ScalarValue {
        switch tag {
        case tagPrefix + "null": isNull(text) ? .null : .string(text)
        case tagPrefix + "bool": bool(text).map(ScalarValue.bool) ?? .string(text)
        case tagPrefix + "int": integer(text) ?? .string(text)
        case tagPrefix + "float":
            if let float = float(text) {
                .float(float)
            } else {
                switch integer(text) {
                case .int(let int)?: .float(Double(int))
                case .float(let float)?: .float(float)
                default: .string(text)
                }
            }
        default: .string(text)
        }
    }

    static func isNull(_ text: String) -> Bool {
        switch text {
        case "", "~", "null", "Null", "NULL": true
        default: false
        }
    }

    static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`; `.float` when it overflows `Int`.
    static func integer(_ text: String) -> ScalarValue? {
        let bytes = Array(text.utf8)
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            let radix: Int? = switch bytes[1] {
            case UInt8(ascii: "o"): 8
            case UInt8(ascii: "x"): 16
            default: nil
            }
            if let radix {
                let digits = bytes[2...]
                guard digits.allSatisfy({ digitValue($0).map { $0 < radix } ?? false }) else { return nil }
                if let int = Int(String(text.dropFirst(2)), radix: radix) { return .int(int) }
                return .float(digits.reduce(0.0) { $0 * Double(radix) + Double(digitValue($1)!) })
            }
        }
        let unsigned = bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") ? bytes.dropFirst() : bytes[...]
        guard !unsigned.isEmpty, unsigned.allSatisfy(isDigit) else { return nil }
        if let int = Int(text) { return .int(int) }
        return Double(text).map(ScalarValue.float)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?\.(inf|Inf|INF)`,
    /// `\.(nan|NaN|NAN)`.
    static func float(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        let bytes = Array(text.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            return i - start
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
        let integerDigits = digits()
        var fractionDigits = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            fractionDigits = digits()
        }
        guard integerDigits > 0 || fractionDigits > 0 else { return nil }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
            guard digits() > 0 else { return nil }
        }
        guard i == bytes.count else { return nil }
        return Double(text)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }
}
