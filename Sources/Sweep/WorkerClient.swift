import Foundation
import ProcessControl

/// The sweep's end of the engine's worker (``WorkerRequest``, ``WorkerEvent``): starts
/// `finetune-engine worker` on first use and asks it to fork one child per run.
///
/// The sweep itself never loads libtorch; the worker does, once. The children it forks are
/// the runs' processes; their pids come back, so the sweep signals them directly.
final class WorkerClient {
    /// The experiment's data cannot be read: no run of it can start.
    struct UnreadableData: Error {
        var message: String
    }

    private let results: String
    private let threads: Int
    private var process: Process?
    private var input: FileHandle?
    private var output: LineReader?
    private var pipes: [Pipe] = []
    private var held: [WorkerEvent] = []

    init(results: String, threads: Int) {
        self.results = results
        self.threads = threads
    }

    /// The descriptor to poll for events, once the worker runs.
    var descriptor: Int32? { output?.descriptor }

    /// Asks the worker to read `request`'s experiment data (a `check` request).
    /// - Throws: ``UnreadableData`` when it cannot be read.
    func check(_ request: WorkerRequest) throws {
        _ = try reply(to: request)
    }

    /// Asks the worker to start `request`'s run; returns the child's pid once it is forked.
    /// Events about other runs that arrive meanwhile are kept for ``events()``.
    func start(_ request: WorkerRequest) throws -> pid_t {
        guard let pid = try reply(to: request).pid else { throw ProcessError("the engine worker started no process") }
        return pid
    }

    /// The worker's answer to `request`: a started run's pid, or a data check passed.
    private func reply(to request: WorkerRequest) throws -> WorkerEvent {
        try launchIfNeeded()
        guard let input, let output else { throw ProcessError("the engine worker is not running") }
        do { try input.write(contentsOf: JSONLines.encode(request)) } catch { throw stopped }
        while true {
            held += output.lines().compactMap { JSONLines.decode(WorkerEvent.self, $0) }
            if let reply = held.firstIndex(where: { $0.job == request.job && $0.termination == nil && $0.progress == nil }) {
                let event = held.remove(at: reply)
                if event.pid != nil || event.data == false { return event }
                if event.data == true { throw UnreadableData(message: event.error ?? "the data cannot be read") }
                throw ProcessError(event.error ?? "the engine worker could not start it")
            }
            if output.ended { throw stopped }
            var descriptor = pollfd(fd: output.descriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 1000)
        }
    }

    /// Runs that ended and progress sent since the last call, and whether the worker itself is gone.
    func events() -> (ended: [(job: Int, termination: ChildProcess.Termination)], progress: [(job: Int, event: RunProgressEvent)],
                      workerGone: Bool) {
        var events = held
        held = []
        if let output {
            events += output.lines().compactMap { JSONLines.decode(WorkerEvent.self, $0) }
        }
        let ended = events.compactMap { event in event.termination.map { (job: event.job, termination: $0) } }
        let progress = events.compactMap { event in event.progress.map { (job: event.job, event: $0) } }
        return (ended, progress, output?.ended ?? false)
    }

    /// Closes the worker's stdin (it exits when its children have) and waits for it.
    func finish() {
        try? input?.close()
        input = nil
        process?.waitUntilExit()
        process = nil
    }

    /// The worker is gone: how it ended, for the run that could not start.
    private var stopped: ProcessError {
        var end = "running"
        if let process, !process.isRunning {
            end = process.terminationReason == .uncaughtSignal
                ? "killed by signal \(process.terminationStatus)" : "exit code \(process.terminationStatus)"
        }
        return ProcessError("the engine worker stopped (\(end)); see the sweep's stderr")
    }

    private func launchIfNeeded() throws {
        guard process == nil else { return }
        let engine = try EngineLocation.require()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: engine)
        process.arguments = ["worker", "--results", results, "--threads", String(threads)]
        let toWorker = Pipe(), fromWorker = Pipe()
        process.standardInput = toWorker
        process.standardOutput = fromWorker
        do { try process.run() } catch {
            throw ProcessError("cannot start the engine \(engine): \(error)")
        }
        self.process = process
        pipes = [toWorker, fromWorker]
        input = toWorker.fileHandleForWriting
        output = LineReader(descriptor: fromWorker.fileHandleForReading.fileDescriptor)
    }
}
