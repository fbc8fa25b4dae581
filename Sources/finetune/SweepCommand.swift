import ArgumentParser
import Foundation
import ProcessControl
import Sweep
import Tracking
import CommandSupport

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Train every run of one or more experiments, resuming whatever is unfinished.",
        discussion: """
        Plans every file first: if any is invalid, all mistakes are printed and nothing runs. \
        An experiment whose runs start from another's model (model.pretrained: {experiment: NAME}) \
        runs after that experiment when both are given; a cycle is an error.

        Resume: a run whose runs/<id>/result.json says done is skipped. Runs with no result, or \
        whose result is failed, interrupted or running (a killed process) are trained again. \
        Diverged runs are kept, since the same configuration diverges again; --rerun-failed \
        trains them again too (together with the failed ones, as always).

        Each run trains in a child process forked from one engine worker (which loads libtorch \
        once; the sweep itself does not), with its output in runs/<id>/log.txt. One sweep at a \
        time may write an experiment's results folder (<results>/<experiment>/.lock). Ctrl-C or \
        SIGTERM stops the children, marks their runs interrupted and prints how to resume; a \
        second Ctrl-C kills them at once.

        Slurm (--executor slurm): every run not done and not already queued becomes a task of \
        one sbatch --array per experiment, running `finetune run FILE --run ID`; an experiment \
        that starts from another's model waits for it (--dependency=afterok). Without --wait \
        the command returns once submitted; --wait follows the tasks and writes the reports. A \
        task Slurm kills (cancelled, out of memory or time, node lost) is recorded as failed \
        with Slurm's state and its logs; a relaunch trains it again.

        \(ExitStatus.helpText())
        """
    )

    @Argument(help: "Experiment files.", completion: .file(extensions: ["yaml", "yml"]))
    var files: [String]

    @Option(help: "Folder holding one folder per experiment.", completion: .directory)
    var results = "results"

    @Option(help: "Runs trained at the same time (default: one per core); the cores are divided between them, at least one thread each.")
    var jobs: Int?

    @Flag(help: "Stop at the first failed or diverged run: the running ones are interrupted, the rest not started.")
    var failFast = false

    @Flag(help: "Also train again runs whose kept result is diverged (failed, interrupted and unfinished runs always run again).")
    var rerunFailed = false

    @Flag(help: "Keep done runs measured by an earlier numbers version (a release that changed what the same configuration measures) instead of training them again; the report names the versions it mixes.")
    var keepStale = false

    @Option(help: ArgumentHelp("Send every run to this MLflow tracking server (default: $MLFLOW_TRACKING_URI; credentials from MLFLOW_TRACKING_TOKEN or _USERNAME/_PASSWORD).", valueName: "uri"))
    var mlflow: String?

    @Flag(help: "Print which runs would be trained and which skipped, and why; train nothing, write nothing.")
    var dryRun = false

    enum ExecutorKind: String, ExpressibleByArgument, CaseIterable {
        case local, slurm
    }

    @Option(help: "Where runs train: local (this machine) or slurm (one sbatch --array per experiment).")
    var executor: ExecutorKind = .local

    @OptionGroup(title: "Slurm (with --executor slurm)")
    var slurm: SlurmArguments

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1 (got \(jobs))") }
        if executor == .local, let given = slurm.given.first {
            throw ValidationError("\(given) needs --executor slurm")
        }
        if executor == .slurm {
            if jobs != nil { throw ValidationError("--jobs is for the local executor; Slurm runs every task it can (limit with --slurm-arg=--array=…%N)") }
            if failFast { throw ValidationError("--fail-fast is for the local executor") }
            if let cpus = slurm.cpusPerTask, cpus < 1 { throw ValidationError("--cpus-per-task must be at least 1 (got \(cpus))") }
        }
    }

    func run() throws {
        let tracking = try CommandFailure.reporting(code: CommandFailure.invalidInput) {
            try MLflowSettings.from(environment: ProcessInfo.processInfo.environment, uri: mlflow)
        }
        let options = SweepOptions(files: files, results: results, jobs: jobs, failFast: failFast,
                                   rerunFailed: rerunFailed, keepStale: keepStale, dryRun: dryRun,
                                   slurm: executor == .slurm ? slurm.options : nil, mlflow: tracking)
        let code = Sweep.run(options)
        if code != 0 { throw ExitCode(code) }
    }
}
