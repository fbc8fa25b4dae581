import ArgumentParser
import CommandSupport
import Foundation
import Torch
import Training

struct PredictCommand: ParsableCommand {
    static let configuration = PredictArguments.configuration

    @OptionGroup var arguments: PredictArguments

    func run() throws {
        try Runtime.reexecIfNeeded()
        let saved: SavedRun
        let predictions: [SavedRun.Prediction]
        do {
            saved = try SavedRun(folder: arguments.runFolder)
            predictions = try arguments.input.map { try saved.predict(file: $0) } ?? saved.predict(texts: arguments.texts)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        for prediction in predictions { print(SavedRun.jsonLine(prediction, classes: saved.classes)) }
    }
}
