#if canImport(Glibc)
import Glibc
#endif
import Foundation

extension Runner {
    /// Trains the run in a forked child of this process and waits for it.
    ///
    /// The child starts with libtorch already loaded and initialised by the parent, so a sweep
    /// that forks one child per run pays the engine's start-up (about a second of dynamic
    /// linking and operator registration, twice with the start-up re-exec) once, not per run,
    /// while every run still gets a fresh process: its own memory, thread pools and random state.
    /// The parent must not have run tensor operations (OpenMP's pool does not survive `fork`).
    ///
    /// - Returns: the child's exit status: 0 when the run is done, 1 when it failed or diverged,
    ///   2 when it could not write its results.
    public func runForked() throws -> Int32 {
        fflush(nil)
        let pid = fork()
        if pid < 0 { throw TrainingError("fork failed: \(String(cString: strerror(errno)))") }
        if pid == 0 {
            let status: Int32
            do { status = try run().status == .done ? 0 : 1 } catch {
                FileHandle.standardError.write(Foundation.Data("\(spec.name): \(error)\n".utf8))
                status = 2
            }
            fflush(nil)
            _exit(status)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { throw TrainingError("waitpid failed: \(String(cString: strerror(errno)))") }
        }
        // Exited normally: the low 7 bits are 0 and the exit code sits in bits 8-15.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
