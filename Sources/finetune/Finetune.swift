import ArgumentParser
import Results

@main
struct Finetune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finetune",
        abstract: "Run declarative fine-tuning experiments.",
        version: FinetuneVersion.text,
        subcommands: [Validate.self, PlanCommand.self, RunCommand.self, SweepCommand.self, FetchCommand.self,
                      ReportCommand.self, TrackCommand.self, EmbedCommand.self, PredictCommand.self, ExportCommand.self, SchemaCommand.self,
                      EngineCheckCommand.self]
    )
}
