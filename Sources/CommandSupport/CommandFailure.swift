import ArgumentParser
import Foundation
@_exported import ProcessControl

/// How a command ends when it cannot do its job: one line `error: …` on stderr and a
/// documented exit code, never the usage text, which is only for command-line mistakes
/// (swift-argument-parser's own errors and `ValidationError`, exit 64).
///
/// The codes are ``ExitStatus``'s, the one table README's is checked against.
public enum CommandFailure {
    /// An input file (experiment, weights, vocabulary, config) that cannot be used.
    public static let invalidInput = ExitStatus.invalidInput.code
    /// Work that could not be finished: a failed run, a folder that cannot be written.
    public static let failed = ExitStatus.failed.code

    /// Prints `error: message` as one line and returns the exit to throw.
    public static func exit(_ message: String, code: Int32) -> ExitCode {
        let line = message.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ")
        FileHandle.standardError.write(Data("error: \(line)\n".utf8))
        return ExitCode(code)
    }

    /// Runs `body`; an error it throws becomes one line and exit `code` (an `ExitCode` or a
    /// command-line mistake passes through unchanged).
    public static func reporting<T>(code: Int32, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            throw exit("\(error)", code: code)
        }
    }
}
