#if canImport(Glibc)
import Glibc
#endif

/// The engine settings a run used, recorded with its results.
public struct RuntimeInfo: Sendable, Codable, Equatable {
    public var cpuModel: String
    /// AVX-512 (F, BW, VL, DQ) available.
    public var avx512: Bool
    /// OPENBLAS_CORETYPE as the process saw it at start (nil: OpenBLAS chose by itself).
    public var openBLASCoreType: String?
    /// OPENBLAS_NUM_THREADS at start.
    public var openBLASThreads: String?
    /// OMP_NUM_THREADS at start.
    public var ompThreads: String?
    /// OMP_WAIT_POLICY at start.
    public var ompWaitPolicy: String?
    /// libtorch's intra-op thread count now.
    public var torchThreads: Int
    public var torchVersion: String
    /// Whether ``Runtime/reexecIfNeeded(environment:)`` restarted the process to apply them.
    public var reexecuted: Bool
}

/// Start-up configuration of the engine's thread pools and BLAS kernels.
///
/// OpenBLAS reads OPENBLAS_CORETYPE and OPENBLAS_NUM_THREADS only when it is loaded, which
/// for a program linked against libtorch is before `main`. So the tool calls
/// ``reexecIfNeeded(environment:)`` first thing: if a variable is missing it is set and the
/// process restarts itself (`execv("/proc/self/exe", argv)`), once.
public enum Runtime {
    /// Set in the environment of the restarted process; prevents a second restart.
    public static let reexecMarker = "FINETUNE_REEXECUTED"

    /// The environment this machine should run with.
    ///
    /// - OPENBLAS_CORETYPE from the CPU flags (see ``CPUFeatures/openBLASCoreType``).
    /// - OPENBLAS_NUM_THREADS and OMP_NUM_THREADS = `threads` (default: all logical cores):
    ///   matmuls run in OpenBLAS's pool, everything else in libtorch's OpenMP pool.
    /// - OMP_WAIT_POLICY=PASSIVE: idle OpenMP threads sleep instead of spinning, so they do not
    ///   steal the cores from OpenBLAS's threads between the two kinds of work. On the shared
    ///   2-core machine (10 interleaved runs, scripts/bench-blas.sh) an MLP training step took a
    ///   median ~42 ms (best 22) instead of ~110 ms (best 30) with spinning threads;
    ///   OPENBLAS_NUM_THREADS=1 instead caps sgemm at one core (~85 GFLOP/s) and was slower still.
    public static func recommendedEnvironment(cpu: CPUFeatures = .current(), threads: Int? = nil) -> [String: String] {
        let count = String(threads ?? max(cpu.logicalCores, 1))
        var environment = [
            "OPENBLAS_NUM_THREADS": count,
            "OMP_NUM_THREADS": count,
            "OMP_WAIT_POLICY": "PASSIVE",
        ]
        if let core = cpu.openBLASCoreType { environment["OPENBLAS_CORETYPE"] = core }
        return environment
    }

    /// Restarts the process with `environment` added when any of its variables is unset.
    ///
    /// Variables already set (by the user) are kept. Returns normally when nothing is missing,
    /// when this process is already the restarted one, or — throwing — when `execv` fails.
    public static func reexecIfNeeded(environment: [String: String] = recommendedEnvironment()) throws {
        let missing = environment.filter { getenv($0.key) == nil }
        guard !missing.isEmpty, getenv(reexecMarker) == nil else { return }
        for (key, value) in missing { setenv(key, value, 0) }
        setenv(reexecMarker, "1", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        let reason = String(cString: strerror(errno))
        unsetenv(reexecMarker)
        throw TorchError(operation: "Runtime.reexecIfNeeded", message: "execv /proc/self/exe failed: \(reason)")
    }

    /// The settings in effect, for recording in results.
    public static var info: RuntimeInfo {
        let cpu = CPUFeatures.current()
        return RuntimeInfo(
            cpuModel: cpu.model,
            avx512: cpu.openBLASCoreType == "SkylakeX",
            openBLASCoreType: variable("OPENBLAS_CORETYPE"),
            openBLASThreads: variable("OPENBLAS_NUM_THREADS"),
            ompThreads: variable("OMP_NUM_THREADS"),
            ompWaitPolicy: variable("OMP_WAIT_POLICY"),
            torchThreads: Torch.numThreads,
            torchVersion: Torch.version,
            reexecuted: variable(reexecMarker) != nil)
    }

    private static func variable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
