import AtomicFile
import Foundation
import Results
import ProcessControl

/// Exclusive ownership of one experiment's results folder for the life of a sweep.
///
/// An flock on `<results>/<experiment>/.lock`, taken without waiting; the kernel drops it
/// when the process dies however it dies, so a killed sweep never leaves a stale lock.
/// The holder's pid is written into the file so the refusal can name it. The descriptor is
/// close-on-exec: children must not inherit (and so prolong) the lock.
public final class ExperimentLock {
    public let folder: String
    private let descriptor: Int32

    /// Exit code when another sweep holds the folder.
    public static let busyExitCode = ExitStatus.locked.code

    public init(folder: String) throws {
        self.folder = folder
        try AtomicFile.createFolder(folder)
        let path = ResultsLayout.join(folder, ResultsLayout.lockFile)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SweepError("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let holder = Self.holder(fd)
            close(fd)
            guard busy else { throw SweepError("cannot lock \(path): \(String(cString: strerror(errno)))") }
            throw SweepError("\(folder) is being written by another sweep\(holder.map { " (pid \($0))" } ?? ""); wait for it to finish, or give this one another --results folder",
                             exitCode: Self.busyExitCode)
        }
        descriptor = fd
        let pid = Data("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    deinit { close(descriptor) }

    private static func holder(_ fd: Int32) -> Int? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return Int(String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
