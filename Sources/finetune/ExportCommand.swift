import ArgumentParser
import Foundation
import Torch
import Training

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a run's saved model as a Hugging Face folder.",
        discussion: "BERT with cls pooling: a BertForSequenceClassification (AutoModelForSequenceClassification loads it). BERT with mean pooling: a sentence-transformers model whose encode() returns the logits. MLP/CNN: model.safetensors and a config.json saying how to rebuild them. LoRA updates are merged in; config.json carries the labels."
    )

    @Argument(help: "A run folder with a saved model (output.save_model: true).")
    var runFolder: String

    @Option(name: .customLong("to"), help: "The folder to write (created if needed).")
    var destination: String

    func run() throws {
        try Runtime.reexecIfNeeded()
        do {
            let files = try SavedRun(folder: runFolder).export(to: destination)
            print("wrote \(destination): \(files.joined(separator: ", "))")
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
