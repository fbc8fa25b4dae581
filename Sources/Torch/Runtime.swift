internal import CTorch
import Foundation

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
    /// GOMP_SPINCOUNT at start (libgomp's spin before an idle thread sleeps).
    public var gompSpinCount: String?
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
    /// - GOMP_SPINCOUNT=100000: an idle OpenMP thread spins briefly for the next operation (a
    ///   training step is a burst of small ones), then sleeps, so it does not hold a core while
    ///   OpenBLAS's threads or another run need it. On the quiet 2-core machine (5 runs each,
    ///   `make release`, bench/experiments) the median steps/s were: MLP 1065 sleeping at once
    ///   (OMP_WAIT_POLICY=PASSIVE), ~850 with libgomp's default spin (300000), 1560 at 100000;
    ///   CNN batch 32: 164, ~187, 227. Not added when the user set OMP_WAIT_POLICY.
    public static func recommendedEnvironment(cpu: CPUFeatures = .current(), threads: Int? = nil,
                                              environment current: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        let count = String(threads ?? max(cpu.logicalCores, 1))
        var environment = [
            "OPENBLAS_NUM_THREADS": count,
            "OMP_NUM_THREADS": count,
        ]
        if current["OMP_WAIT_POLICY"] == nil { environment["GOMP_SPINCOUNT"] = spinCount }
        if let core = cpu.openBLASCoreType { environment["OPENBLAS_CORETYPE"] = core }
        return environment
    }

    /// Restarts the process with `environment` added when any of its variables is unset, or
    /// when one named in `overriding` has another value.
    ///
    /// Other variables already set (by the user) are kept. Returns normally when nothing is
    /// missing, when this process is already the restarted one, or — throwing — when `execv` fails.
    public static func reexecIfNeeded(environment: [String: String] = recommendedEnvironment(),
                                      overriding: Set<String> = []) throws {
        let changes = environment.filter { key, value in
            guard let current = getenv(key) else { return true }
            return overriding.contains(key) && String(cString: current) != value
        }
        guard !changes.isEmpty, getenv(reexecMarker) == nil else { return }
        for (key, value) in changes { setenv(key, value, 1) }
        setenv(reexecMarker, "1", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        let reason = String(cString: strerror(errno))
        unsetenv(reexecMarker)
        throw TorchError(operation: "Runtime.reexecIfNeeded", message: "execv /proc/self/exe failed: \(reason)")
    }

    /// Iterations an idle OpenMP thread spins before sleeping (see ``recommendedEnvironment(cpu:threads:environment:)``).
    public static let spinCount = "100000"

    /// The variables that size the thread pools, which a sweep sets for its runs.
    public static let threadVariables: Set<String> = ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"]

    /// Whether running with `threads` threads needs ``reexecIfNeeded(environment:overriding:)``
    /// at all: only settings read when the libraries load do. Thread counts change at run time
    /// (``useThreads(_:)``); the kernel family matters only when OpenBLAS picked another by
    /// itself; the spin count only when OpenMP has workers to idle (more than one thread).
    /// Saves the restart — a second libtorch start-up, about a second of CPU — when nothing
    /// would change.
    public static func restartNeeded(threads: Int, cpu: CPUFeatures = .current(),
                                     environment: [String: String] = ProcessInfo.processInfo.environment,
                                     openBLASCore: String? = openBLASCoreName) -> Bool {
        if environment[reexecMarker] != nil { return false }
        if threads > 1, environment["OMP_WAIT_POLICY"] == nil, environment["GOMP_SPINCOUNT"] == nil { return true }
        guard environment["OPENBLAS_CORETYPE"] == nil, let wanted = cpu.openBLASCoreType else { return false }
        guard let chosen = openBLASCore else { return false }  // not OpenBLAS: nothing to choose
        return chosen.lowercased() != wanted.lowercased()
    }

    /// The kernel family OpenBLAS chose when it loaded (e.g. "SkylakeX"); nil when libtorch's
    /// BLAS is not OpenBLAS.
    public static var openBLASCoreName: String? { ft_openblas_corename().map { String(cString: $0) } }

    /// Sizes the thread pools to `threads` in a running process, for itself and for the
    /// children it forks, before any tensor operation: OpenBLAS's count is set now (in a parent
    /// this happens before `fork` shuts its pool down, so a single-threaded child never starts
    /// one again), libtorch's from OMP_NUM_THREADS on first use. The environment records the
    /// counts as ``info`` reports them.
    public static func useThreads(_ threads: Int) {
        let count = max(1, threads)
        for variable in threadVariables { setenv(variable, String(count), 1) }
        _ = ft_openblas_set_num_threads(Int32(count))
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
            gompSpinCount: variable("GOMP_SPINCOUNT"),
            torchThreads: Torch.numThreads,
            torchVersion: Torch.version,
            reexecuted: variable(reexecMarker) != nil)
    }

    private static func variable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
