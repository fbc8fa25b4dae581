import Foundation
import Testing
@testable import Torch

@Suite struct RuntimeTests {
    static let cpuinfo = """
        processor\t: 0
        model name\t: Intel(R) Xeon(R) Processor @ 2.00GHz
        flags\t\t: fpu sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl

        processor\t: 1
        model name\t: Intel(R) Xeon(R) Processor @ 2.00GHz
        flags\t\t: fpu sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl
        """

    @Test func parsesCpuinfo() {
        let cpu = CPUFeatures(cpuinfo: Self.cpuinfo)
        #expect(cpu.model == "Intel(R) Xeon(R) Processor @ 2.00GHz")
        #expect(cpu.logicalCores == 2)
        #expect(cpu.flags.contains("avx512vl"))
    }

    @Test(arguments: [
        (["avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq"], true),
        (["avx2", "fma", "avx512f"], false),  // AVX-512 foundation alone is not enough
        (["sse2", "avx"], false),
    ] as [([String], Bool)])
    func recognisesAVX512(flags: [String], expected: Bool) {
        #expect(CPUFeatures(flags: Set(flags), model: "x", logicalCores: 2).hasAVX512 == expected)
    }

    @Test func recommendedEnvironmentPinsThreads() {
        let cpu = CPUFeatures(cpuinfo: Self.cpuinfo)
        let env = Runtime.recommendedEnvironment(cpu: cpu, environment: [:])
        #expect(env["OMP_NUM_THREADS"] == "2")
        #expect(env.keys.sorted() == ["GOMP_SPINCOUNT", "OMP_NUM_THREADS"])
        #expect(env["GOMP_SPINCOUNT"] == Runtime.spinCount)
        #expect(Runtime.recommendedEnvironment(cpu: cpu, environment: ["OMP_WAIT_POLICY": "PASSIVE"])["GOMP_SPINCOUNT"] == nil,
                "the user's wait policy is kept")
        #expect(Runtime.recommendedEnvironment(cpu: cpu, threads: 1)["OMP_NUM_THREADS"] == "1")
    }

    /// The restart decision: only what is missing, or differs and may be overridden, and never
    /// twice. (Each case fails if the decision ignores the variable it is about.)
    @Test func restartsOnlyForMissingOrOverriddenVariables() {
        let wanted = ["OMP_NUM_THREADS": "2", "GOMP_SPINCOUNT": "100000"]
        #expect(Runtime.restartChanges(wanted, current: [:]) == wanted)
        #expect(Runtime.restartChanges(wanted, current: ["OMP_NUM_THREADS": "1", "GOMP_SPINCOUNT": "100000"]) == [:],
                "a value the user set is kept")
        #expect(Runtime.restartChanges(wanted, overriding: ["OMP_NUM_THREADS"], current: ["OMP_NUM_THREADS": "1", "GOMP_SPINCOUNT": "100000"])
                == ["OMP_NUM_THREADS": "2"])
        #expect(Runtime.restartChanges(wanted, current: ["GOMP_SPINCOUNT": "100000"]) == ["OMP_NUM_THREADS": "2"])
        #expect(Runtime.restartChanges(wanted, current: [Runtime.reexecMarker: "1"]) == [:], "never a second restart")
    }

    @Test func reexecReturnsWhenNothingIsMissing() throws {
        // PATH is always set, so there is nothing to add and the process must not restart.
        #expect(Runtime.restartChanges(["PATH": "/ignored"], current: ProcessInfo.processInfo.environment) == [:])
        try Runtime.reexecIfNeeded(environment: ["PATH": "/ignored"])
    }

    /// A sweep restarts itself only for the one setting read at load: the spin count, when its
    /// runs have OpenMP workers.
    @Test func restartsOnlyForLoadTimeSettingsThatWouldChange() {
        func needed(_ threads: Int, _ environment: [String: String] = [:]) -> Bool {
            Runtime.restartNeeded(threads: threads, environment: environment)
        }
        #expect(!needed(1), "one thread: counts are set at run time")
        #expect(needed(2), "two threads want GOMP_SPINCOUNT, read when OpenMP loads")
        #expect(!needed(2, ["GOMP_SPINCOUNT": "0"]), "the user's spin count is kept")
        #expect(!needed(2, ["OMP_WAIT_POLICY": "ACTIVE"]), "the user's policy is kept")
        #expect(!needed(2, [Runtime.reexecMarker: "1"]), "never twice")
    }

    @Test func describesTheEngine() {
        #expect(Torch.version.hasPrefix("2.15"))
        let path = Runtime.mklCPUPath
        #expect(["intel", "fast", "generic"].contains { path.hasPrefix($0) }, "\(path)")
        #expect(Torch.numThreads >= 1)
        #expect(!CPUFeatures.current().model.isEmpty)
    }
}
