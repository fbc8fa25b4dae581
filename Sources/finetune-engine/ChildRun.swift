import Datasets
import Experiment
import Foundation
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
    static func train(_ spec: RunSpec, results: String, threads: Int) -> Int32 {
        do {
            try Torch.setNumThreads(intra: threads)  // OMP_NUM_THREADS is set already: no change, no new pool
            let runner = Runner(spec: spec, layout: ResultsLayout(root: results), assetsRoot: assetsRoot,
                                progress: { RunLog.line($0) })
            return try runner.runLogged().status == .done ? 0 : 1
        } catch {
            RunLog.line("\(spec.name) [\(spec.id)]: error: \(error)")
            return 1
        }
    }
}
