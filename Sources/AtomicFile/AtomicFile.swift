import Foundation
import PathText
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way finetune writes a file: results, summaries, reports, figures, checkpoints and
/// cache records all go through `AtomicFile.write`.
///
/// The bytes go to a temporary file in the destination's folder (same file system, so the
/// rename is atomic), which is flushed with `fsync`, renamed over the destination, and the
/// folder is flushed too so the rename itself survives a power loss. A reader, a crash or a
/// full disk therefore sees either the old file or the new one, never a part: a result
/// already written is never replaced by a partial one. Every failure is a `FileWriteError`
/// naming the path and the cause (`No space left on device`), the temporary file removed.
public enum AtomicFile {
    /// Writes `data` to `path` atomically and durably, creating missing folders first.
    ///
    /// - Parameters:
    ///   - data: The complete new contents.
    ///   - path: The destination; an existing file there is replaced only once the new
    ///     contents are safely on disk.
    public static func write(_ data: Data, to path: String) throws(FileWriteError) {
        try write(data, to: path, injecting: FaultInjection.errno(forWriting: path))
    }

    /// `write(_:to:)`, failing with `injected` once the temporary file exists (for tests).
    static func write(_ data: Data, to path: String, injecting injected: Int32?) throws(FileWriteError) {
        let parent = PathText.parent(path)
        let folder = parent.isEmpty ? "." : parent
        try createFolders(folder, for: path)
        let name = (path as NSString).lastPathComponent
        let temporary = (folder as NSString).appendingPathComponent(".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileWriteError(path: path, errno: errno) }
        var closed = false
        func abandon(_ code: Int32) -> FileWriteError {
            if !closed { _ = close(fd) }
            _ = unlink(temporary)
            return FileWriteError(path: path, errno: code)
        }
        if let injected { throw abandon(injected) }
        let failure: Int32? = data.withUnsafeBytes { raw -> Int32? in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let failure { throw abandon(failure) }
        if fsync(fd) != 0 { throw abandon(errno) }
        closed = true
        if close(fd) != 0 { throw abandon(errno) }
        if rename(temporary, path) != 0 { throw abandon(errno) }
        syncFolder(folder)
    }

    /// Creates `folder` and its missing parents; a failure names `folder` and the cause
    /// (`cannot create folder results/x: Read-only file system`).
    public static func createFolder(_ folder: String) throws(FileWriteError) {
        do {
            try createFolders(folder, for: folder)
        } catch {
            throw FileWriteError(path: folder, errno: error.code, action: "create folder")
        }
    }

    /// Creates `folder` and its parents; a failure names `path`, the file being written.
    private static func createFolders(_ folder: String, for path: String) throws(FileWriteError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue { return }
        let parent = PathText.parent(folder)
        if !parent.isEmpty, parent != folder { try createFolders(parent, for: path) }
        if mkdir(folder, 0o755) != 0, errno != EEXIST { throw FileWriteError(path: path, errno: errno) }
        var again: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &again), again.boolValue else {
            throw FileWriteError(path: path, errno: ENOTDIR)
        }
    }

    /// Flushes a folder's entries (the rename). Some file systems cannot (EINVAL); the data
    /// itself is already on disk then, so that is not an error.
    private static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        _ = close(fd)
    }
}

/// A file that could not be written: the path and the system's reason, on one line.
public struct FileWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    public let path: String
    /// The `errno` value (ENOSPC, EROFS, ENOTDIR, EACCES, EIO, …).
    public let code: Int32
    /// What could not be done: `write` or `create folder`.
    public let action: String

    public init(path: String, errno code: Int32, action: String = "write") {
        self.path = path
        self.code = code
        self.action = action
    }

    /// The system's text for the cause, e.g. "No space left on device".
    public var cause: String { String(cString: strerror(code)) }

    /// `cannot write PATH: CAUSE`.
    public var description: String { "cannot \(action) \(path): \(cause)" }
}

/// Deterministic I/O faults for tests, from the environment, so an error that no file system
/// here can produce on demand (EIO) still goes through the real failure path.
///
/// `FINETUNE_INJECT_WRITE_ERROR=EIO:result.json` makes every write of a file named
/// `result.json` fail with EIO after its temporary file was created. Unset, it costs one
/// environment lookup per write.
public enum FaultInjection {
    public static let variable = "FINETUNE_INJECT_WRITE_ERROR"

    static func errno(forWriting path: String) -> Int32? {
        guard let spec = ProcessInfo.processInfo.environment[variable], !spec.isEmpty else { return nil }
        let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[1] == (path as NSString).lastPathComponent else { return nil }
        let codes: [String: Int32] = ["EIO": EIO, "ENOSPC": ENOSPC, "EROFS": EROFS, "EACCES": EACCES, "ENOTDIR": ENOTDIR]
        return codes[parts[0]]
    }
}
