import ArgumentParser
import Sweep

/// `finetune sweep`'s Slurm options, passed to sbatch for every task.
struct SlurmArguments: ParsableArguments {
    @Option(help: "Slurm partition.")
    var partition: String?

    @Option(name: .customLong("cpus-per-task"), help: "Cores per task; the run uses as many threads (default: Slurm's, usually 1).")
    var cpusPerTask: Int?

    @Option(help: "Memory per task, as sbatch takes it (4G).")
    var mem: String?

    @Option(help: "Time limit per task, as sbatch takes it (30:00).")
    var time: String?

    @Option(help: "Generic resources per task (gpu:1).")
    var gres: String?

    @Option(help: "Account to charge.")
    var account: String?

    @Option(name: .customLong("slurm-arg"), parsing: .unconditionalSingleValue, help: ArgumentHelp("Any other sbatch option, as written (--slurm-arg=--qos=short); repeatable.", valueName: "option"))
    var extra: [String] = []

    @Flag(help: "Follow the submitted tasks until all ended (counts, and each failure with its log), then write the reports.")
    var wait = false

    @Flag(help: "With --wait: Ctrl-C also cancels the submitted jobs (by default they keep running).")
    var cancelOnInterrupt = false

    var options: SlurmOptions {
        SlurmOptions(partition: partition, cpusPerTask: cpusPerTask, mem: mem, time: time, gres: gres, account: account,
                     extra: extra, wait: wait, cancelOnInterrupt: cancelOnInterrupt)
    }

    /// The Slurm options given, as typed, for the error when they come without --executor slurm.
    var given: [String] {
        var names: [String] = []
        if partition != nil { names.append("--partition") }
        if cpusPerTask != nil { names.append("--cpus-per-task") }
        if mem != nil { names.append("--mem") }
        if time != nil { names.append("--time") }
        if gres != nil { names.append("--gres") }
        if account != nil { names.append("--account") }
        if !extra.isEmpty { names.append("--slurm-arg") }
        if wait { names.append("--wait") }
        if cancelOnInterrupt { names.append("--cancel-on-interrupt") }
        return names
    }
}
