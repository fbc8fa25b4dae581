import Foundation

/// A small tmpfs of its own, so a test gets a real full disk (ENOSPC) or a real read-only
/// file system (EROFS) without touching anyone else's files. Needs root and mount(2) (CI
/// runs as root); when mounting is refused the initializer throws, so the test fails
/// rather than passing without having tried. Shared by the AtomicFile and sweep tests.
public final class ScratchMount: @unchecked Sendable {
    public struct Refused: Error, CustomStringConvertible {
        public let description: String
    }

    public let path: String

    public init(kilobytes: Int) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("finetune-mount-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let status = Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", path])
        guard status == 0 else {
            throw Refused(description: "mount -t tmpfs failed (status \(status)): these tests need root and mount(2)")
        }
    }

    /// Remounts read-only: every later create or rename fails with EROFS.
    public func makeReadOnly() throws {
        let status = Self.run("/bin/mount", ["-o", "remount,ro", path])
        guard status == 0 else { throw Refused(description: "mount -o remount,ro failed (status \(status))") }
    }

    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Names in the mount (temporary files included), sorted.
    public var contents: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }

    /// Every path under the mount, recursively.
    public var allPaths: [String] { (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? [] }

    deinit {
        _ = Self.run("/bin/umount", [path])
        try? FileManager.default.removeItem(atPath: path)
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
