import ArgumentParser
import Foundation
import Torch

/// Hidden: the local launcher's fork server (``Worker``). `finetune sweep` starts one.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Train the runs a local sweep sends on stdin, one forked child each.",
        shouldDisplay: false
    )

    @Option(help: "Folder holding one folder per experiment.")
    var results: String

    @Option(help: "Threads per run.")
    var threads: Int

    func run() throws {
        let threads = max(1, threads)
        // The children are forked from this process, so it must start with the settings they
        // need that only apply when libgomp loads; restart once if one would change.
        if Runtime.restartNeeded(threads: threads) {
            try Runtime.reexecIfNeeded(environment: Runtime.recommendedEnvironment(threads: threads),
                                       overriding: Runtime.threadVariables)
        }
        Runtime.useThreads(threads)  // inherited by every child
        let code = try Worker(results: results, threads: threads).serve()
        if code != 0 { throw ExitCode(code) }
    }
}
