/// A problem that stops the sweep before or around its runs (a run's own failure is a
/// result, not an error).
public struct SweepError: Error, CustomStringConvertible, Sendable {
    public var description: String
    /// The exit code the command should end with.
    public var exitCode: Int32

    public init(_ description: String, exitCode: Int32 = 1) {
        self.description = description
        self.exitCode = exitCode
    }
}
