import Experiment
import Foundation
import ProcessControl
import Results
import Tracking

/// The local launcher: trains jobs as parallel children of the engine's worker (see
/// ``WorkerClient``), at most `jobs` at a time, each with its share of the cores, and records
/// how every one of them ended.
///
/// Everything happens on one thread in one loop: start what may start, wait up to a
/// quarter second for a signal or the worker's news, collect runs that ended, read their logs
/// for progress, redraw. Signals only wake the loop (see ``SignalPipe``).
final class LocalLauncher: Launcher {
    private struct Running {
        let number: Int
        let job: SweepJob
        let child: ChildProcess
        let started: Date
        var progress: RunProgress
    }

    private let options: SweepOptions
    private let display: ProgressDisplay
    private let signals: SignalPipe
    /// Seconds a child gets to stop after SIGTERM before it is killed.
    private let graceSeconds: Double = 10

    private var pending: [SweepJob] = []
    private var running: [Running] = []
    private var unfinished: [String: Int] = [:]
    private var durations: [String: [Double]] = [:]
    private var outcome = LaunchOutcome()
    private var total = 0
    private var finished = 0
    private var killAt: Date?
    private let worker: WorkerClient
    private var numbered = 0
    /// Experiment files whose data the worker has read.
    private var checked: Set<String> = []

    /// Sends runs to MLflow as they progress and end, when asked.
    private let tracker: MLflowTracker?

    init(options: SweepOptions, display: ProgressDisplay, signals: SignalPipe, tracker: MLflowTracker? = nil) {
        self.tracker = tracker
        self.options = options
        self.display = display
        self.signals = signals
        worker = WorkerClient(results: options.results, threads: options.threadsPerJob)
    }

    /// Runs an earlier Slurm submission of these results still holds stay Slurm's (and how its
    /// ended tasks went is recorded), rather than being trained twice.
    func survey(_ plans: [Plan]) -> Survey {
        let layout = ResultsLayout(root: options.results)
        guard plans.contains(where: { !SlurmSubmission.all(in: layout.experiment($0.experiment)).isEmpty }) else { return Survey() }
        return SlurmLauncher(options: options, slurm: SlurmOptions(), signals: signals).survey(plans)
    }

    func launch(_ schedule: SweepSchedule) -> LaunchOutcome {
        let jobs = schedule.jobs
        defer { worker.finish() }
        pending = jobs
        total = jobs.count
        for job in jobs { unfinished[job.experiment, default: 0] += 1 }
        var wait: Int32 = 0  // a signal that came before the first run must stop it starting
        while !pending.isEmpty || !running.isEmpty {
            for signal in signals.wait(milliseconds: wait, orReadable: worker.descriptor.map { [$0] } ?? [])
            where signal == SIGINT || signal == SIGTERM {
                interrupt(by: signal)
            }
            wait = 250
            if let killAt, Date() >= killAt {
                for r in running { r.child.send(SIGKILL) }
                self.killAt = nil
            }
            reapEndedChildren()
            if outcome.stop == nil {
                startReadyJobs()
            } else if running.isEmpty {
                break
            }
            display.update(activeViews(), overall())
        }
        outcome.notStarted += pending.count
        display.update(activeViews(), overall(), force: true)
        display.finish()
        return outcome
    }

    // MARK: - Starting

    private func startReadyJobs() {
        while running.count < options.jobs,
              let index = pending.firstIndex(where: { job in job.waitsFor.allSatisfy { (unfinished[$0] ?? 0) == 0 } }) {
            let job = pending.remove(at: index)
            start(job)
            if outcome.stop != nil { return }
        }
    }

    private func start(_ job: SweepJob) {
        let started = Date()
        let log = store(job).logFile(job.spec.id)
        if outcome.unreadableData[job.experiment] != nil { return skipUnreadable(job) }
        do {
            numbered += 1
            // The experiment's data is read once, before any run of it replaces an earlier result.
            if checked.insert(job.plan.file).inserted {
                do {
                    try worker.check(WorkerRequest(job: numbered, file: job.plan.file, run: job.spec.id, log: log, check: true))
                } catch let unreadable as WorkerClient.UnreadableData {
                    outcome.unreadableData[job.experiment] = unreadable.message
                    let headline = unreadable.message.prefix { $0 != "\n" }
                    display.event("\(job.experiment): its data cannot be read, so none of its runs trains (results already written are kept): \(headline)")
                    return skipUnreadable(job)
                }
                numbered += 1
            }
            try store(job).prepareRerun(job.spec.id)
            let pid = try worker.start(WorkerRequest(job: numbered, file: job.plan.file, run: job.spec.id, log: log))
            running.append(Running(number: numbered, job: job, child: ChildProcess(pid: pid), started: started,
                                   progress: RunProgress(started: started)))
            if display.mode == .plain { display.event("started  \(label(job))") }
        } catch {
            let result = RunResult.unfinished(job.spec, status: .failed, error: "the sweep could not start it: \(error)", started: started)
            try? store(job).record(result)
            ended(job, result: result, started: started)
        }
    }

    /// Leaves a run of an experiment whose data cannot be read untouched (its earlier result,
    /// if any, stays as it was) and counts it as not started.
    private func skipUnreadable(_ job: SweepJob) {
        finished += 1
        outcome.notStarted += 1
        unfinished[job.experiment, default: 1] -= 1
    }

