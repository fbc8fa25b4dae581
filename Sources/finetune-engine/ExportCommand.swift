import ArgumentParser
import ProcessControl
import CommandSupport
import Foundation
import Torch
import Training

struct ExportCommand: ParsableCommand {
    static let configuration = ExportArguments.configuration

    @OptionGroup var arguments: ExportArguments

    func run() throws {
        try Runtime.reexecIfNeeded()
        do {
            let files = try SavedRun(folder: arguments.runFolder).export(to: arguments.destination)
            print("wrote \(arguments.destination): \(files.joined(separator: ", "))")
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(ExitStatus.invalidInput.code)
        }
    }
}
