import Experiment
import Foundation

extension RunResult {
    /// A run's result before anything is measured: its identity and configuration, status
    /// `running`. `torch` and `runtime` describe the engine of the process that trains it;
    /// nil when the process writing it (the sweep) has no engine loaded.
    public static func started(_ spec: RunSpec, at started: Date, torch: String?, runtime: RuntimeInfo?) -> RunResult {
        var overrides: [String: Value] = [:]
        for o in spec.overrides { overrides[o.path] = o.value }
        return RunResult(
            id: spec.id, name: spec.name, cell: spec.cell, experiment: spec.config["experiment"]?.string ?? "",
            seed: spec.seed, status: .running, error: nil, overrides: overrides, config: spec.config,
            selection: .init(metric: Selection.selected(by: spec.config)),
            bestEpoch: 0, epochsRun: 0, stoppedEarly: false, metrics: [:], confusionMatrices: [:],
            data: nil, parameters: nil, learningRates: [], freeze: nil, pretrained: nil, forgetting: nil,
            baselines: [:],
            timings: .init(started: ISO8601DateFormatter().string(from: started), finished: "", totalSeconds: 0, trainSeconds: 0),
            versions: .init(finetune: RunResult.finetuneVersion, torch: torch, commit: FinetuneVersion.currentCommit),
            runtime: runtime)
    }

    /// The result of a run that ended without writing one itself: interrupted by the user,
    /// a process that crashed, or a scheduler's task that was killed. Carries the run's
    /// identity and configuration like any other result, so reports and resumes read it the
    /// same way.
    ///
    /// - Parameters:
    ///   - spec: The run.
    ///   - status: `interrupted` or `failed`.
    ///   - error: What happened (exit code or signal, the log's last lines).
    ///   - started: When its process started.
    public static func unfinished(_ spec: RunSpec, status: Status, error: String, started: Date,
                                  torch: String? = nil, runtime: RuntimeInfo? = nil) -> RunResult {
        var result = RunResult.started(spec, at: started, torch: torch, runtime: runtime)
        result.status = status
        result.error = error
        let now = Date()
        result.timings.finished = ISO8601DateFormatter().string(from: now)
        result.timings.totalSeconds = now.timeIntervalSince(started)
        return result
    }
}
