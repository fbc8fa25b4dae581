import ArgumentParser
import Foundation

/// How a command ends when it cannot do its job: one line `error: …` on stderr and a
/// documented exit code, never the usage text, which is only for command-line mistakes
/// (swift-argument-parser's own errors and `ValidationError`, exit 64).
///
/// Exit codes (README): 0 done, 1 a run failed or the work could not be finished (an I/O
/// error), 2 an input file is invalid or damaged, 3 a results folder is locked, 130 interrupted.
public enum CommandFailure {
    /// An input file (experiment, weights, vocabulary, config) that cannot be used.
    public static let invalidInput: Int32 = 2
    /// Work that could not be finished: a failed run, a folder that cannot be written.
    public static let failed: Int32 = 1

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
