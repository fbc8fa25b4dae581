import Foundation

/// The process's peak resident set size, for the memory figure in result.json.
enum PeakMemory {
    /// `VmHWM` from /proc/self/status in MiB; nil where that file does not exist (not Linux).
    static func residentMB() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Double($0) }
            return kilobytes.map { ($0 / 1024 * 10).rounded() / 10 }
        }
        return nil
    }
}
