/// Shorthands for reading a tree while validating it.
extension Node {
    /// The scalar, when this node is one.
    public var scalar: Scalar? {
        if case .scalar(let scalar) = kind { return scalar }
        return nil
    }

    /// The pairs in document order, when this node is a mapping.
    public var mapping: [Pair]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    /// The items, when this node is a sequence.
    public var sequence: [Node]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// The value under the scalar key whose text is `key`, when this node is a mapping.
    public subscript(key: String) -> Node? {
        mapping?.first { $0.key.scalar?.text == key }?.value
    }

    /// What this node is, in words for error messages ("expected a number, found a mapping").
    ///
    /// One of "mapping", "sequence", "null", "boolean", "integer", "number" (a float) or
    /// "string"; scalars are named after their core-schema value.
    public var kindName: String {
        switch kind {
        case .mapping: "mapping"
        case .sequence: "sequence"
        case .scalar(let scalar):
            switch scalar.value {
            case .null: "null"
            case .bool: "boolean"
            case .int: "integer"
            case .float: "number"
            case .string: "string"
            }
        }
    }
}
