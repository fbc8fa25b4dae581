import TestProcess
import Foundation
import Testing
import Torch

/// MKL's fast path on any CPU that has its features: the answer the executable gives MKL's
/// Intel-CPU check changes which kernels run, never what they compute. Each path needs its own
/// process (MKL asks once), so this runs the built tool's hidden `engine-check` twice.
@Suite struct MKLPathTests {
    static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/finetune").path

    static func check(path: String) throws -> EngineCheck {
        let done = try ProcessRunner.run(binary, ["engine-check", "--threads", "2", "--repetitions", "1"],
                                         environment: ["FINETUNE_MKL_CPU": path])
        try #require(done.status == 0, "engine-check exited \(done.status): \(done.stderr)")
        return try JSONDecoder().decode(EngineCheck.self, from: done.stdoutData)
    }

    @Test func bothPathsComputeTheSameNumbers() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the tool first: swift build")
        let fast = try Self.check(path: "fast"), generic = try Self.check(path: "generic")
        #expect(fast.mklCPUPath.hasPrefix("fast") && generic.mklCPUPath.hasPrefix("generic"))
        #expect(fast.mklCPUChecks > 0 && generic.mklCPUChecks > 0, "MKL reads the executable's answer")
        for check in [fast, generic] {
            #expect(check.matmulRelativeError < 1e-5, "\(check.mklCPUPath): 1024² matmul vs float64")
        }
        try #require(fast.losses.count == 5 && generic.losses.count == 5)
        for (a, b) in zip(fast.losses, generic.losses) {
            #expect(Swift.abs(a - b) <= 1e-5 * Swift.max(Swift.abs(a), 1), "training losses \(fast.losses) vs \(generic.losses)")
        }
        #expect(fast.losses.last! < fast.losses.first!, "the steps train")
    }
}
