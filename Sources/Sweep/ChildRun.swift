import Datasets
import Foundation
import Torch
import Training

/// What a sweep's forked child does for its job: `finetune run` without re-planning — the
/// sweep already holds the run's resolved configuration.
enum ChildRun {
    /// Reads once in the sweep what every child of `job`'s experiment would read again (see
    /// `Runner.warmForForking`); the children inherit it through `fork`.
    static func warm(_ job: SweepJob, results: String) {
        Runner(spec: job.spec, layout: ResultsLayout(root: results), assetsRoot: assetsRoot).warmForForking()
    }

    private static var assetsRoot: String {
        AssetsRoot.resolve(environment: ProcessInfo.processInfo.environment)
    }

    /// Trains `job` with `threads` intra-op threads; returns `finetune run`'s exit status:
    /// 0 done, 1 failed or diverged (or an error before a result could be written).
    static func train(_ job: SweepJob, results: String, threads: Int) -> Int32 {
        do {
            try Torch.setNumThreads(intra: threads)  // the sweep set OMP_NUM_THREADS: no change, no new pool
            let runner = Runner(spec: job.spec, layout: ResultsLayout(root: results), assetsRoot: assetsRoot,
                                progress: { RunLog.line($0) })
            return try runner.runLogged().status == .done ? 0 : 1
        } catch {
            RunLog.line("\(job.spec.name) [\(job.spec.id)]: error: \(error)")
            return 1
        }
    }
}
