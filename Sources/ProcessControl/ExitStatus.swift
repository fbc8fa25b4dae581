/// Every exit code finetune's commands end with: the one table README's "Exit codes" table is
/// checked against (Tests/SweepTests/ExitCodeTests.swift).
public enum ExitStatus: Int32, CaseIterable, Sendable {
    /// Everything asked for is done.
    case done = 0
    /// A run failed or diverged (now or kept from before), or work could not be finished (a
    /// folder that cannot be written, a download that failed).
    case failed = 1
    /// An input is invalid or damaged (an experiment file, a data file, weights): nothing ran.
    case invalidInput = 2
    /// A results folder is locked by another sweep, or Slurm still holds some runs.
    case locked = 3
    /// A command-line mistake (a missing argument, an unknown option): the usage is printed.
    case usage = 64
    /// Stopped by Ctrl-C (SIGINT) or SIGTERM.
    case interrupted = 130

    /// The meaning README's table gives.
    public var meaning: String {
        switch self {
        case .done: "done: every run asked for is done"
        case .failed: "a run failed or diverged, or the work could not be finished (a folder that cannot be written)"
        case .invalidInput: "invalid input: an experiment file, a data file or weights that cannot be used; nothing of it ran"
        case .locked: "a results folder is locked by another sweep, or Slurm still holds some of its runs"
        case .usage: "a command-line mistake; the usage is printed"
        case .interrupted: "interrupted by Ctrl-C or SIGTERM; the same command resumes"
        }
    }

    public var code: Int32 { rawValue }

    /// "Exit codes: 0 done: …; 1 …", for a command's help, so the help says what the table says.
    public static func helpText(_ statuses: [ExitStatus] = allCases) -> String {
        "Exit codes: " + statuses.map { "\($0.code) \($0.meaning)" }.joined(separator: "; ") + "."
    }
}
