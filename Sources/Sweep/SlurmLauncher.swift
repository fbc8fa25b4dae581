import AtomicFile
import Experiment
import Foundation
import ProcessControl
import Results

/// Launches on Slurm: every experiment's runs to train become one `sbatch --array`, whose
/// task i runs `finetune run FILE --run ID` for line i of an index file. An experiment that
/// starts from another's model waits for that one's arrays (`--dependency=afterok`).
///
/// Submissions are recorded beside the results (``SlurmSubmission``), so a relaunch knows
/// which runs are still queued or running, and how the tasks of earlier launches ended: a
/// task killed by Slurm (cancelled, out of memory, out of time, node lost) leaves no result
/// of its own, so one is written here, like a local failure, with Slurm's state and the logs.
final class SlurmLauncher: Launcher {
    private let options: SweepOptions
    private let slurm: SlurmOptions
    private let client: SlurmClient
    private let signals: SignalPipe
    private let layout: ResultsLayout
    /// Seconds between looks at the queue while waiting.
    private let pollSeconds: Double
    private var plans: [String: Plan] = [:]
    private var survey = Survey()
    /// Tasks whose end has been recorded (`JOB_INDEX`).
    private var recorded: Set<String> = []

    init(options: SweepOptions, slurm: SlurmOptions, signals: SignalPipe, client: SlurmClient = SlurmClient()) {
        self.options = options
        self.slurm = slurm
        self.client = client
        self.signals = signals
        layout = ResultsLayout(root: options.results)
        pollSeconds = ProcessInfo.processInfo.environment["FINETUNE_SLURM_POLL_SECONDS"].flatMap(Double.init) ?? 2
    }

    // MARK: - What earlier launches left

    func survey(_ plans: [Plan]) -> Survey {
        for plan in plans { self.plans[plan.experiment] = plan }
        var survey = Survey()
        for plan in plans {
            for (run, placement) in latestPlacements(plan.experiment) {
                guard let tasks = placement.tasks, let task = tasks.first(where: { $0.index == placement.index }) else { continue }
                if task.isActive {
                    survey.active[SweepSchedule.key(plan.experiment, run)] = "queued or running on Slurm: task \(task.name) \(task.state)"
                    survey.activeJobs[plan.experiment, default: []].insert(task.job)
                } else {
                    _ = record(task, run: run, experiment: plan.experiment, submission: placement.submission)
                }
            }
        }
        self.survey = survey
        return survey
    }

    private struct Placement {
        var submission: SlurmSubmission
        var index: Int
        var tasks: [SlurmTask]?
    }

    /// Each run's latest submission that Slurm may still have something to say about: runs
    /// with a final result holding that task's end are left out.
    private func latestPlacements(_ experiment: String) -> [String: Placement] {
        let folder = layout.experiment(experiment)
        let store = RunStore(layout: layout, experiment: experiment)
        var latest: [String: (SlurmSubmission, Int)] = [:]
        for submission in SlurmSubmission.all(in: folder) {
            for (index, run) in submission.runs.enumerated() { latest[run] = (submission, index) }
        }
        var tasksByJob: [String: [SlurmTask]?] = [:]
        var placements: [String: Placement] = [:]
        for (run, (submission, index)) in latest {
            if let own = store.result(run), own.scheduler?.job == "\(submission.job)_\(index)", own.scheduler?.state != nil { continue }
            if tasksByJob[submission.job] == nil { tasksByJob[submission.job] = .some(client.tasks(of: submission.job)) }
            placements[run] = Placement(submission: submission, index: index, tasks: tasksByJob[submission.job] ?? nil)
        }
        return placements
    }

    // MARK: - Submitting

