import Results

/// What became of a planned run, as the report sees it.
///
/// `missing` covers both "never wrote result.json" and "wrote one that cannot be read",
/// so a damaged folder is reported instead of crashing the report.
public enum RunStatus: String, Codable, Sendable, CaseIterable, Comparable {
    case done, failed, diverged, interrupted, running, missing

    init(_ status: RunResult.Status) {
        switch status {
        case .done: self = .done
        case .failed: self = .failed
        case .diverged: self = .diverged
        case .interrupted: self = .interrupted
        case .running: self = .running
        }
    }

    public static func < (a: RunStatus, b: RunStatus) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
