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
        (["avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq"], "SkylakeX"),
        (["avx2", "fma", "avx512f"], "Haswell"),  // AVX-512 foundation alone is not enough
        (["avx2", "fma"], "Haswell"),
        (["sse2", "avx"], nil),
    ] as [([String], String?)])
    func choosesOpenBLASCoreType(flags: [String], expected: String?) {
        #expect(CPUFeatures(flags: Set(flags), model: "x", logicalCores: 2).openBLASCoreType == expected)
    }

    @Test func recommendedEnvironmentPinsThreads() {
        let cpu = CPUFeatures(cpuinfo: Self.cpuinfo)
        let env = Runtime.recommendedEnvironment(cpu: cpu, environment: [:])
        #expect(env["OPENBLAS_CORETYPE"] == "SkylakeX")
        #expect(env["OMP_NUM_THREADS"] == "2")
        #expect(env["OPENBLAS_NUM_THREADS"] == "2")
        #expect(env["GOMP_SPINCOUNT"] == Runtime.spinCount)
        #expect(Runtime.recommendedEnvironment(cpu: cpu, environment: ["OMP_WAIT_POLICY": "PASSIVE"])["GOMP_SPINCOUNT"] == nil,
                "the user's wait policy is kept")
        #expect(Runtime.recommendedEnvironment(cpu: cpu, threads: 1)["OMP_NUM_THREADS"] == "1")
    }

    @Test func reexecReturnsWhenNothingIsMissing() throws {
        // PATH is always set, so there is nothing to add and the process must not restart.
        try Runtime.reexecIfNeeded(environment: ["PATH": "/ignored"])
    }

    /// A sweep restarts itself only for settings read at load: the wait policy when its runs
    /// have OpenMP workers, the kernel family when OpenBLAS chose another by itself.
    @Test func restartsOnlyForLoadTimeSettingsThatWouldChange() {
        let cpu = CPUFeatures(cpuinfo: Self.cpuinfo)  // wants SkylakeX
        func needed(_ threads: Int, _ environment: [String: String] = [:], core: String? = "SkylakeX") -> Bool {
            Runtime.restartNeeded(threads: threads, cpu: cpu, environment: environment, openBLASCore: core)
        }
        #expect(!needed(1), "one thread: counts are set at run time, the kernel is already right")
        #expect(needed(2), "two threads want GOMP_SPINCOUNT, read when OpenMP loads")
        #expect(!needed(2, ["GOMP_SPINCOUNT": "0"]), "the user's spin count is kept")
        #expect(!needed(2, ["OMP_WAIT_POLICY": "ACTIVE"]), "the user's policy is kept")
        #expect(needed(1, core: "Haswell"), "OpenBLAS chose another kernel")
        #expect(!needed(1, core: "skylakex"), "names compare without case")
        #expect(!needed(1, ["OPENBLAS_CORETYPE": "Haswell"], core: "Haswell"), "the user's kernel is kept")
        #expect(!needed(1, core: nil), "not OpenBLAS: nothing to choose")
        #expect(!needed(2, [Runtime.reexecMarker: "1"]), "never twice")
    }

    @Test func openBLASReportsTheKernelItChose() {
        // Debian's libtorch runs on OpenBLAS; the name is one of its kernel families.
        let core = Runtime.openBLASCoreName
        #expect(core.map { !$0.isEmpty } ?? true)
    }

    @Test func infoDescribesTheEngine() {
        let info = Runtime.info
        #expect(info.torchVersion.hasPrefix("1.13"))
        #expect(info.torchThreads >= 1)
        #expect(!info.cpuModel.isEmpty)
    }
}
