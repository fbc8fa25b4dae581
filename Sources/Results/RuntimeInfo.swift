import Foundation

/// The engine settings a run used, recorded with its results.
public struct RuntimeInfo: Sendable, Codable, Equatable {
    public var cpuModel: String
    /// AVX-512 (F, BW, VL, DQ) available.
    public var avx512: Bool
    /// How MKL's Intel-CPU check was answered: "intel", "fast (...)" (a non-Intel CPU told yes,
    /// so MKL picks its kernels by feature) or "generic (...)". Nil in results of older engines.
    public var mklCPUPath: String?
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

    public init(cpuModel: String, avx512: Bool, mklCPUPath: String?, ompThreads: String?, ompWaitPolicy: String?,
                gompSpinCount: String?, torchThreads: Int, torchVersion: String, reexecuted: Bool) {
        self.cpuModel = cpuModel
        self.avx512 = avx512
        self.mklCPUPath = mklCPUPath
        self.ompThreads = ompThreads
        self.ompWaitPolicy = ompWaitPolicy
        self.gompSpinCount = gompSpinCount
        self.torchThreads = torchThreads
        self.torchVersion = torchVersion
        self.reexecuted = reexecuted
    }
}
