import AtomicFile
import Experiment
import Foundation
import Results

/// One experiment's results folder as the sweep sees it: what each run left behind, and
/// the files the sweep itself writes there.
public struct RunStore: Sendable {
    public let layout: ResultsLayout
    public let experiment: String

    public init(layout: ResultsLayout, experiment: String) {
        self.layout = layout
        self.experiment = experiment
    }

    public var folder: String { layout.experiment(experiment) }
    public var planFile: String { ResultsLayout.join(folder, ResultsLayout.planFile) }
    public func runFolder(_ id: String) -> String { layout.run(experiment, id) }
    public func resultFile(_ id: String) -> String { ResultsLayout.join(runFolder(id), ResultsLayout.resultFile) }
    public func logFile(_ id: String) -> String { ResultsLayout.join(runFolder(id), ResultsLayout.logFile) }

    /// The run's result, or nil when there is none (or it cannot be read, which the sweep
    /// treats the same: the run is trained again).
    public func result(_ id: String) -> RunResult? {
        guard let data = FileManager.default.contents(atPath: resultFile(id)) else { return nil }
        return try? RunResult.decode(data)
    }

    /// `plan.json`: exactly what `finetune plan --json` prints.
    public func writePlan(_ plan: Plan) throws {
        try AtomicFile.write(Data((plan.json.prettyJSON() + "\n").utf8), to: planFile)
    }

    /// Clears what an earlier attempt left so nothing stale mixes with the new run: its
    /// result (the sweep already decided to replace it), history, model, and the temporary
    /// files of a process killed mid-write. config.yaml and log.txt are rewritten by the run.
    public func prepareRerun(_ id: String) throws {
        let folder = runFolder(id)
        try AtomicFile.createFolder(folder)
        let stale = [ResultsLayout.resultFile, ResultsLayout.historyFile, ResultsLayout.modelFile]
        let temporary = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix(".") && $0.hasSuffix(".tmp") }
        for name in stale + temporary {
            let path = ResultsLayout.join(folder, name)
            if unlink(path) != 0 && errno != ENOENT {
                throw SweepError("cannot remove the stale \(path): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Writes a result the sweep made for a run that did not write its own.
    public func record(_ result: RunResult) throws {
        try AtomicFile.write(try result.encoded(), to: resultFile(result.id))
    }
}
