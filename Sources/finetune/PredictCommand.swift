import ArgumentParser
import Foundation
import Torch
import Training

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict with a run's saved model: one JSON line per example.",
        discussion: "Each line holds label and probabilities (in the order of classes, also printed) for classification, value for regression, and the raw logits. FILE is JSON Lines or CSV in the experiment's data format (its text field, or its feature columns); a label field is ignored."
    )

    @Argument(help: "A run folder with a saved model (results/<experiment>/runs/<id>, output.save_model: true).")
    var runFolder: String

    @Option(name: .customLong("input"), help: "A JSONL or CSV file of examples.")
    var input: String?

    @Argument(help: "Texts to classify (text models).")
    var texts: [String] = []

    func validate() throws {
        if (input == nil) == texts.isEmpty {
            throw ValidationError("give either texts or --input FILE")
        }
    }

    func run() throws {
        try Runtime.reexecIfNeeded()
        let saved: SavedRun
        let predictions: [SavedRun.Prediction]
        do {
            saved = try SavedRun(folder: runFolder)
            predictions = try input.map { try saved.predict(file: $0) } ?? saved.predict(texts: texts)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        for prediction in predictions { print(SavedRun.jsonLine(prediction, classes: saved.classes)) }
    }
}
