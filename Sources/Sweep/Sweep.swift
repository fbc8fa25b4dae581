import Experiment
import Foundation
import ProcessControl
import Reports
import Results
import Tracking

/// `finetune sweep`: plan every file, order them by the models they share, skip what is
/// done, train the rest in parallel, and end with an exit code a script can trust.
public enum Sweep {
    /// Every run is done.
    public static let exitDone = ExitStatus.done.code
    /// Some run failed or diverged (now or kept from before).
    public static let exitRunsFailed = ExitStatus.failed.code
    /// A file is invalid or the files depend on each other in a cycle (nothing ran), or an
    /// experiment's data cannot be read (none of its runs ran).
    public static let exitInvalid = ExitStatus.invalidInput.code
    /// Stopped by Ctrl-C (SIGINT) or SIGTERM.
    public static let exitInterrupted = ExitStatus.interrupted.code

    /// Runs the sweep and returns the process's exit code.
    public static func run(_ options: SweepOptions) -> Int32 {
        let printer = DiagnosticPrinter()

        // 1. Plan every file; nothing runs unless all are valid.
        var plans: [Plan] = []
        var invalid: [String] = []
        for file in options.files {
            let outcome = Planner.plan(file: file, assets: options.assets)
            printer.print(outcome.diagnostics)
            if let plan = outcome.plan { plans.append(plan) } else { invalid.append(file) }
        }
        guard invalid.isEmpty else {
            complain("\(invalid.count) of \(options.files.count) file\(options.files.count == 1 ? "" : "s") invalid (\(invalid.joined(separator: ", "))); nothing ran")
            return exitInvalid
        }

        // 2. Dependencies first.
        let order = DependencyOrder.order(plans)
        printer.print(order.diagnostics)
        guard !order.diagnostics.hasErrors else {
            complain("the experiments cannot be ordered; nothing ran")
            return exitInvalid
        }

        // 3. What to train, what to keep (a dry run asks no scheduler and writes nothing).
        let layout = ResultsLayout(root: options.results)
        let policy = ResumePolicy(rerunFailed: options.rerunFailed, keepStale: options.keepStale)
        let status: (String, String) -> ResumePolicy.Kept? = { experiment, id in
            RunStore(layout: layout, experiment: experiment).result(id).map(ResumePolicy.Kept.init)
        }
        let threads = options.threadsPerJob
        if options.dryRun {
            let schedule = SweepSchedule.make(order: order, policy: policy, kept: status)
            for part in schedule.parts {
                say(schedule.summary(of: part))
                schedule.details(of: part).forEach(say)
            }
            let jobs = schedule.jobs.count
            let how = options.slurm == nil
                ? "with \(options.jobs) job\(options.jobs == 1 ? "" : "s") × \(threads) thread\(threads == 1 ? "" : "s")"
                : "on Slurm (runs already queued there are not known to a dry run)"
            say("dry run: would train \(jobs) run\(jobs == 1 ? "" : "s") \(how) into \(options.results)")
            return exitDone
        }

        // 4. From here on Ctrl-C is noticed, not fatal; own every results folder for the
        // whole sweep, then record each plan.
        let signals: SignalPipe
        do { signals = try SignalPipe() } catch {
            complain("\(error)")
            return exitRunsFailed
        }
        defer { withExtendedLifetime(signals) {} }
        signal(SIGPIPE, SIG_IGN)  // a worker that died is noticed as an error, not by dying
        var locks: [ExperimentLock] = []
        do {
            for plan in order.plans { locks.append(try ExperimentLock(folder: layout.experiment(plan.experiment))) }
            for plan in order.plans { try RunStore(layout: layout, experiment: plan.experiment).writePlan(plan) }
        } catch let error as SweepError {
            complain(error.description)
            return error.exitCode
        } catch {
            complain("\(error)")
            return exitRunsFailed
        }
        defer { withExtendedLifetime(locks) {} }

        // 5. What earlier launches still hold, then the schedule.
        let display = ProgressDisplay.automatic()
        let tracker = options.mlflow.map { MLflowTracker(settings: $0, layout: layout, warn: { warn($0) }) }
        let launcher: Launcher = options.slurm.map { SlurmLauncher(options: options, slurm: $0, signals: signals) }
            ?? LocalLauncher(options: options, display: display, signals: signals, tracker: tracker)
        let survey = launcher.survey(order.plans)
        let schedule = SweepSchedule.make(order: order, policy: policy, kept: status, active: survey.active)
        for part in schedule.parts { say(schedule.summary(of: part)) }
        let jobs = schedule.jobs
        let kept = schedule.kept
        if let slurm = options.slurm, jobs.isEmpty, schedule.active > 0, !slurm.wait {
            let holding = survey.activeJobs.values.flatMap { $0 }.sorted()
            complain("nothing submitted: every unfinished run is already queued or running on Slurm (job\(holding.count == 1 ? "" : "s") \(holding.joined(separator: ", "))); follow them with --wait, or cancel them with scancel")
            return ExperimentLock.busyExitCode
        }

        // 6. Train.
        let outcome: LaunchOutcome
        if jobs.isEmpty, schedule.active == 0 || options.slurm == nil {
            say(schedule.active == 0 ? "nothing to train: every run has a kept result"
                : "nothing to train here: the other \(schedule.active) run\(schedule.active == 1 ? " is" : "s are") queued or running on Slurm")
            outcome = LaunchOutcome()
        } else if options.slurm != nil {
            outcome = launcher.launch(schedule)
        } else {
            say("training \(jobs.count) run\(jobs.count == 1 ? "" : "s") with \(options.jobs) job\(options.jobs == 1 ? "" : "s") × \(threads) thread\(threads == 1 ? "" : "s"); logs in <experiment>/runs/<id>/log.txt under \(options.results)")
            outcome = launcher.launch(schedule)
        }
        if outcome.detached {
            say("submitted \(jobs.count) run\(jobs.count == 1 ? "" : "s"); follow them with `\(resumeCommand(options)) --wait`; `finetune report <results>/<experiment>` works at any time")
            return exitDone
        }

        // 7. Reports, from the results alone (also after a relaunch that trained nothing).
        if outcome.stop == nil {
            for plan in order.plans {
                do {
                    let report = try ReportGenerator.generate(experimentDirectory: layout.experiment(plan.experiment))
                    say("report: \(report.reportPath)")
                } catch {
                    complain("\(plan.experiment): no report: \(error)")
                }
            }
        }

        // 8. MLflow: every run brought up to date (also those a server that was down missed
        //    in earlier sweeps), and each report attached to its experiment's parent run.
        if let tracker {
            tracker.finish(order.plans.map(\.experiment))
            if !tracker.failed { say("mlflow: \(order.plans.count) experiment\(order.plans.count == 1 ? "" : "s") sent to \(options.mlflow!)") }
        }

        // 9. The verdict.
        let keptBad = (kept[.diverged] ?? 0) + (kept[.failed] ?? 0)
        say("sweep: \(outcome.done) done, \(outcome.failed) failed, \(outcome.diverged) diverged, \(outcome.interrupted) interrupted"
            + (outcome.notStarted > 0 ? ", \(outcome.notStarted) not started" : "")
            + "; \(kept[.done] ?? 0) already done" + (keptBad > 0 ? ", \(keptBad) kept as diverged" : ""))
        switch outcome.stop {
        case .signal?:
            say("interrupted: resume with `\(resumeCommand(options))`; runs marked interrupted and those not started will be trained, done ones kept")
            return exitInterrupted
        case .submission?:
            say("a submission was refused; fix it and relaunch: `\(resumeCommand(options))`")
            return exitRunsFailed
        case .failFast?:
            say("stopped by --fail-fast; resume with `\(resumeCommand(options))`")
            return exitRunsFailed
        case nil:
            for (experiment, problem) in outcome.unreadableData.sorted(by: { $0.key < $1.key }) {
                complain("\(experiment): no run trained: \(problem)")
            }
            if !outcome.unreadableData.isEmpty { return exitInvalid }
            if outcome.failed + outcome.diverged + keptBad > 0 { return exitRunsFailed }
            if schedule.active > 0, options.slurm == nil {
                say("\(schedule.active) run\(schedule.active == 1 ? " is" : "s are") still queued or running on Slurm; `finetune sweep ... --executor slurm --wait` follows them")
                return ExperimentLock.busyExitCode
            }
            return exitDone
        }
    }

    public static func resumeCommand(_ options: SweepOptions) -> String {
        var words = ["finetune", "sweep"] + options.files + ["--results", options.results]
        if options.rerunFailed { words.append("--rerun-failed") }
        if options.keepStale { words.append("--keep-stale") }
        if let slurm = options.slurm { words += ["--executor", "slurm"] + slurm.commandArguments }
        return words.map(shellQuoted).joined(separator: " ")
    }

    private static func shellQuoted(_ word: String) -> String {
        let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:@+,".contains($0) }
        return safe && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// A problem that does not stop the sweep, on stderr.
    static func warn(_ text: String) {
        FileHandle.standardError.write(Data(("warning: " + text + "\n").utf8))
    }

    static func complain(_ text: String) {
        FileHandle.standardError.write(Data(("error: " + text + "\n").utf8))
    }
}
