/// JSON Schema generated from a `Decodable` Swift type, so the schemas of result.json and
/// summary.json follow the code instead of drifting from it.
///
/// The type is decoded once from a probing decoder (``SchemaProbe``) that answers every
/// request with a placeholder and writes down what was asked: a `decode` of a key is a
/// required property, a `decodeIfPresent` an optional one (synthesized `Decodable` asks for
/// exactly the keys `Encodable` writes), an unkeyed container an array, `allKeys` a map.
/// Types the probe cannot walk say what they are through ``SchemaDescribed``, string enums
/// list their cases through ``SchemaEnum``, and a type adds what its Swift shape cannot say
/// (descriptions, "failed needs error") through ``SchemaRefined``.
public enum TypeSchema {
    /// Options of one generated document.
    public struct Options: Sendable {
        /// Doubles may be written as the strings "nan", "inf" and "-inf"
        /// (`JSONEncoder.nonConformingFloatEncodingStrategy`); they refer to `$defs.real`.
        public var nonFiniteStrings: Bool
        public init(nonFiniteStrings: Bool) { self.nonFiniteStrings = nonFiniteStrings }
    }

    /// The schema document of `type`, with `$schema`, `$id`, `title` and `description`.
    public static func document<T: Decodable>(_ type: T.Type, id: String, title: String, description: String,
                                              options: Options) -> Value {
        let probe = SchemaProbe(options: options)
        guard case .object(var root) = probe.schema(of: type) else { return .object([:]) }
        root["$schema"] = .string("https://json-schema.org/draft/2020-12/schema")
        root["$id"] = .string(id)
        root["title"] = .string(title)
        root["description"] = .string(description)
        if options.nonFiniteStrings {
            root["$defs"] = .object(["real": .object([
                "description": .string("A number, or a non-finite one as the string nan, inf or -inf."),
                "anyOf": .array([.object(["type": .string("number")]),
                                 .object(["enum": .array(["nan", "inf", "-inf"].map(Value.string))])]),
            ])])
        }
        return .object(root)
    }
}

/// A type whose JSON the probe cannot infer (custom `Codable`, any JSON): its schema as given.
public protocol SchemaDescribed {
    static var jsonSchema: Value { get }
    /// A value handed to the decoding type in place of a real one, for a type whose own
    /// decoding rejects the probe's placeholders; nil when it accepts them.
    static var schemaPlaceholder: Any? { get }
}

extension SchemaDescribed {
    public static var schemaPlaceholder: Any? { nil }
}

/// A string enum: the schema lists its raw values.
public protocol SchemaEnum {
    static var schemaValues: [String] { get }
    /// Any case, handed to the decoding type in place of a real value.
    static var schemaExample: Self { get }
}

extension SchemaEnum where Self: CaseIterable & RawRepresentable, RawValue == String {
    public static var schemaValues: [String] { allCases.map(\.rawValue) }
    public static var schemaExample: Self { allCases.first! }
}

/// A type that adds to its generated object schema: key descriptions, conditions between
/// keys, bounds.
public protocol SchemaRefined {
    /// JSON key → description.
    static var schemaDescriptions: [String: String] { get }
    /// Called with the generated object schema; returns the refined one.
    static func refineSchema(_ schema: [String: Value]) -> [String: Value]
}

extension SchemaRefined {
    public static var schemaDescriptions: [String: String] { [:] }
    public static func refineSchema(_ schema: [String: Value]) -> [String: Value] { schema }
}
