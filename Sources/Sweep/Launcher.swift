import Experiment
import Results

/// How a sweep's runs get trained: on this machine (``LocalLauncher``: forked from the
/// engine's worker) or by Slurm (``SlurmLauncher``: one job array per experiment). The sweep
/// decides what runs (``SweepSchedule``); a launcher only carries that out.
protocol Launcher {
    /// Runs an earlier launch still holds (queued or running), keyed by
    /// ``SweepSchedule/key(_:_:)``; records how the tasks of earlier launches ended.
    func survey(_ plans: [Plan]) -> Survey
    /// Trains `schedule`'s jobs; returns how they ended.
    func launch(_ schedule: SweepSchedule) -> LaunchOutcome
}

/// What a launcher found left by earlier launches.
struct Survey {
    /// ``SweepSchedule/key(_:_:)`` → what holds the run (`queued on Slurm: task 12_3 PENDING`).
    var active: [String: String] = [:]
    /// Experiment → the jobs holding some of its runs (what a dependent experiment waits for).
    var activeJobs: [String: Set<String>] = [:]
}

/// How the sweep's runs ended, counted over the runs it launched.
struct LaunchOutcome {
    var done = 0
    var failed = 0
    var diverged = 0
    var interrupted = 0
    /// Jobs never started because the sweep stopped early.
    var notStarted = 0
    /// Experiments none of whose runs trained because their data cannot be read, with why.
    var unreadableData: [String: String] = [:]
    var stop: Stop?
    /// Submitted to a scheduler without waiting: nothing has ended yet.
    var detached = false

    enum Stop: Equatable {
        case signal(Int32)
        case failFast
        /// The scheduler refused a submission.
        case submission
    }
}
