import ArgumentParser
import Experiment
import Reports

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (2020-12) of experiment files, base files or result files."
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case experiment, base, result, summary
    }

    @Argument(help: "Which schema: experiment (default), base (files other files extend), result (runs/<id>/result.json) or summary (summary.json).")
    var kind: Kind = .experiment

    func run() throws {
        switch kind {
        case .experiment: print(JSONSchema.experiment().prettyJSON())
        case .base: print(JSONSchema.base().prettyJSON())
        case .result: print(ResultSchemas.result().prettyJSON())
        case .summary: print(ResultSchemas.summary().prettyJSON())
        }
    }
}
