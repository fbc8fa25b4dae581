import Results

/// Which runs a (re-)launched sweep trains, from the status each run's result.json holds.
///
/// `done` is final. `diverged` is a deterministic outcome of the configuration, so it is
/// kept unless asked (`--rerun-failed`). Anything else — no result, `failed`, `interrupted`
/// or a `running` left by a killed process — is trained again. A kept result measured at
/// another numbers version (``RunResult/numbersVersion``) is stale: trained again, unless
/// `--keep-stale` keeps it (the report then names the versions it mixes).
public struct ResumePolicy: Sendable {
    public var rerunFailed: Bool
    public var keepStale: Bool

    public init(rerunFailed: Bool, keepStale: Bool = false) {
        self.rerunFailed = rerunFailed
        self.keepStale = keepStale
    }

    /// What a kept result.json says: its status and the numbers version it was measured at.
    public struct Kept: Sendable, Equatable {
        public var status: RunResult.Status
        public var numbers: Int

        public init(status: RunResult.Status, numbers: Int = RunResult.numbersVersion) {
            self.status = status
            self.numbers = numbers
        }

        public init(_ result: RunResult) { self.init(status: result.status, numbers: result.versions.numbersVersion) }
    }

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

    public func decide(_ kept: Kept?) -> Decision {
        if let kept, kept.numbers != RunResult.numbersVersion, kept.status == .done || kept.status == .diverged {
            let made = "measured at numbers version \(kept.numbers), now \(RunResult.numbersVersion)"
            return keepStale ? .skip(reason: "\(kept.status.rawValue), \(made) (kept: --keep-stale)")
                : .run(reason: "stale: \(made) (--keep-stale keeps it)")
        }
        return decide(kept?.status)
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
