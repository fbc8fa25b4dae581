/// The declarative description of what an experiment file may contain.
///
/// One definition drives validation (with positioned diagnostics), default filling,
/// sweep-path lookup and the generated JSON Schema, so the three can never disagree.
public indirect enum Shape: Sendable {
    case object(ObjectShape)
    case string(StringShape)
    case number(Bounds)
    case integer(Bounds)
    case boolean
    case array(of: Shape, minItems: Int = 0)
    /// Mappings told apart by a string `kind` key (augmentation steps).
    case tagged(TaggedShape)
    /// Alternatives told apart by the node's kind, and mappings by their first key.
    case oneOf([Shape], summary: String)
    case nullable(Shape)
    /// Any value; the owner validates it (sweep axis values are checked against their path).
    case any
    /// A mapping of dotted paths to axis specifications plus fixed keys (the sweep section).
    case sweep(fixed: [Field])
}

/// A named key of a mapping.
public struct Field: Sendable {
    public var name: String
    public var shape: Shape
    /// The value used when the key is absent; nil means "required" when `required` is set,
    /// else the default is derived from the shape (an object's own defaults) or null.
    public var defaultValue: Value?
    public var required: Bool
    public var doc: String

    public init(_ name: String, _ shape: Shape, default defaultValue: Value? = nil,
                required: Bool = false, doc: String) {
        self.name = name
        self.shape = shape
        self.defaultValue = defaultValue
        self.required = required
        self.doc = doc
    }

    /// What an absent key resolves to.
    var resolvedDefault: Value? {
        if required { return nil }
        if let defaultValue { return defaultValue }
        return shape.derivedDefault
    }
}

public struct ObjectShape: Sendable {
    public var fields: [Field]
    public var doc: String

    public init(doc: String, _ fields: [Field]) {
        self.fields = fields
        self.doc = doc
    }

    public func field(_ name: String) -> Field? { fields.first { $0.name == name } }
}

public struct StringShape: Sendable {
    /// The allowed values, when the string is an enumeration.
    public var values: [String]?
    /// Accept plain numbers and keep their text (class labels may be written `5` or `"5"`).
    public var acceptsNumbers: Bool
    /// Regular-expression pattern documented in the schema and checked by the validator.
    public var pattern: String?
    public var patternHelp: String?

    public init(values: [String]? = nil, acceptsNumbers: Bool = false,
                pattern: String? = nil, patternHelp: String? = nil) {
        self.values = values
        self.acceptsNumbers = acceptsNumbers
        self.pattern = pattern
        self.patternHelp = patternHelp
    }
}

public struct Bounds: Sendable {
    public var minimum: Double?
    public var exclusiveMinimum: Double?
    public var maximum: Double?
    public var exclusiveMaximum: Double?

    public init(min: Double? = nil, above: Double? = nil, max: Double? = nil, below: Double? = nil) {
        minimum = min
        exclusiveMinimum = above
        maximum = max
        exclusiveMaximum = below
    }

    public static let none = Bounds()
    public static let positive = Bounds(above: 0)
    public static let nonNegative = Bounds(min: 0)
    public static let unit = Bounds(min: 0, max: 1)

    /// The first violated bound as text (`must be > 0`), or nil when `x` is inside.
    func violation(_ x: Double) -> String? {
        if let m = minimum, x < m { return "must be >= \(Self.text(m))" }
        if let m = exclusiveMinimum, x <= m { return "must be > \(Self.text(m))" }
        if let m = maximum, x > m { return "must be <= \(Self.text(m))" }
        if let m = exclusiveMaximum, x >= m { return "must be < \(Self.text(m))" }
        return nil
    }

    static func text(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }
}

public struct TaggedShape: Sendable {
    public var key: String
    public var variants: [(tag: String, shape: ObjectShape)]

    public init(key: String, variants: [(tag: String, shape: ObjectShape)]) {
        self.key = key
        self.variants = variants
    }
}

extension Shape {
    /// The default of an absent optional key whose field names no explicit default.
    var derivedDefault: Value? {
        switch self {
        case .object(let object):
            var fields: [String: Value] = [:]
            for field in object.fields {
                if let value = field.resolvedDefault { fields[field.name] = value }
            }
            return .object(fields)
        case .nullable: return .null
        case .array: return .array([])
        case .sweep: return .object([:])
        default: return nil
        }
    }

    /// The shape at a dotted path below this one, for checking sweep axes.
    public func shape(at path: [String]) -> Shape? {
        guard let head = path.first else { return self }
        switch self {
        case .object(let object):
            return object.field(head)?.shape.shape(at: Array(path.dropFirst()))
        case .nullable(let inner):
            return inner.shape(at: path)
        case .oneOf(let alternatives, _):
            for case .object(let object) in alternatives {
                if let found = object.field(head)?.shape.shape(at: Array(path.dropFirst())) { return found }
            }
            return nil
        default:
            return nil
        }
    }

    /// The keys that may follow a path prefix, for "did you mean" on sweep paths.
    func keys() -> [String] {
        switch self {
        case .object(let object): return object.fields.map(\.name)
        case .nullable(let inner): return inner.keys()
        case .oneOf(let alternatives, _): return alternatives.flatMap { $0.keys() }
        default: return []
        }
    }

    /// How the expected value is described in messages (`a number`, `one of a, b`).
    var summary: String {
        switch self {
        case .object: return "a mapping"
        case .string(let s):
            if let values = s.values { return "one of " + values.joined(separator: ", ") }
            return "a string"
        case .number: return "a number"
        case .integer: return "an integer"
        case .boolean: return "true or false"
        case .array: return "a list"
        case .tagged(let t): return "a mapping with '\(t.key)'"
        case .oneOf(_, let summary): return summary
        case .nullable(let inner): return inner.summary + " or null"
        case .any: return "a value"
        case .sweep: return "a mapping of dotted paths to lists"
        }
    }
}
