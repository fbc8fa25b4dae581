/// JSON Schema (2020-12) generated from the same `Shape` the validator uses, so editors
/// (via yaml-language-server) and finetune agree on what a file may contain.
public enum JSONSchema {
    public static let id = "https://finetune.dev/schemas/experiment.schema.json"
    public static let baseID = "https://finetune.dev/schemas/base.schema.json"

    /// The experiment-file schema as a value; `prettyJSON()` gives the committed text.
    ///
    /// An editor validates each file on its own, without merging its `extends:` base, so the
    /// keys a complete experiment needs (`experiment`, `data.source`, `model.architecture`)
    /// are required only of a file without `extends`; a file with one gets them from its base,
    /// which finetune checks after merging.
    public static func experiment() -> Value {
        var root = object(ExperimentConfig.shape, sections: true)
        root["$schema"] = .string("https://json-schema.org/draft/2020-12/schema")
        root["$id"] = .string(id)
        root["title"] = .string("finetune experiment")
        if case .object(var complete)? = requiredKeys(ExperimentConfig.shape) {
            complete["description"] = .string("Without extends the file is the whole experiment, so it names everything a run needs.")
            root["if"] = .object(["not": .object(["required": .array([.string("extends")])])])
            root["then"] = .object(complete)
        }
        return .object(root)
    }

    /// The schema of a base file (`experiments/base/*.yaml`): the same keys, none required,
    /// since a base holds only what the files extending it share. Base files name it in their
    /// first-line comment.
    public static func base() -> Value {
        var root = object(ExperimentConfig.shape, sections: true)
        root["$schema"] = .string("https://json-schema.org/draft/2020-12/schema")
        root["$id"] = .string(baseID)
        root["title"] = .string("finetune base file (settings other experiment files extend)")
        return .object(root)
    }

    /// The `required` lists of the sections, nested as JSON Schema applies them to the same
    /// instance (`properties.data.required: [source]`); nil when no section requires a key.
    private static func requiredKeys(_ o: ObjectShape) -> Value? {
        var fields: [String: Value] = [:]
        let required = o.fields.filter(\.required).map { Value.string($0.name) }
        if !required.isEmpty { fields["required"] = .array(required) }
        var properties: [String: Value] = [:]
        for field in o.fields {
            if let inner = sectionObject(field.shape), let nested = requiredKeys(inner) { properties[field.name] = nested }
        }
        if !properties.isEmpty { fields["properties"] = .object(properties) }
        return fields.isEmpty ? nil : .object(fields)
    }

    /// The object a section field holds (through `nullable`), whose keys merge with a base's.
    private static func sectionObject(_ shape: Shape) -> ObjectShape? {
        switch shape {
        case .object(let o): return o
        case .nullable(let inner): return sectionObject(inner)
        default: return nil
        }
    }

    /// `sections`: the shape is a section (or the root) whose keys merge with a base file's, so
    /// its required keys are left to `requiredKeys`; values inside (a `{csv:, label:}` source,
    /// an augmentation) keep theirs, since a value is replaced whole.
    static func schema(_ shape: Shape, sections: Bool = false) -> Value {
        switch shape {
        case .object(let o): return .object(object(o, sections: sections))
        case .string(let s):
            var fields: [String: Value] = ["type": .string("string")]
            if let values = s.values { fields["enum"] = .array(values.map(Value.string)) }
            if let pattern = s.pattern { fields["pattern"] = .string(pattern) }
            if s.acceptsNumbers, s.values == nil { fields["type"] = .array([.string("string"), .string("number")]) }
            return .object(fields)
        case .number(let b): return .object(bounds(b, into: ["type": .string("number")]))
        case .integer(let b): return .object(bounds(b, into: ["type": .string("integer")]))
        case .boolean: return .object(["type": .string("boolean")])
        case .array(let element, let minItems):
            var fields: [String: Value] = ["type": .string("array"), "items": schema(element)]
            if minItems > 0 { fields["minItems"] = .int(minItems) }
            return .object(fields)
        case .tagged(let tagged):
            return .object(["type": .string("object"),
                            "required": .array([.string(tagged.key)]),
                            "oneOf": .array(tagged.variants.map { .object(object($0.shape)) })])
        case .oneOf(let alternatives, let summary):
            return .object(["oneOf": .array(alternatives.map { schema($0) }), "description": .string(summary)])
        case .nullable(let inner):
            return .object(["anyOf": .array([schema(inner, sections: sections), .object(["type": .string("null")])])])
        case .any:
            return .object([:])
        case .sweep(let fixed):
            var properties: [String: Value] = [:]
            for field in fixed { properties[field.name] = described(field, sections: false) }
            let axis: Value = .object(["oneOf": .array([
                .object(["type": .string("array"), "minItems": .int(1)]),
                .object(["type": .string("object"), "required": .array([.string("sample")]),
                         "properties": .object([
                            "sample": .object(["enum": .array(["uniform", "loguniform", "choice"].map(Value.string))]),
                            "low": .object(["type": .string("number")]),
                            "high": .object(["type": .string("number")]),
                            "values": .object(["type": .string("array"), "minItems": .int(1)]),
                            "integer": .object(["type": .string("boolean")]),
                         ]),
                         "additionalProperties": .bool(false)]),
            ])])
            return .object(["type": .array([.string("object"), .string("null")]),
                            "properties": .object(properties),
                            "patternProperties": .object([#"^[a-z_]+(\.[a-z_0-9]+)+$"#: axis]),
                            "additionalProperties": .bool(false)])
        }
    }

    private static func object(_ o: ObjectShape, sections: Bool = false) -> [String: Value] {
        var properties: [String: Value] = [:]
        for field in o.fields { properties[field.name] = described(field, sections: sections) }
        var fields: [String: Value] = [
            "type": .string("object"),
            "description": .string(o.doc),
            "properties": .object(properties),
            "additionalProperties": .bool(false),
        ]
        let required = o.fields.filter(\.required).map { Value.string($0.name) }
        if !required.isEmpty, !sections { fields["required"] = .array(required) }
        return fields
    }

    private static func described(_ field: Field, sections: Bool) -> Value {
        let inner = sections && sectionObject(field.shape) != nil
        guard case .object(var fields) = schema(field.shape, sections: inner) else { return schema(field.shape, sections: inner) }
        fields["description"] = .string(field.doc)
        if let value = field.resolvedDefault, !field.required { fields["default"] = value }
        // An empty `key:` means "all defaults" to finetune; let the schema say so too.
        if case .object = field.shape, fields["type"] == .string("object") {
            fields["type"] = .array([.string("object"), .string("null")])
        }
        return .object(fields)
    }

    private static func bounds(_ b: Bounds, into fields: [String: Value]) -> [String: Value] {
        var fields = fields
        if let m = b.minimum { fields["minimum"] = .number(m) }
        if let m = b.exclusiveMinimum { fields["exclusiveMinimum"] = .number(m) }
        if let m = b.maximum { fields["maximum"] = .number(m) }
        if let m = b.exclusiveMaximum { fields["exclusiveMaximum"] = .number(m) }
        return fields
    }
}
