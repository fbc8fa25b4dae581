import ArgumentParser
import CommandSupport
import Foundation
import ProcessControl

/// The commands the engine carries out. `finetune` parses them (so help, completions and
/// mistakes in the arguments are answered without loading libtorch), then replaces itself
/// with `finetune-engine` given the same arguments.
enum EngineHandOff {
    static func run() throws -> Never {
        let error = EngineLocation.exec(arguments: Array(CommandLine.arguments.dropFirst()))
        throw CommandFailure.exit(error.description, code: CommandFailure.failed)
    }
}

struct RunCommand: ParsableCommand {
    static let configuration = RunArguments.configuration
    @OptionGroup var arguments: RunArguments
    func run() throws { try EngineHandOff.run() }
}

struct EmbedCommand: ParsableCommand {
    static let configuration = EmbedArguments.configuration
    @OptionGroup var arguments: EmbedArguments
    func run() throws { try EngineHandOff.run() }
}

struct PredictCommand: ParsableCommand {
    static let configuration = PredictArguments.configuration
    @OptionGroup var arguments: PredictArguments
    func run() throws { try EngineHandOff.run() }
}

struct ExportCommand: ParsableCommand {
    static let configuration = ExportArguments.configuration
    @OptionGroup var arguments: ExportArguments
    func run() throws { try EngineHandOff.run() }
}

struct EngineCheckCommand: ParsableCommand {
    static let configuration = EngineCheckArguments.configuration
    @OptionGroup var arguments: EngineCheckArguments
    func run() throws { try EngineHandOff.run() }
}
