import ArgumentParser
import ProcessControl
import Experiment

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "List the runs an experiment expands to: id, name and overrides."
    )

    @Argument(help: "Experiment file.", completion: .file(extensions: ["yaml", "yml"]))
    var file: String

    @Flag(help: "Print every run with its id, name, overrides and resolved config as JSON.")
    var json = false

    func run() throws {
        let outcome = Planner.plan(file: file, assets: .machineWide)
        DiagnosticPrinter().print(outcome.diagnostics)
        guard let plan = outcome.plan else { throw ExitCode(ExitStatus.invalidInput.code) }
        print(json ? plan.json.prettyJSON() : plan.table)
    }
}
