import Experiment
import Foundation
import Tracking

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
    /// Keep done runs measured at another numbers version instead of training them again.
    public var keepStale: Bool
    /// Print what would run and what would be skipped, and stop.
    public var dryRun: Bool
    /// Logical cores divided between the jobs.
    public var cores: Int
    /// The asset cache every built-in dataset and model must be in before anything runs;
    /// nil skips that check.
    public var assets: AssetCheck?
    /// Submit to Slurm instead of training here; nil trains on this machine.
    public var slurm: SlurmOptions?
    /// Send runs to this MLflow tracking server; nil sends nothing (TensorBoard files are
    /// written either way).
    public var mlflow: MLflowSettings?

    public init(files: [String], results: String = "results", jobs: Int? = nil, failFast: Bool = false,
                rerunFailed: Bool = false, keepStale: Bool = false, dryRun: Bool = false,
                cores: Int = ProcessInfo.processInfo.activeProcessorCount, assets: AssetCheck? = .machineWide,
                slurm: SlurmOptions? = nil, mlflow: MLflowSettings? = nil) {
        self.mlflow = mlflow
        self.assets = assets
        self.slurm = slurm
        self.files = files
        self.results = results
        self.cores = max(1, cores)
        self.jobs = max(1, jobs ?? Self.defaultJobs(cores: self.cores))
        self.failFast = failFast
        self.rerunFailed = rerunFailed
        self.keepStale = keepStale
        self.dryRun = dryRun
    }

    /// One job per core, each with one thread.
    ///
    /// The shipped runs are small CNNs whose operations are too short to keep two threads
    /// busy: on the 2-core machine, 4 runs of digits-transfer (with their scratch baselines)
    /// took 62 s with `--jobs 1` (2 threads) and 39 s with `--jobs 2` (1 thread each), and
    /// 30 s against 19 s of CPU — separate runs beat threads within a run.
    public static func defaultJobs(cores: Int) -> Int { max(1, cores) }

    /// Threads each run gets: the cores divided between the jobs, at least one.
    public var threadsPerJob: Int { max(1, cores / jobs) }
}
