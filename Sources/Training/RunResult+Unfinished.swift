import Experiment
import Foundation

extension RunResult {
    /// The result of a run that ended without writing one itself: interrupted by the user,
    /// or a process that crashed. Carries the run's identity and configuration like any
    /// other result, so reports and resumes read it the same way.
    ///
    /// - Parameters:
    ///   - spec: The run.
    ///   - status: `interrupted` or `failed`.
    ///   - error: What happened (exit code or signal, the log's last lines).
    ///   - started: When its process started.
    public static func unfinished(_ spec: RunSpec, status: Status, error: String, started: Date) -> RunResult {
        var result = Runner.emptyResult(spec, started: started)
        result.status = status
        result.error = error
        let now = Date()
        result.timings.finished = ISO8601DateFormatter().string(from: now)
        result.timings.totalSeconds = now.timeIntervalSince(started)
        return result
    }
}
