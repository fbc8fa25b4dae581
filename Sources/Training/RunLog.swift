import Foundation
import Results

/// The lines a run writes to its log, for people: timestamped, one per phase and epoch, ending
/// with the outcome. A sweep's progress display does not read them; the run sends its progress
/// as data (``Runner/events``, relayed by the engine worker).
public enum RunLog {
    public static func line(_ text: String) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        FileHandle.standardOutput.write(Foundation.Data("[\(stamp)] \(text)\n".utf8))
    }
}

extension Runner {
    /// ``run()`` followed by the closing log line: the status, the best epoch and the test metrics.
    @discardableResult
    public func runLogged() throws -> RunResult {
        let result = try run()
        let test = result.metrics[.test].map { metrics in
            metrics.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.4f", $0.value))" }.joined(separator: ", ")
        } ?? "-"
        RunLog.line("\(spec.name) [\(spec.id)]: \(result.status.rawValue)\(result.error.map { ": \($0)" } ?? ""); best epoch \(result.bestEpoch); test: \(test)")
        return result
    }
}
