/// The decoder behind ``TypeSchema``: decodes a type from nothing, recording its shape.
///
/// Each value asked for is answered with a placeholder (0, "", false, an enum's first case)
/// so the type's own `init(from:)` runs to the end and asks for every key it has.
final class SchemaProbe {
    let options: TypeSchema.Options
    /// Types on the current path, so a recursive type ends instead of looping.
    private var active: Set<ObjectIdentifier> = []

    init(options: TypeSchema.Options) { self.options = options }

    /// The schema of `type` (an object for a struct, a primitive for a scalar).
    func schema<T: Decodable>(of type: T.Type) -> Value {
        if let described = type as? any SchemaDescribed.Type { return described.jsonSchema }
        if let enumeration = type as? any SchemaEnum.Type {
            return .object(["enum": .array(enumeration.schemaValues.map(Value.string))])
        }
        if let primitive = primitiveSchema(type) { return primitive }
        let id = ObjectIdentifier(type)
        guard !active.contains(id) else { return .object([:]) }
        active.insert(id)
        defer { active.remove(id) }
        let recorder = Recorder()
        _ = try? T(from: ProbeDecoder(probe: self, recorder: recorder))
        var schema = recorder.schema
        if let refined = type as? any SchemaRefined.Type, case .object(var fields) = schema {
            if case .object(var properties)? = fields["properties"] {
                for (key, text) in refined.schemaDescriptions {
                    if case .object(var property)? = properties[key] {
                        property["description"] = .string(text)
                        properties[key] = .object(property)
                    }
                }
                fields["properties"] = .object(properties)
            }
            schema = .object(refined.refineSchema(fields))
        }
        return schema
    }

    /// A placeholder value of `type` for the decoding type to continue with.
    func placeholder<T: Decodable>(_ type: T.Type) throws -> T {
        if let enumeration = type as? any SchemaEnum.Type, let value = enumeration.schemaExample as? T { return value }
        if let value = primitivePlaceholder(type) { return value }
        if let described = type as? any SchemaDescribed.Type, let value = described.schemaPlaceholder as? T { return value }
        return try T(from: ProbeDecoder(probe: self, recorder: Recorder()))
    }

    func primitiveSchema(_ type: Any.Type) -> Value? {
        switch type {
        case is String.Type: return .object(["type": .string("string")])
        case is Bool.Type: return .object(["type": .string("boolean")])
        case is Int.Type, is Int64.Type, is Int32.Type, is Int16.Type, is Int8.Type,
             is UInt.Type, is UInt64.Type, is UInt32.Type, is UInt16.Type, is UInt8.Type:
            return .object(["type": .string("integer")])
        case is Double.Type, is Float.Type:
            return options.nonFiniteStrings ? .object(["$ref": .string("#/$defs/real")]) : .object(["type": .string("number")])
        default: return nil
        }
    }

    func primitivePlaceholder<T>(_ type: T.Type) -> T? {
        switch type {
        case is String.Type: return "" as? T
        case is Bool.Type: return false as? T
        case is Int.Type: return 0 as? T
        case is Int64.Type: return Int64(0) as? T
        case is Int32.Type: return Int32(0) as? T
        case is UInt.Type: return UInt(0) as? T
        case is UInt64.Type: return UInt64(0) as? T
        case is UInt32.Type: return UInt32(0) as? T
        case is Int16.Type: return Int16(0) as? T
        case is Int8.Type: return Int8(0) as? T
        case is UInt16.Type: return UInt16(0) as? T
        case is UInt8.Type: return UInt8(0) as? T
        case is Double.Type: return 0.0 as? T
        case is Float.Type: return Float(0) as? T
        default: return nil
        }
    }
}

/// What one decoder was asked for.
final class Recorder {
    enum Kind { case unknown, object, map, array, single }
    var kind = Kind.unknown
    /// Keys in the order asked, with their schema and whether they are required.
    var properties: [(key: String, schema: Value, required: Bool)] = []
    var element: Value?
    var single: Value?

    var schema: Value {
        switch kind {
        case .unknown: return .object([:])
        case .single: return single ?? .object([:])
        case .array: return .object(["type": .string("array"), "items": element ?? .object([:])])
        case .map:
            return .object(["type": .string("object"), "additionalProperties": properties.first?.schema ?? .object([:])])
        case .object:
            var fields: [String: Value] = ["type": .string("object"), "additionalProperties": .bool(false)]
            var shapes: [String: Value] = [:]
            for property in properties { shapes[property.key] = property.schema }
            fields["properties"] = .object(shapes)
            let required = properties.filter(\.required).map { Value.string($0.key) }
            if !required.isEmpty { fields["required"] = .array(required) }
            return .object(fields)
        }
    }