    func launch(_ schedule: SweepSchedule) -> LaunchOutcome {
        var outcome = LaunchOutcome()
        var submitted: [String: String] = [:]  // experiment → job
        var submittedRuns = 0
        for part in schedule.parts where !part.toRun.isEmpty {
            do {
                let job = try submit(part, after: part.waitsFor.flatMap { dependency in
                    (submitted[dependency].map { [$0] } ?? []) + (survey.activeJobs[dependency] ?? []).sorted()
                })
                submitted[part.experiment] = job
                submittedRuns += part.toRun.count
            } catch {
                complain("\(part.experiment): \(error)")
                outcome.stop = .submission
                outcome.notStarted = schedule.jobs.count - submittedRuns
                break
            }
        }
        let jobs = Set(submitted.values).union(survey.activeJobs.values.flatMap { $0 })
        guard slurm.wait, outcome.stop == nil else {
            outcome.detached = outcome.stop == nil
            return outcome
        }
        return follow(jobs, schedule: schedule, outcome: outcome)
    }

    private func submit(_ part: SweepSchedule.Part, after dependencies: [String]) throws -> String {
        let experimentFolder = layout.experiment(part.experiment)
        let folder = SlurmSubmission.folder(experimentFolder)
        try AtomicFile.createFolder(folder)
        let stamp = Self.stamp()
        let runs = part.toRun.map(\.id)
        let index = ResultsLayout.join(folder, "runs-\(stamp).txt")
        try AtomicFile.write(Data((runs.joined(separator: "\n") + "\n").utf8), to: index)
        let script = ResultsLayout.join(folder, "array-\(stamp).sh")
        try AtomicFile.write(Data(SlurmBatchScript.text(finetune: EngineLocation.executable, file: Self.absolute(part.plan.file),
                                                         results: Self.absolute(options.results), index: index,
                                                         runsFolder: Self.absolute(layout.runs(part.experiment)),
                                                         mlflow: options.mlflow?.uri.absoluteString).utf8), to: script)
        let output = ResultsLayout.join(folder, "%A_%a.out")
        var arguments = ["--job-name=finetune-\(part.experiment)", "--array=0-\(runs.count - 1)", "--output=\(output)",
                         "--chdir=\(FileManager.default.currentDirectoryPath)"]
        if !dependencies.isEmpty {
            arguments += ["--dependency=afterok:" + dependencies.joined(separator: ":"), "--kill-on-invalid-dep=yes"]
        }
        // Submitted held: what an earlier attempt left (a failed result, say) is cleared only once
        // Slurm has accepted the array, and no task starts before it is cleared and recorded.
        let job = try client.submit(script, arguments: ["--hold"] + arguments + slurm.sbatchArguments)
        let store = RunStore(layout: layout, experiment: part.experiment)
        for id in runs { try store.prepareRerun(id) }
        try SlurmSubmission(job: job, runs: runs, file: part.plan.file, submitted: ISO8601DateFormatter().string(from: Date()),
                            output: output).append(in: experimentFolder)
        try client.release(job)
        say("submitted \(part.experiment): Slurm job \(job), \(runs.count) task\(runs.count == 1 ? "" : "s")"
            + (dependencies.isEmpty ? "" : " after job\(dependencies.count == 1 ? "" : "s") \(dependencies.joined(separator: ", "))")
            + "; Slurm's output in \(folder)")
        return job
    }

    // MARK: - Waiting

