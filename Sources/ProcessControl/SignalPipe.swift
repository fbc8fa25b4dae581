import Foundation

/// The write end of the self-pipe: the only thing the signal handler touches.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// Turns SIGINT, SIGTERM and SIGCHLD into bytes on a pipe a single-threaded loop polls.
///
/// The handler only writes one byte (the signal number), which is async-signal-safe; all
/// the work — forwarding to children, writing results — happens in the loop.
public final class SignalPipe {
    private let readEnd: Int32
    private let writeEnd: Int32
    private let signals: [Int32]

    public init(signals: [Int32] = [SIGINT, SIGTERM, SIGCHLD]) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw ProcessError("cannot create a pipe: \(String(cString: strerror(errno)))") }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readEnd = fds[0]
        writeEnd = fds[1]
        self.signals = signals
        signalPipeWriteEnd = writeEnd
        // A launcher may have blocked them (the mask is inherited); they must reach us.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for s in signals { sigaddset(&unblock, s) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for s in signals {
            // glibc's signal() installs with SA_RESTART and keeps the handler installed.
            _ = signal(s) { number in
                let saved = errno
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipeWriteEnd, &byte, 1)
                errno = saved
            }
        }
    }

    /// Restores the default dispositions and closes the pipe.
    deinit {
        for s in signals { _ = signal(s, SIG_DFL) }
        signalPipeWriteEnd = -1
        close(readEnd)
        close(writeEnd)
    }

    /// Waits up to `milliseconds` for a signal, or for one of `descriptors` to be readable
    /// (or closed); returns the signals that arrived.
    public func wait(milliseconds: Int32, orReadable descriptors: [Int32] = []) -> [Int32] {
        var set = [pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)]
            + descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        _ = poll(&set, nfds_t(set.count), milliseconds)
        var received: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(readEnd, &buffer, buffer.count)
            guard count > 0 else { break }
            received += buffer[0..<count].map { Int32($0) }
        }
        return received
    }
}
