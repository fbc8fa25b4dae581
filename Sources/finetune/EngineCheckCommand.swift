import ArgumentParser
import Foundation
import Torch

/// Hidden: prints ``EngineCheck`` as JSON. Tests and `make bench` run it once per MKL path.
struct EngineCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine-check",
        abstract: "Check the numeric engine: a matmul against float64, the sgemm rate, a few training steps.",
        shouldDisplay: false
    )

    @Option(help: "Threads (default: all cores).")
    var threads: Int?

    @Option(help: "Timed sgemm products (2048², float32).")
    var repetitions = 5

    func run() throws {
        let count = threads ?? max(CPUFeatures.current().logicalCores, 1)
        try Runtime.reexecIfNeeded(environment: Runtime.recommendedEnvironment(threads: count),
                                   overriding: Runtime.threadVariables)
        try Torch.setNumThreads(intra: count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let check = try EngineCheck.run(sgemmRepetitions: repetitions)
        print(String(decoding: try encoder.encode(check), as: UTF8.self))
    }
}
