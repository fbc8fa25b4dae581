import ArgumentParser
import Datasets
import Experiment
import Foundation
import Torch
import Training

/// Several runs of one plan from one process: each run trains in a forked child, so the
/// engine's start-up is paid once. What a sweep executor can do instead of one process per run.
struct RunManyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-many",
        abstract: "Train several runs of an experiment's plan, each in a forked child of one process.",
        shouldDisplay: false
    )

    @Argument(help: "Experiment file.")
    var file: String

    @Option(name: .customLong("run"), help: "A run's id or exact name; repeat for more (default: every run).")
    var runIDs: [String] = []

    @Option(help: "Folder holding one folder per experiment.")
    var results = "results"

    @Option(help: "CPU threads for each run (default: all cores).")
    var threads: Int?

    func run() throws {
        try Runtime.reexecIfNeeded()
        let outcome = Planner.plan(file: file)
        DiagnosticPrinter().print(outcome.diagnostics)
        guard let plan = outcome.plan else { throw ExitCode(2) }
        let specs = try runIDs.isEmpty ? plan.runs : runIDs.map { id in
            guard let spec = plan.run(withID: id) ?? plan.runs.first(where: { $0.name == id }) else {
                throw ValidationError("\(file): no run '\(id)' in the plan of \(plan.experiment); see `finetune plan \(file)`")
            }
            return spec
        }
        if let threads { try Torch.setNumThreads(intra: max(1, threads)) }
        let assets = AssetsRoot.resolve(environment: ProcessInfo.processInfo.environment,
                                        currentDirectory: FileManager.default.currentDirectoryPath)
        var failed = 0
        for spec in specs {
            let runner = Runner(spec: spec, layout: ResultsLayout(root: results), assetsRoot: assets)
            let started = Date()
            let status = try runner.runForked()
            let seconds = String(format: "%.3f", Date().timeIntervalSince(started))
            Log.line("\(spec.name) [\(spec.id)]: \(status == 0 ? "done" : "exit status \(status)") in \(seconds) s")
            if status != 0 { failed += 1 }
        }
        if failed > 0 { throw ExitCode(1) }
    }
}
