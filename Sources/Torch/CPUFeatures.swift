#if canImport(Glibc)
import Glibc
#endif

/// What /proc/cpuinfo says about the processor, recorded with every run.
public struct CPUFeatures: Sendable, Equatable {
    /// The `flags` of the first processor (e.g. "avx2", "avx512f").
    public var flags: Set<String>
    /// The `model name` of the first processor.
    public var model: String
    /// The number of logical processors listed.
    public var logicalCores: Int

    public init(flags: Set<String>, model: String, logicalCores: Int) {
        self.flags = flags
        self.model = model
        self.logicalCores = logicalCores
    }

    /// Parses the text of /proc/cpuinfo.
    public init(cpuinfo: String) {
        var flags: Set<String> = []
        var model = "unknown"
        var cores = 0
        for line in cpuinfo.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: " \t")
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            switch key {
            case "processor": cores += 1
            case "model name" where model == "unknown": model = value
            case "flags" where flags.isEmpty: flags = Set(value.split(separator: " ").map(String.init))
            default: break
            }
        }
        self.init(flags: flags, model: model, logicalCores: cores)
    }

    /// The features of this machine (empty flags if /proc/cpuinfo cannot be read), read once
    /// per process: every run records them, and parsing /proc/cpuinfo took a few milliseconds.
    public static func current() -> CPUFeatures { machine }

    private static let machine = CPUFeatures(cpuinfo: readFile("/proc/cpuinfo") ?? "")

    /// AVX-512 F, BW, VL and DQ: what MKL's and libtorch's AVX-512 kernels use.
    public var hasAVX512: Bool { flags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl", "avx512dq"]) }

    /// AVX-512 BF16 instructions: bf16 matmuls run natively rather than through float32.
    public var hasAVX512BF16: Bool { flags.contains("avx512_bf16") }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = self
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}

/// The whole content of a small text file, or nil.
func readFile(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&chunk, 1, chunk.count, file)
        if n <= 0 { break }
        bytes += chunk[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}
