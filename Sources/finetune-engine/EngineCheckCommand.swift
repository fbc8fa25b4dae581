import ArgumentParser
import CommandSupport
import Foundation
import Torch

/// Hidden: prints ``EngineCheck`` as JSON. Tests and `make bench` run it once per MKL path.
struct EngineCheckCommand: ParsableCommand {
    static let configuration = EngineCheckArguments.configuration

    @OptionGroup var arguments: EngineCheckArguments

    func run() throws {
        let count = arguments.threads ?? max(CPUFeatures.current().logicalCores, 1)
        try Runtime.reexecIfNeeded(environment: Runtime.recommendedEnvironment(threads: count),
                                   overriding: Runtime.threadVariables)
        try Torch.setNumThreads(intra: count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let check = try EngineCheck.run(sgemmRepetitions: arguments.repetitions)
        print(String(decoding: try encoder.encode(check), as: UTF8.self))
    }
}
