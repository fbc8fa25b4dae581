import ArgumentParser

/// The commands that load libtorch. `finetune` hands them over (it never loads the engine
/// itself); its name stays `finetune` so usage and errors read as the user typed them.
@main
struct FinetuneEngine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finetune",
        abstract: "The finetune engine: training, prediction and export (run through `finetune`).",
        subcommands: [RunCommand.self, EmbedCommand.self, PredictCommand.self, ExportCommand.self,
                      EngineCheckCommand.self, WorkerCommand.self]
    )
}
