import ArgumentParser
import CommandSupport
import Reports

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Regenerate summary.json, report.md and figures/ of an experiment from its results alone.",
        discussion: "DIR is <results>/<experiment>, holding plan.json and runs/. Nothing is re-run. Runs without a readable result.json are listed as missing. Exits 1 when DIR has no plan.json or no results, or the report cannot be written."
    )

    @Argument(help: "The experiment's results folder, e.g. results/digits-transfer.", completion: .directory)
    var directory: String

    func run() throws {
        let output = try CommandFailure.reporting(code: CommandFailure.failed) {
            try ReportGenerator.generate(experimentDirectory: directory)
        }
        for line in output.missing { print("missing: \(line)") }
        print("wrote \(output.reportPath), \(output.summaryPath) and \(output.figurePaths.count) figure\(output.figurePaths.count == 1 ? "" : "s")")
    }
}
