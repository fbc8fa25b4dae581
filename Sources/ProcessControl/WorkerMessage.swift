import Foundation
import Glibc

/// The local launcher's conversation with the engine's worker (`finetune-engine worker`), one
/// JSON object per line: the sweep sends a ``WorkerRequest`` on the worker's stdin for each run
/// it starts, the worker answers on its stdout with ``WorkerEvent``s.
///
/// The worker loads libtorch once and forks a child per run, so the sweep itself never loads
/// the engine and a run still starts in milliseconds.
public struct WorkerRequest: Codable, Sendable, Equatable {
    /// The sweep's number for the run, echoed in every event about it.
    public var job: Int
    /// The experiment file, as the sweep planned it.
    public var file: String
    /// The run's id in that file's plan.
    public var run: String
    /// Where the child's stdout and stderr go.
    public var log: String
    /// Only read the experiment's data (once per file) and answer whether it can be read;
    /// fork nothing.
    public var check: Bool?

    public init(job: Int, file: String, run: String, log: String, check: Bool? = nil) {
        self.job = job
        self.file = file
        self.run = run
        self.log = log
        self.check = check
    }
}

/// How far a run got, sent by the run's own process as it trains (see ``WorkerEvent/progress``).
public struct RunProgressEvent: Codable, Sendable, Equatable {
    /// `training` (the run itself) or `baseline` (its scratch baseline, trained after it).
    public enum Phase: String, Codable, Sendable { case training, baseline }
    public var phase: Phase
    /// The epoch that just ended; nil when the phase just began.
    public var epoch: Int?
    /// That epoch's training loss.
    public var loss: Double?
    /// When it happened (seconds since 1970), so a reader that polls late still times epochs right.
    public var time: Double

    public init(phase: Phase, epoch: Int? = nil, loss: Double? = nil, time: Double) {
        self.phase = phase
        self.epoch = epoch
        self.loss = loss
        self.time = time
    }
}

/// What the worker says about one run: it started (`pid`), it could not start (`error`; with
/// `data` when the experiment's data cannot be read, so no run of it can), how far it got
/// (`progress`, written by the run's process itself), or it ended (`exit` or `signal`).
public struct WorkerEvent: Codable, Sendable, Equatable {
    public var job: Int
    public var pid: Int32?
    public var error: String?
    public var data: Bool?
    public var progress: RunProgressEvent?
    public var exit: Int32?
    public var signal: Int32?

    public init(job: Int, pid: Int32? = nil, error: String? = nil, data: Bool? = nil, progress: RunProgressEvent? = nil,
                exit: Int32? = nil, signal: Int32? = nil) {
        self.job = job
        self.pid = pid
        self.error = error
        self.data = data
        self.progress = progress
        self.exit = exit
        self.signal = signal
    }

    public static func ended(_ job: Int, _ termination: ChildProcess.Termination) -> WorkerEvent {
        switch termination {
        case .exited(let code): return WorkerEvent(job: job, exit: code)
        case .signaled(let signal): return WorkerEvent(job: job, signal: signal)
        }
    }

    /// How the run's process ended, when this event says it did.
    public var termination: ChildProcess.Termination? {
        if let exit { return .exited(exit) }
        if let signal { return .signaled(signal) }
        return nil
    }
}

/// One JSON value per line, both ways.
public enum JSONLines {
    /// Writes one encoded value as a single `write` to `descriptor`: a line shorter than
    /// PIPE_BUF (4 KiB) reaches a pipe whole, never interleaved with another writer's.
    public static func write<T: Encodable>(_ value: T, to descriptor: Int32) {
        let line = encode(value)
        line.withUnsafeBytes { _ = Glibc.write(descriptor, $0.baseAddress, $0.count) }
    }

    public static func encode<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    public static func decode<T: Decodable>(_ type: T.Type, _ line: String) -> T? {
        try? JSONDecoder().decode(type, from: Data(line.utf8))
    }
}
