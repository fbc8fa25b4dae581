/// A process that could not be started, signalled or talked to.
public struct ProcessError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) { self.description = description }
}
