import ArgumentParser
import ProcessControl
import CommandSupport
import Foundation
import Torch
import Datasets
import Training

struct PredictCommand: ParsableCommand {
    static let configuration = PredictArguments.configuration

    @OptionGroup var arguments: PredictArguments

    func run() throws {
        try Runtime.reexecIfNeeded()
        let saved: SavedRun
        let predictions: [SavedRun.Prediction]
        var files: [String]?
        do {
            saved = try SavedRun(folder: arguments.runFolder)
            if saved.readsPhotos {
                let photos = try arguments.input.map { try PredictionInput.photoFiles($0, column: saved.photoColumn) } ?? arguments.texts
                files = photos
                predictions = try saved.predict(photos: photos)
            } else {
                predictions = try arguments.input.map { try saved.predict(file: $0) } ?? saved.predict(texts: arguments.texts)
            }
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(ExitStatus.invalidInput.code)
        }
        for (index, prediction) in predictions.enumerated() {
            print(SavedRun.jsonLine(prediction, classes: saved.classes, file: files?[index]))
        }
    }
}
