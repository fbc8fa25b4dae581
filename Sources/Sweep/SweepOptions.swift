import Foundation

/// What `finetune sweep` was asked to do.
public struct SweepOptions: Sendable {
    public var files: [String]
    /// The folder holding one folder per experiment.
    public var results: String
    /// Runs trained at the same time.
    public var jobs: Int
    /// Stop at the first failed or diverged run, interrupting the others.
    public var failFast: Bool
    /// Also train again runs whose result is `diverged` (failed ones always run again).
    public var rerunFailed: Bool
    /// Print what would run and what would be skipped, and stop.
    public var dryRun: Bool
    /// The `finetune` executable the children run.
    public var executable: String
    /// Logical cores divided between the jobs.
    public var cores: Int

    public init(files: [String], results: String = "results", jobs: Int? = nil, failFast: Bool = false,
                rerunFailed: Bool = false, dryRun: Bool = false,
                executable: String = SweepOptions.currentExecutable(),
                cores: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.files = files
        self.results = results
        self.cores = max(1, cores)
        self.jobs = max(1, jobs ?? Self.defaultJobs(cores: self.cores))
        self.failFast = failFast
        self.rerunFailed = rerunFailed
        self.dryRun = dryRun
        self.executable = executable
    }

    /// One job per two cores. The shipped runs are small CNNs whose steps are too short to
    /// keep two threads busy, so two single-threaded runs beat one two-threaded run on
    /// throughput while one job per core would leave nothing for the sweep itself and the
    /// shared baselines' waits; measured numbers are in the sweep command's help.
    public static func defaultJobs(cores: Int) -> Int { max(1, cores / 2) }

    /// Threads each run gets: the cores divided between the jobs, at least one.
    public var threadsPerJob: Int { max(1, cores / jobs) }

    /// This process's executable, resolved once so a child never depends on `/proc/self`
    /// meaning the right process.
    public static func currentExecutable() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        return CommandLine.arguments.first ?? "finetune"
    }
}
