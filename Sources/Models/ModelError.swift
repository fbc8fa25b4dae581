/// A model that cannot be built or loaded as asked, with a message naming the file, the
/// tensor and the shapes involved so the person who configured it can fix it.
public struct ModelError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
