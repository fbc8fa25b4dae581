import Datasets
import Experiment
import Foundation
import ProcessControl
import Results
import Torch
import Training

/// What a run's child, forked from the worker, does: `finetune run` without re-planning.
enum ChildRun {
    /// Reads once in the worker what every child of `spec`'s experiment would read again (see
    /// `Runner.warmForForking`); the children inherit it through `fork`.
    /// - Returns: why the experiment's data cannot be read, if it cannot.
    static func warm(_ spec: RunSpec, results: String) -> String? {
        Runner(spec: spec, layout: ResultsLayout(root: results), assetsRoot: assetsRoot).warmForForking()
    }

    private static var assetsRoot: String {
        AssetsRoot.resolve(environment: ProcessInfo.processInfo.environment)
    }

    /// Trains `spec` with `threads` intra-op threads; returns `finetune run`'s exit status:
    /// 0 done, 1 failed or diverged (or an error before a result could be written).
    /// - Parameter events: where to write the run's progress as worker events for `job` (the
    ///   worker's own output, which the sweep reads); nil writes only the log.
    static func train(_ spec: RunSpec, results: String, threads: Int, events: (descriptor: Int32, job: Int)? = nil) -> Int32 {
        do {
            try Torch.setNumThreads(intra: threads)  // OMP_NUM_THREADS is set already: no change, no new pool
            var runner = Runner(spec: spec, layout: ResultsLayout(root: results), assetsRoot: assetsRoot,
                                progress: { RunLog.line($0) })
            if let events {
                runner.events = { event in
                    let phase: RunProgressEvent.Phase = event.phase == .baseline ? .baseline : .training
                    JSONLines.write(WorkerEvent(job: events.job, progress: RunProgressEvent(
                        phase: phase, epoch: event.epoch, loss: event.loss, time: event.time.timeIntervalSince1970)), to: events.descriptor)
                }
            }
            return try runner.runLogged().status == .done ? 0 : 1
        } catch {
            RunLog.line("\(spec.name) [\(spec.id)]: error: \(error)")
            return 1
        }
    }
}