    private func follow(_ jobs: Set<String>, schedule: SweepSchedule, outcome start: LaunchOutcome) -> LaunchOutcome {
        var outcome = start
        var lastLine = ""
        while true {
            var counts: [String: Int] = [:]
            var active = 0
            for plan in schedule.parts.map(\.plan) {
                for (run, placement) in latestPlacements(plan.experiment) {
                    guard jobs.contains(placement.submission.job), let task = placement.tasks?.first(where: { $0.index == placement.index }) else { continue }
                    if task.isActive {
                        active += 1
                        counts[task.state == "PENDING" ? "pending" : "running", default: 0] += 1
                        continue
                    }
                    guard let status = record(task, run: run, experiment: plan.experiment, submission: placement.submission) else { continue }
                    switch status {
                    case .done: outcome.done += 1
                    case .diverged: outcome.diverged += 1
                    case .interrupted: outcome.interrupted += 1
                    case .failed, .running: outcome.failed += 1
                    }
                }
            }
            let line = "slurm: \(counts["pending"] ?? 0) pending, \(counts["running"] ?? 0) running, \(outcome.done) done, \(outcome.failed + outcome.diverged) failed"
            if line != lastLine { say(line); lastLine = line }
            if active == 0 { return outcome }
            for signal in signals.wait(milliseconds: Int32(pollSeconds * 1000)) where signal == SIGINT || signal == SIGTERM {
                outcome.stop = .signal(signal)
                if slurm.cancelOnInterrupt {
                    do {
                        try client.cancel(jobs.sorted())
                        say("\(signalName(signal)): cancelled Slurm job\(jobs.count == 1 ? "" : "s") \(jobs.sorted().joined(separator: ", "))")
                    } catch {
                        complain("\(error)")
                    }
                } else {
                    say("\(signalName(signal)): stopped following; the Slurm jobs keep running (\(jobs.sorted().joined(separator: ", "))); follow them again with --wait, cancel them with scancel")
                }
                return outcome
            }
        }
    }

    // MARK: - Recording how a task ended

    /// Makes the run's result.json say how `task` ended; returns its status, or nil when it
    /// was recorded before (or the run is no longer in the plan).
    private func record(_ task: SlurmTask, run: String, experiment: String, submission: SlurmSubmission) -> RunResult.Status? {
        guard recorded.insert(task.name).inserted, let spec = plans[experiment]?.run(withID: run) else { return nil }
        let store = RunStore(layout: layout, experiment: experiment)
        let slurmLog = submission.outputFile(task.index)
        let scheduler = RunResult.Scheduler(name: "slurm", job: task.name, state: task.state, exitCode: task.exitCode, log: slurmLog)
        var result: RunResult
        // A result the run finished itself (done, failed, diverged) stands, whatever Slurm did
        // after; anything else (none, `running`, or `interrupted` by Slurm's SIGTERM) is
        // replaced by Slurm's account of the end.
        if let own = store.result(run), [.done, .failed, .diverged].contains(own.status) {
            result = own
        } else {
            let runLog = store.logFile(run)
            let tail = LogFollower.tail(of: runLog, lines: 6) + LogFollower.tail(of: slurmLog, lines: 4)
            let slurmOutput = (try? String(contentsOfFile: slurmLog, encoding: .utf8)) ?? ""
            let what = task.completed ? "ended without writing a result" : task.explanation(output: String(slurmOutput.suffix(16384)))
            result = .unfinished(spec, status: .failed, error:
                "Slurm task \(task.name) \(what) (state \(task.state)\(task.exitCode.map { ", exit \($0)" } ?? "")); "
                + "logs: \(runLog) and \(slurmLog)" + (tail.isEmpty ? "" : "; last lines:\n" + tail.joined(separator: "\n")),
                started: Date())
        }
        result.scheduler = scheduler
        do { try store.record(result) } catch { complain("cannot record \(experiment) \(run): \(error)") }
        if result.status != .done {
            say("\(result.failureHeadline) \(experiment) \(spec.name) [\(run)]: \(result.errorFirstLine)\n         logs: \(store.logFile(run)), \(slurmLog)")
        } else {
            say("done     \(experiment) \(spec.name) [\(run)] (Slurm task \(task.name))")
        }
        return result.status
    }

    // MARK: -

    private static func stamp() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss-SSS"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date())
    }

    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : ResultsLayout.join(FileManager.default.currentDirectoryPath, path)
        return (full as NSString).standardizingPath
    }

    private func say(_ text: String) { Sweep.say(text) }
    private func complain(_ text: String) { Sweep.complain(text) }
}
