import ArgumentParser
import Experiment

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (2020-12) of experiment files."
    )

    func run() throws {
        print(JSONSchema.experiment().prettyJSON())
    }
}
