/// What `finetune sweep --executor slurm` asks of every task (`sbatch` options).
public struct SlurmOptions: Sendable, Equatable {
    public var partition: String?
    /// Cores per task; the run uses that many threads (`SLURM_CPUS_PER_TASK`).
    public var cpusPerTask: Int?
    /// Memory per task, in sbatch's notation (`4G`).
    public var mem: String?
    /// Time limit per task (`30:00`, `1-00:00:00`).
    public var time: String?
    public var gres: String?
    public var account: String?
    /// Anything else, passed to sbatch as written (`--slurm-arg=--qos=short`).
    public var extra: [String]
    /// Follow the arrays until every task ended, then write the reports.
    public var wait: Bool
    /// With `wait`: Ctrl-C also cancels the submitted jobs (by default they keep running).
    public var cancelOnInterrupt: Bool

    public init(partition: String? = nil, cpusPerTask: Int? = nil, mem: String? = nil, time: String? = nil,
                gres: String? = nil, account: String? = nil, extra: [String] = [], wait: Bool = false,
                cancelOnInterrupt: Bool = false) {
        self.partition = partition
        self.cpusPerTask = cpusPerTask
        self.mem = mem
        self.time = time
        self.gres = gres
        self.account = account
        self.extra = extra
        self.wait = wait
        self.cancelOnInterrupt = cancelOnInterrupt
    }

    /// The resource options, as sbatch takes them.
    public var sbatchArguments: [String] {
        var arguments: [String] = []
        if let partition { arguments.append("--partition=\(partition)") }
        if let cpusPerTask { arguments.append("--cpus-per-task=\(cpusPerTask)") }
        if let mem { arguments.append("--mem=\(mem)") }
        if let time { arguments.append("--time=\(time)") }
        if let gres { arguments.append("--gres=\(gres)") }
        if let account { arguments.append("--account=\(account)") }
        return arguments + extra
    }

    /// The resource options as `finetune sweep` takes them, for the command that resumes.
    public var commandArguments: [String] {
        var arguments: [String] = []
        if let partition { arguments += ["--partition", partition] }
        if let cpusPerTask { arguments += ["--cpus-per-task", String(cpusPerTask)] }
        if let mem { arguments += ["--mem", mem] }
        if let time { arguments += ["--time", time] }
        if let gres { arguments += ["--gres", gres] }
        if let account { arguments += ["--account", account] }
        return arguments + extra.map { "--slurm-arg=\($0)" }
    }
}
