import Results

/// Which runs a (re-)launched sweep trains, from the status each run's result.json holds.
///
/// `done` is final. `diverged` is a deterministic outcome of the configuration, so it is
/// kept unless asked (`--rerun-failed`). Anything else — no result, `failed`, `interrupted`
/// or a `running` left by a killed process — is trained again.
public struct ResumePolicy: Sendable {
    public var rerunFailed: Bool

    public init(rerunFailed: Bool) { self.rerunFailed = rerunFailed }

    public enum Decision: Equatable, Sendable {
        case run(reason: String)
        case skip(reason: String)

        public var runs: Bool { if case .run = self { return true } else { return false } }
        public var reason: String {
            switch self {
            case .run(let r), .skip(let r): return r
            }
        }
    }

    public func decide(_ status: RunResult.Status?) -> Decision {
        switch status {
        case nil: return .run(reason: "new")
        case .done?: return .skip(reason: "done")
        case .diverged?: return rerunFailed ? .run(reason: "diverged before") : .skip(reason: "diverged (kept; --rerun-failed trains it again)")
        case .failed?: return .run(reason: "failed before")
        case .interrupted?: return .run(reason: "interrupted before")
        case .running?: return .run(reason: "unfinished")
        }
    }
}
