import Foundation

/// An advisory lock on a file (flock), released when the process dies, so a crashed
/// holder never leaves a stale lock behind.
public final class FileLock {
    private let descriptor: Int32
    public let path: String

    public init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw TrainingError("cannot open lock \(path): \(String(cString: strerror(errno)))") }
    }

    deinit { close(descriptor) }

    /// Waits until the lock is ours.
    public func lock() throws {
        while flock(descriptor, LOCK_EX) != 0 {
            if errno != EINTR { throw TrainingError("cannot lock \(path): \(String(cString: strerror(errno)))") }
        }
    }

    /// Takes the lock if it is free; false when another process holds it.
    public func tryLock() -> Bool { flock(descriptor, LOCK_EX | LOCK_NB) == 0 }

    public func unlock() { flock(descriptor, LOCK_UN) }
}
