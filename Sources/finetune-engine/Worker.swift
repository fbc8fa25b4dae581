import Experiment
import Foundation
import ProcessControl

/// The engine side of the local launcher: reads ``WorkerRequest``s on stdin, forks a child per
/// run and reports on stdout when each starts and ends (``WorkerEvent``).
///
/// The worker loads libtorch once, reads each experiment's data once (``ChildRun/warm(_:results:)``)
/// and forks, so every run gets a fresh process that starts training at once. It plans each
/// file itself (the sweep already checked them) rather than receiving configurations, so a
/// run trains exactly what `finetune run FILE --run ID` would.
///
/// Single-threaded: one loop polls stdin and a SIGCHLD/SIGTERM pipe. Ctrl-C is the sweep's to
/// handle (ignored here); SIGTERM is passed to the children. When stdin closes with children
/// still running, the sweep is gone: they are killed.
final class Worker {
    private let results: String
    private let threads: Int
    private var plans: [String: Plan] = [:]
    private var warmed: Set<String> = []
    /// Files whose data cannot be read, with why: none of their runs is forked.
    private var unreadable: [String: String] = [:]
    private var running: [Int: ChildProcess] = [:]

    init(results: String, threads: Int) {
        self.results = results
        self.threads = threads
    }

    func serve() throws -> Int32 {
        _ = signal(SIGINT, SIG_IGN)
        _ = signal(SIGPIPE, SIG_IGN)
        let signals = try SignalPipe(signals: [SIGCHLD, SIGTERM])
        let input = LineReader(descriptor: 0)
        var killed = false
        while true {
            let received = signals.wait(milliseconds: 1000, orReadable: input.ended ? [] : [0])
            if received.contains(SIGTERM) { for child in running.values { child.send(SIGTERM) } }
            if !input.ended { for line in input.lines() where !line.isEmpty { handle(line) } }
            reap()
            if input.ended {
                if running.isEmpty { return 0 }
                if !killed {
                    for child in running.values { child.send(SIGKILL) }
                    killed = true
                }
            }
        }
    }

    private func handle(_ line: String) {
        guard let request = JSONLines.decode(WorkerRequest.self, line) else {
            FileHandle.standardError.write(Data("finetune worker: ignoring an unreadable request: \(line.prefix(200))\n".utf8))
            return
        }
        do {
            let spec = try self.spec(request)
            if warmed.insert(request.file).inserted, let problem = ChildRun.warm(spec, results: results) {
                unreadable[request.file] = problem
            }
            if let problem = unreadable[request.file] {
                send(WorkerEvent(job: request.job, error: problem, data: true))
                return
            }
            if request.check == true {
                send(WorkerEvent(job: request.job, data: false))
                return
            }
            let (results, threads, job) = (self.results, self.threads, request.job)
            // The child reports its progress on a copy of our output (the pipe to the sweep),
            // kept open across the fork; ours is closed again at once.
            let events = dup(STDOUT_FILENO)
            defer { if events >= 0 { close(events) } }
            let child = try ChildProcess.fork(log: request.log) {
                ChildRun.train(spec, results: results, threads: threads, events: events >= 0 ? (events, job) : nil)
            }
            running[request.job] = child
            send(WorkerEvent(job: request.job, pid: child.pid))
        } catch {
            send(WorkerEvent(job: request.job, error: "\(error)"))
        }
    }

    private func spec(_ request: WorkerRequest) throws -> RunSpec {
        let plan: Plan
        if let known = plans[request.file] {
            plan = known
        } else {
            let outcome = Planner.plan(file: request.file, assets: nil)
            guard let planned = outcome.plan else {
                throw ProcessError("\(request.file) no longer plans: \(outcome.diagnostics.first.map { "\($0)" } ?? "invalid")")
            }
            plans[request.file] = planned
            plan = planned
        }
        guard let spec = plan.run(withID: request.run) else {
            throw ProcessError("\(request.file) has no run \(request.run) any more (was the file edited during the sweep?)")
        }
        return spec
    }

    private func reap() {
        for (job, child) in running {
            guard let termination = child.poll() else { continue }
            running[job] = nil
            send(.ended(job, termination))
        }
    }

    private func send(_ event: WorkerEvent) {
        FileHandle.standardOutput.write(JSONLines.encode(event))
    }
}
