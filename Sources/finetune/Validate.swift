import ArgumentParser
import ProcessControl
import Experiment

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check experiment files; report every mistake with its file:line:column.",
        discussion: "Exits 0 when every file is valid, 2 when any is not."
    )

    @Argument(help: "Experiment files.", completion: .file(extensions: ["yaml", "yml"]))
    var files: [String]

    func run() throws {
        let printer = DiagnosticPrinter()
        var invalid = 0
        for file in files {
            let outcome = Planner.plan(file: file, assets: .machineWide)
            printer.print(outcome.diagnostics)
            if let plan = outcome.plan {
                print("\(file): ok (\(plan.runs.count) run\(plan.runs.count == 1 ? "" : "s"))")
            } else {
                invalid += 1
            }
        }
        if invalid > 0 { throw ExitCode(ExitStatus.invalidInput.code) }
    }
}