    // MARK: - Stopping

    private func interrupt(by signal: Int32) {
        if outcome.stop == nil {
            outcome.stop = .signal(signal)
            display.event("\(signalName(signal)) received: stopping \(running.count) running run\(running.count == 1 ? "" : "s") (again to kill them at once)")
            stopChildren()
        } else {
            for r in running { r.child.send(SIGKILL) }
        }
    }

    private func stopChildren() {
        for r in running { r.child.send(SIGTERM) }
        killAt = Date().addingTimeInterval(graceSeconds)
    }

    // MARK: - Ending

    private func reapEndedChildren() {
        let events = worker.events()
        for (number, event) in events.progress {
            if let index = running.firstIndex(where: { $0.number == number }) {
                running[index].progress.apply(event)
                tracker?.runChanged(experiment: running[index].job.experiment, id: running[index].job.spec.id)
            }
        }
        for (number, termination) in events.ended {
            guard let index = running.firstIndex(where: { $0.number == number }) else { continue }
            let r = running.remove(at: index)
            ended(r.job, result: result(of: r, termination), started: r.started)
        }
        // The worker is gone (crashed or killed): its children died with it.
        if events.workerGone {
            while let r = running.first {
                running.removeFirst()
                ended(r.job, result: result(of: r, .exited(-1)), started: r.started)
            }
        }
    }

    /// The run's own result when it wrote one; otherwise one the sweep writes for it.
    private func result(of r: Running, _ termination: ChildProcess.Termination) -> RunResult {
        if let own = store(r.job).result(r.job.spec.id), own.status != .running { return own }
        let log = store(r.job).logFile(r.job.spec.id)
        let result: RunResult
        if outcome.stop != nil {
            result = .unfinished(r.job.spec, status: .interrupted, error: "stopped by the sweep (\(stopText)) before it finished", started: r.started)
        } else {
            let tail = LogFollower.tail(of: log, lines: 8)
            let last = tail.isEmpty ? "its log is empty" : "last lines of its log:\n" + tail.joined(separator: "\n")
            result = .unfinished(r.job.spec, status: .failed,
                                 error: "finetune run ended (\(termination)) without writing a result; \(last)", started: r.started)
        }
        do {
            try store(r.job).record(result)
        } catch {
            display.event("warning: cannot record \(label(r.job)): \(error)")
        }
        return result
    }

    private func ended(_ job: SweepJob, result: RunResult, started: Date) {
        tracker?.runChanged(experiment: job.experiment, id: job.spec.id)
        finished += 1
        unfinished[job.experiment, default: 1] -= 1
        let seconds = Date().timeIntervalSince(started)
        let log = store(job).logFile(job.spec.id)
        switch result.status {
        case .done:
            outcome.done += 1
            durations[job.experiment, default: []].append(seconds)
            let metric = result.selection.value.map { " \(result.selection.metric) \(String(format: "%.4f", $0))" } ?? ""
            display.event("done     \(label(job))\(metric) (\(ProgressDisplay.duration(seconds)))")
        case .interrupted:
            outcome.interrupted += 1
            display.event("interrupted \(label(job))")
        case .failed, .diverged, .running:
            if result.status == .diverged { outcome.diverged += 1 } else { outcome.failed += 1 }
            display.event("\(result.failureHeadline) \(label(job)): \(result.errorFirstLine)\n         log: \(log)")
            if options.failFast, outcome.stop == nil {
                outcome.stop = .failFast
                display.event("--fail-fast: stopping the sweep after this failure")
                stopChildren()
            }
        }
    }

    private var stopText: String {
        switch outcome.stop {
        case .signal(let s)?: return signalName(s)
        case .failFast?: return "--fail-fast"
        case .submission?, nil: return ""
        }
    }

    private func store(_ job: SweepJob) -> RunStore {
        RunStore(layout: ResultsLayout(root: options.results), experiment: job.experiment)
    }

    private func label(_ job: SweepJob) -> String { "\(job.experiment) \(job.spec.name) [\(job.spec.id)]" }

    // MARK: - Progress

    private func activeViews() -> [ProgressDisplay.Active] {
        running.map { .init(name: $0.job.spec.name, experiment: $0.job.experiment, progress: $0.progress, epochs: $0.job.epochs, started: $0.started) }
    }

    private func overall() -> ProgressDisplay.Overall {
        .init(finished: finished, total: total, failed: outcome.failed + outcome.diverged, secondsLeft: secondsLeft())
    }

    /// Remaining work over the parallel jobs: each run's expected duration from the runs of
    /// its experiment finished so far (or any experiment's), less what active runs have done.
    private func secondsLeft() -> Double? {
        let all = durations.values.flatMap { $0 }
        guard !all.isEmpty else { return nil }
        func expected(_ experiment: String) -> Double {
            let own = durations[experiment] ?? []
            let sample = own.isEmpty ? all : own
            return sample.reduce(0, +) / Double(sample.count)
        }
        let now = Date()
        var work = pending.reduce(0) { $0 + expected($1.experiment) }
        work += running.reduce(0) { $0 + max(0, expected($1.job.experiment) - now.timeIntervalSince($1.started)) }
        return work / Double(max(1, min(options.jobs, pending.count + running.count)))
    }
}
