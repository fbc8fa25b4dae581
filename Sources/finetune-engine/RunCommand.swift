import ArgumentParser
import ProcessControl
import CommandSupport
import Datasets
import Experiment
import Results
import Foundation
import Torch
import Tracking
import Training

struct RunCommand: ParsableCommand {
    static let configuration = RunArguments.configuration

    @OptionGroup var arguments: RunArguments

    func run() throws {
        try Runtime.reexecIfNeeded()
        let outcome = Planner.plan(file: arguments.file, assets: .machineWide)
        DiagnosticPrinter().print(outcome.diagnostics)
        guard let plan = outcome.plan else { throw ExitCode(ExitStatus.invalidInput.code) }
        guard let spec = plan.run(withID: arguments.runID) ?? plan.runs.first(where: { $0.name == arguments.runID }) else {
            let known = plan.runs.prefix(5).map { "\($0.id) (\($0.name))" }.joined(separator: ", ")
            throw ValidationError("\(arguments.file): no run '\(arguments.runID)' in the plan of \(plan.experiment); runs include \(known); see `finetune plan \(arguments.file)`")
        }
        if let threads = arguments.threads { try Torch.setNumThreads(intra: max(1, threads)) }
        let runner = Runner(spec: spec, layout: ResultsLayout(root: arguments.results),
                            assetsRoot: AssetsRoot.resolve(environment: ProcessInfo.processInfo.environment), progress: { RunLog.line($0) })
        // A result.json that cannot be written (full or read-only disk): one line, exit 1.
        let result = try CommandFailure.reporting(code: CommandFailure.failed) { try runner.runLogged() }
        // A Slurm task (or a run by hand) with MLFLOW_TRACKING_URI set sends its run as a sweep
        // would; a server that cannot take it is one warning, never the run's failure.
        if let settings = try? MLflowSettings.from(environment: ProcessInfo.processInfo.environment) {
            let sync = MLflowSync(client: MLflowClient(settings: settings), layout: runner.layout)
            do {
                let experiment = try sync.experimentID(plan.experiment)
                let parent = try sync.parentRun(plan.experiment, experimentID: experiment)
                try sync.syncRun(spec.id, experiment: plan.experiment, experimentID: experiment, parent: parent.id)
            } catch {
                RunLog.line("warning: MLflow at \(settings): \(error); the run's tracking.jsonl keeps it for the next sweep or `finetune track`")
            }
        }
        if result.status != .done { throw ExitCode(ExitStatus.failed.code) }
    }
}
