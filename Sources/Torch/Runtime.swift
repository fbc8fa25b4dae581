internal import CTorch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Start-up configuration of the engine's thread pools.
///
/// libgomp reads GOMP_SPINCOUNT only when it is loaded, which for a program linked against
/// libtorch is before `main`. So the tool calls ``reexecIfNeeded(environment:)`` first thing: if
/// a variable is missing it is set and the process restarts itself
/// (`execv("/proc/self/exe", argv)`), once. MKL's kernel choice needs no restart: the executable
/// answers MKL's CPU check itself (``mklCPUPath``).
public enum Runtime {
    /// Set in the environment of the restarted process; prevents a second restart.
    public static let reexecMarker = "FINETUNE_REEXECUTED"

    /// The environment this machine should run with.
    ///
    /// - OMP_NUM_THREADS = `threads` (default: all logical cores): libtorch's OpenMP pool, which
    ///   MKL's GEMMs share.
    /// - GOMP_SPINCOUNT=100000: an idle OpenMP thread spins briefly for the next operation (a
    ///   training step is a burst of small ones), then sleeps, so it does not hold a core another
    ///   run needs. On the quiet 2-core machine (5 runs each, `make release`, bench/experiments,
    ///   libtorch 1.13) the median steps/s were: MLP 1065 sleeping at once
    ///   (OMP_WAIT_POLICY=PASSIVE), ~850 with libgomp's default spin (300000), 1560 at 100000;
    ///   CNN batch 32: 164, ~187, 227. Not added when the user set OMP_WAIT_POLICY.
    public static func recommendedEnvironment(cpu: CPUFeatures = .current(), threads: Int? = nil,
                                              environment current: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        var environment = ["OMP_NUM_THREADS": String(threads ?? max(cpu.logicalCores, 1))]
        if current["OMP_WAIT_POLICY"] == nil { environment["GOMP_SPINCOUNT"] = spinCount }
        return environment
    }

    /// Restarts the process with `environment` added when any of its variables is unset, or
    /// when one named in `overriding` has another value.
    ///
    /// Other variables already set (by the user) are kept. Returns normally when nothing is
    /// missing, when this process is already the restarted one, or — throwing — when `execv` fails.
    public static func reexecIfNeeded(environment: [String: String] = recommendedEnvironment(),
                                      overriding: Set<String> = []) throws {
        let changes = restartChanges(environment, overriding: overriding, current: ProcessInfo.processInfo.environment)
        guard !changes.isEmpty else { return }
        for (key, value) in changes { setenv(key, value, 1) }
        setenv(reexecMarker, "1", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        let reason = String(cString: strerror(errno))
        unsetenv(reexecMarker)
        throw TorchError(operation: "Runtime.reexecIfNeeded", message: "execv /proc/self/exe failed: \(reason)")
    }

    /// The variables ``reexecIfNeeded(environment:overriding:)`` would set before restarting:
    /// those `wanted` that are missing from `current`, or differ and may be overridden; none
    /// when the process already restarted once.
    public static func restartChanges(_ wanted: [String: String], overriding: Set<String> = [],
                                      current: [String: String]) -> [String: String] {
        guard current[reexecMarker] == nil else { return [:] }
        return wanted.filter { key, value in
            guard let present = current[key] else { return true }
            return overriding.contains(key) && present != value
        }
    }

    /// Iterations an idle OpenMP thread spins before sleeping (see ``recommendedEnvironment(cpu:threads:environment:)``).
    public static let spinCount = "100000"

    /// The variables that size the thread pools, which a sweep sets for its runs.
    public static let threadVariables: Set<String> = ["OMP_NUM_THREADS"]

    /// Whether running with `threads` threads needs ``reexecIfNeeded(environment:overriding:)``
    /// at all: only settings read when the libraries load do. Thread counts change at run time
    /// (``useThreads(_:)``); the spin count matters only when OpenMP has workers to idle (more
    /// than one thread). Saves the restart — a second libtorch start-up — when nothing would change.
    public static func restartNeeded(threads: Int,
                                     environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        if environment[reexecMarker] != nil { return false }
        return threads > 1 && environment["OMP_WAIT_POLICY"] == nil && environment["GOMP_SPINCOUNT"] == nil
    }

    /// How MKL's Intel-CPU check is answered in this process (see ctorch_runtime.cpp):
    /// FINETUNE_MKL_CPU=fast|generic, set before the process starts, forces either path.
    public static var mklCPUPath: String { String(cString: ft_mkl_cpu_path()) }

    /// How often MKL asked its Intel-CPU check in this process; 0 means the executable's answer
    /// is not the one MKL reads (or MKL has not run yet).
    public static var mklCPUChecks: Int64 { ft_mkl_cpu_checks() }

    /// Sizes libtorch's thread pool to `threads` in a running process, for itself and for the
    /// children it forks, before any tensor operation: libtorch reads OMP_NUM_THREADS on first
    /// use. The environment records the count, as results report it.
    public static func useThreads(_ threads: Int) {
        let count = max(1, threads)
        for variable in threadVariables { setenv(variable, String(count), 1) }
    }
}
