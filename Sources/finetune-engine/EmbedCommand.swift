import ArgumentParser
import CommandSupport
import Datasets
import Foundation
import Torch
import Training

struct EmbedCommand: ParsableCommand {
    static let configuration = EmbedArguments.configuration

    @OptionGroup var arguments: EmbedArguments

    func run() throws {
        try Runtime.reexecIfNeeded()
        let assets = AssetsRoot.resolve(environment: ProcessInfo.processInfo.environment)
        // A model folder that cannot be read (missing, damaged weights, vocabulary or config)
        // is an invalid input: exit 2 with one line naming the file, not the usage text.
        let embedder = try CommandFailure.reporting(code: CommandFailure.invalidInput) {
            try SentenceEmbedder(model: arguments.model, assetsRoot: assets, maxLength: arguments.maxLength)
        }
        let json = try CommandFailure.reporting(code: CommandFailure.failed) { try SentenceEmbedder.json(embedder.embed(arguments.texts)) }
        print(json)
    }
}