    func add(_ key: String, _ schema: Value, required: Bool) {
        if kind == .unknown { kind = .object }
        if let index = properties.firstIndex(where: { $0.key == key }) {
            properties[index].required = properties[index].required || required
        } else {
            properties.append((key, schema, required))
        }
    }
}

struct ProbeDecoder: Decoder {
    let probe: SchemaProbe
    let recorder: Recorder
    var codingPath: [CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        if recorder.kind == .unknown { recorder.kind = .object }
        return KeyedDecodingContainer(KeyedProbe<Key>(probe: probe, recorder: recorder))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        recorder.kind = .array
        return UnkeyedProbe(probe: probe, recorder: recorder)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer {
        recorder.kind = .single
        return SingleProbe(probe: probe, recorder: recorder)
    }
}

struct KeyedProbe<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let probe: SchemaProbe
    let recorder: Recorder
    var codingPath: [CodingKey] = []

    /// Asked only by maps (a dictionary iterates its keys): one stand-in key for the values.
    var allKeys: [Key] {
        recorder.kind = .map
        return Key(stringValue: "*").map { [$0] } ?? []
    }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try required(type, key) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try optional(type, key) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try required(type, key) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try required(type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try required(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try required(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optional(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try required(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try required(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try optional(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try required(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try optional(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try required(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try required(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try required(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try optional(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try required(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try optional(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try required(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try optional(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try required(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try optional(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try required(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try optional(type, key) }

    private func required<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        recorder.add(key.stringValue, probe.schema(of: type), required: true)
        return try probe.placeholder(type)
    }

    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        recorder.add(key.stringValue, probe.schema(of: type), required: false)
        return try probe.placeholder(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let child = Recorder()
        child.kind = .object
        recorder.add(key.stringValue, .object([:]), required: true)
        return KeyedDecodingContainer(KeyedProbe<NestedKey>(probe: probe, recorder: child))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        recorder.add(key.stringValue, .object(["type": .string("array")]), required: true)
        return UnkeyedProbe(probe: probe, recorder: Recorder())
    }

    func superDecoder() throws -> Decoder { ProbeDecoder(probe: probe, recorder: Recorder()) }
    func superDecoder(forKey key: Key) throws -> Decoder { ProbeDecoder(probe: probe, recorder: Recorder()) }
}

/// An array of one element: enough to learn the element's schema.
struct UnkeyedProbe: UnkeyedDecodingContainer {
    let probe: SchemaProbe
    let recorder: Recorder
    var codingPath: [CodingKey] = []
    var count: Int? { 1 }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex >= 1 }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try element(type) }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try element(type) }
    mutating func decode(_ type: String.Type) throws -> String { try element(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try element(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try element(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try element(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try element(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try element(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try element(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try element(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try element(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try element(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try element(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try element(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try element(type) }

    private mutating func element<T: Decodable>(_ type: T.Type) throws -> T {
        recorder.element = probe.schema(of: type)
        currentIndex += 1
        return try probe.placeholder(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        currentIndex += 1
        return KeyedDecodingContainer(KeyedProbe<NestedKey>(probe: probe, recorder: Recorder()))
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
        currentIndex += 1
        return UnkeyedProbe(probe: probe, recorder: Recorder())
    }

    mutating func superDecoder() throws -> Decoder { ProbeDecoder(probe: probe, recorder: Recorder()) }
}

struct SingleProbe: SingleValueDecodingContainer {
    let probe: SchemaProbe
    let recorder: Recorder
    var codingPath: [CodingKey] = []

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try value(type) }
    func decode(_ type: Bool.Type) throws -> Bool { try value(type) }
    func decode(_ type: String.Type) throws -> String { try value(type) }
    func decode(_ type: Double.Type) throws -> Double { try value(type) }
    func decode(_ type: Float.Type) throws -> Float { try value(type) }
    func decode(_ type: Int.Type) throws -> Int { try value(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try value(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try value(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try value(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try value(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try value(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try value(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try value(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try value(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try value(type) }

    private func value<T: Decodable>(_ type: T.Type) throws -> T {
        recorder.single = probe.schema(of: type)
        return try probe.placeholder(type)
    }
}
