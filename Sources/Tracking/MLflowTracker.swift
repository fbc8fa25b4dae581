import Foundation
import Results

/// A sweep's link to MLflow: runs are sent from a background queue as they progress and end,
/// so a slow or absent server never holds training up; at the end every experiment is brought
/// up to date and its report attached.
///
/// The first failure turns it off for the rest of the sweep with one warning: what was not sent
/// stays in each run's tracking.jsonl, and the next sweep (or `finetune track`) sends it.
public final class MLflowTracker: @unchecked Sendable {
    private let sync: MLflowSync
    private let warn: @Sendable (String) -> Void
    private let queue = DispatchQueue(label: "finetune.mlflow")
    private let lock = NSLock()
    private var failure: String?
    private var queued: Set<String> = []
    private var experiments: [String: (id: String, parent: String)] = [:]

    public init(settings: MLflowSettings, layout: ResultsLayout, warn: @escaping @Sendable (String) -> Void) {
        sync = MLflowSync(client: MLflowClient(settings: settings), layout: layout)
        self.warn = warn
    }

    /// Whether a call failed (the warning was given).
    public var failed: Bool { lock.withLock { failure != nil } }

    /// A run moved on (an epoch ended, or it ended): send what is new, soon.
    public func runChanged(experiment: String, id: String) {
        let key = experiment + "/" + id
        let fresh = lock.withLock { () -> Bool in
            guard failure == nil else { return false }
            return queued.insert(key).inserted
        }
        guard fresh else { return }
        queue.async { [self] in
            lock.withLock { _ = queued.remove(key) }
            attempt {
                let ids = try ids(of: experiment)
                try sync.syncRun(id, experiment: experiment, experimentID: ids.id, parent: ids.parent)
            }
        }
    }

    /// Brings every run of `experiments` up to date and attaches their reports; waits at most
    /// `seconds` for the queue (a server that stalls does not hold the sweep's exit).
    public func finish(_ experiments: [String], waitingAtMost seconds: Double = 120) {
        let done = DispatchSemaphore(value: 0)
        queue.async { [self] in
            for experiment in experiments {
                attempt { try sync.syncExperiment(experiment) }
            }
            done.signal()
        }
        if done.wait(timeout: .now() + seconds) == .timedOut {
            report("MLflow at \(sync.client.settings) did not take the sweep's runs within \(Int(seconds)) s")
        }
    }

    private func ids(of experiment: String) throws -> (id: String, parent: String) {
        if let known = lock.withLock({ experiments[experiment] }) { return known }
        let id = try sync.experimentID(experiment)
        let parent = try sync.parentRun(experiment, experimentID: id).id
        lock.withLock { experiments[experiment] = (id, parent) }
        return (id, parent)
    }

    private func attempt(_ body: () throws -> Void) {
        guard !failed else { return }
        do { try body() } catch { report("\(error)") }
    }

    private func report(_ problem: String) {
        let first = lock.withLock { () -> Bool in
            guard failure == nil else { return false }
            failure = problem
            return true
        }
        if first {
            warn("MLflow at \(sync.client.settings): \(problem); training goes on, runs keep what they report in runs/<id>/tracking.jsonl, and the next sweep (or `finetune track <results>/<experiment>`) sends what MLflow lacks")
        }
    }
}
