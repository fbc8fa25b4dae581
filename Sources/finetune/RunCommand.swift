import ArgumentParser
import Datasets
import Experiment
import Foundation
import Torch
import Training

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Train one run of an experiment's plan and write its results folder.",
        discussion: "Writes <results>/<experiment>/runs/<id>/{config.yaml, result.json, history.jsonl} and model.safetensors when output.save_model is true. Exits 0 when the run is done, 1 when it failed or diverged or its results could not be written, 2 when the file is invalid."
    )

    @Argument(help: "Experiment file.")
    var file: String

    @Option(name: .customLong("run"), help: "The run's id (or its exact name) from `finetune plan`.")
    var runID: String

    @Option(help: "Folder holding one folder per experiment.")
    var results = "results"

    @Option(help: "CPU threads for this run (default: all cores).")
    var threads: Int?

    func run() throws {
        try Runtime.reexecIfNeeded()
        let outcome = Planner.plan(file: file, assets: .machineWide)
        DiagnosticPrinter().print(outcome.diagnostics)
        guard let plan = outcome.plan else { throw ExitCode(2) }
        guard let spec = plan.run(withID: runID) ?? plan.runs.first(where: { $0.name == runID }) else {
            let known = plan.runs.prefix(5).map { "\($0.id) (\($0.name))" }.joined(separator: ", ")
            throw ValidationError("\(file): no run '\(runID)' in the plan of \(plan.experiment); runs include \(known); see `finetune plan \(file)`")
        }
        if let threads { try Torch.setNumThreads(intra: max(1, threads)) }
        let runner = Runner(spec: spec, layout: ResultsLayout(root: results),
                            assetsRoot: AssetsRoot.resolve(environment: ProcessInfo.processInfo.environment), progress: { RunLog.line($0) })
        // A result.json that cannot be written (full or read-only disk): one line, exit 1.
        let result = try CommandFailure.reporting(code: CommandFailure.failed) { try runner.runLogged() }
        if result.status != .done { throw ExitCode(1) }
    }
}
