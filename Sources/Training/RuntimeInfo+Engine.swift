import Foundation
import Results
import Torch

extension RuntimeInfo {
    /// The engine settings in effect in this process, for the result it writes.
    public static var current: RuntimeInfo {
        let cpu = CPUFeatures.current()
        func variable(_ name: String) -> String? { ProcessInfo.processInfo.environment[name] }
        return RuntimeInfo(
            cpuModel: cpu.model,
            avx512: cpu.hasAVX512,
            mklCPUPath: Runtime.mklCPUPath,
            ompThreads: variable("OMP_NUM_THREADS"),
            ompWaitPolicy: variable("OMP_WAIT_POLICY"),
            gompSpinCount: variable("GOMP_SPINCOUNT"),
            torchThreads: Torch.numThreads,
            torchVersion: Torch.version,
            reexecuted: variable(Runtime.reexecMarker) != nil)
    }
}
