/// One node of a YAML document that remembers where it came from.
///
/// Validation works on these nodes (never on a decoded copy) so every diagnostic can name
/// the file, line and column of the offending text.
public struct Node: Sendable {
    public indirect enum Kind: Sendable {
        case scalar(Scalar)
        case sequence([Node])
        /// Pairs in document order; keys are unique (duplicates are parse errors).
        case mapping([Pair])
    }

    public var kind: Kind
    public var mark: Mark

    public init(_ kind: Kind, mark: Mark) {
        self.kind = kind
        self.mark = mark
    }
}

/// A key/value entry of a mapping.
public struct Pair: Sendable {
    public var key: Node
    public var value: Node

    public init(key: Node, value: Node) {
        self.key = key
        self.value = value
    }
}

/// How a scalar was written; quoting decides whether `1e-3` is a number or a string.
public enum ScalarStyle: Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

/// A scalar's text as written, with its style and explicit tag (`!!str`, `!!int`, ...).
public struct Scalar: Sendable, Hashable {
    public var text: String
    public var style: ScalarStyle
    /// The resolved tag when one was written explicitly (`tag:yaml.org,2002:str`), else nil.
    public var tag: String?

    public init(text: String, style: ScalarStyle, tag: String? = nil) {
        self.text = text
        self.style = style
        self.tag = tag
    }
}

/// A scalar's meaning under the YAML 1.2 core schema.
public enum ScalarValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
}
