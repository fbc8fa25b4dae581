import Foundation
import Testing

/// A small tmpfs of its own, so a test gets a real full disk (ENOSPC) or a real read-only
/// file system (EROFS) without touching anyone else's files. Needs root (CI runs as root);
/// a test that cannot mount fails rather than passing without having tried.
final class ScratchMount {
    let path: String

    init(kilobytes: Int) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("finetune-mount-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let status = Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", path])
        try #require(status == 0, "mount -t tmpfs failed (status \(status)): these tests need root and mount(2)")
    }

    /// Remounts read-only: every later create or rename fails with EROFS.
    func makeReadOnly() throws {
        let status = Self.run("/bin/mount", ["-o", "remount,ro", path])
        try #require(status == 0, "remount,ro failed (status \(status))")
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Names in the mount (temporary files included), sorted.
    var contents: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }

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
