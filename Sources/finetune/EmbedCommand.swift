import ArgumentParser
import Datasets
import Foundation
import Torch
import Training

struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Print sentence embeddings (mean pooling, L2-normalised) of a BERT model as JSON.",
        discussion: "Prints [{\"text\": ..., \"ids\": [101, ..., 102], \"embedding\": [...]}], one entry per TEXT, as sentence-transformers computes them. Exits 2 when the model folder cannot be read (missing or damaged files), naming the file."
    )

    @Option(help: "A Hugging Face-style folder (config.json, model.safetensors, vocab.txt) or a built-in model name.")
    var model = "all-MiniLM-L6-v2"

    @Option(name: .customLong("max-length"), help: "Tokens per text (default: the folder's max_seq_length, 256 for MiniLM).")
    var maxLength: Int?

    @Argument(help: "The texts to embed.")
    var texts: [String]

    func run() throws {
        try Runtime.reexecIfNeeded()
        let assets = AssetsRoot.resolve(environment: ProcessInfo.processInfo.environment)
        // A model folder that cannot be read (missing, damaged weights, vocabulary or config)
        // is an invalid input: exit 2 with one line naming the file, not the usage text.
        let embedder = try CommandFailure.reporting(code: CommandFailure.invalidInput) {
            try SentenceEmbedder(model: model, assetsRoot: assets, maxLength: maxLength)
        }
        let json = try CommandFailure.reporting(code: CommandFailure.failed) { try SentenceEmbedder.json(embedder.embed(texts)) }
        print(json)
    }
}
