extension Value: SchemaDescribed {
    /// Any JSON: a resolved configuration or a swept value.
    public static var jsonSchema: Value { .object([:]) }
}
