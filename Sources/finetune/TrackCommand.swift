import ArgumentParser
import CommandSupport
import Foundation
import Results
import Tracking

struct TrackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track",
        abstract: "Send to MLflow what it lacks of an experiment's runs (or of every experiment in a results folder).",
        discussion: "DIR is <results>/<experiment> (holding plan.json) or a results folder of such experiments. Each run's runs/<id>/tracking.jsonl holds what it reported; only what the server does not have is sent, so a server that was down catches up and nothing is sent twice. The report and summary go to the experiment's parent run. Exits 1 when the server cannot be reached or refuses, 2 when DIR holds no experiment or no server is named."
    )

    @Argument(help: "An experiment's results folder, e.g. results/digits-transfer, or a results folder.", completion: .directory)
    var directory: String

    @Option(help: ArgumentHelp("The MLflow tracking server (default: $MLFLOW_TRACKING_URI).", valueName: "uri"))
    var mlflow: String?

    func run() throws {
        let settings = try CommandFailure.reporting(code: CommandFailure.invalidInput) { () throws -> MLflowSettings in
            guard let settings = try MLflowSettings.from(environment: ProcessInfo.processInfo.environment, uri: mlflow) else {
                throw TrackingError("no MLflow server named: pass --mlflow URI or set MLFLOW_TRACKING_URI")
            }
            return settings
        }
        let folder = (directory as NSString).standardizingPath
        let experiments: [(root: String, name: String)]
        if FileManager.default.fileExists(atPath: ResultsLayout.join(folder, ResultsLayout.planFile)) {
            experiments = [((folder as NSString).deletingLastPathComponent, (folder as NSString).lastPathComponent)]
        } else {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
            experiments = names.filter { FileManager.default.fileExists(atPath: ResultsLayout.join(ResultsLayout.join(folder, $0), ResultsLayout.planFile)) }
                .map { (folder, $0) }
        }
        guard !experiments.isEmpty else {
            throw CommandFailure.exit("\(directory): no experiment here (no plan.json in it or in its subfolders)", code: CommandFailure.invalidInput)
        }
        for (root, name) in experiments {
            let sync = MLflowSync(client: MLflowClient(settings: settings), layout: ResultsLayout(root: root.isEmpty ? "." : root))
            let sent = try CommandFailure.reporting(code: CommandFailure.failed) { try sync.syncExperiment(name) }
            print("\(name): \(sent) run\(sent == 1 ? "" : "s") had something to send to \(settings)")
        }
    }
}
