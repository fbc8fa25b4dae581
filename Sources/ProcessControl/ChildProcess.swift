import CProcessControl
import Foundation

/// A run's child process: forked from the engine's worker, which has libtorch loaded but has
/// run no tensor operation, so the child starts training at once instead of paying the
/// engine's start-up (about a second of CPU) again. Each run still gets a process of its own —
/// its memory, thread pools and random state — so a crash or a kill ends only that run.
///
/// The child's output goes to the run's log; it sits in its own process group (a terminal's
/// Ctrl-C reaches only the sweep, which decides how children stop), with default signal
/// dispositions, and dies with its parent (Linux PR_SET_PDEATHSIG).
public struct ChildProcess: Sendable {
    public let pid: pid_t

    public init(pid: pid_t) { self.pid = pid }

    public enum Termination: Equatable, Sendable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)

        public var description: String {
            switch self {
            case .exited(let code): return "exit code \(code)"
            case .signaled(let signal): return "killed by signal \(signal) (\(signalName(signal)))"
            }
        }
    }

    /// Forks a child that runs `body` and exits with the status it returns; stdout and stderr
    /// go to `log` (truncated: a rerun's log replaces the last attempt's), stdin reads nothing.
    ///
    /// The caller must be single-threaded: only the forking thread exists in the child.
    public static func fork(log: String, body: () -> Int32) throws -> ChildProcess {
        let output = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw ProcessError("cannot open \(log): \(String(cString: strerror(errno)))") }
        defer { close(output) }
        let parent = getpid()
        fflush(nil)  // nothing buffered in the sweep may be written twice
        let pid = Glibc.fork()
        if pid < 0 { throw ProcessError("cannot start a child process: \(String(cString: strerror(errno)))") }
        if pid == 0 {
            becomeChild(of: parent, output: output)
            let status = body()
            fflush(nil)
            _exit(status)  // no atexit handlers or static destructors of the sweep's libraries
        }
        // Both sides set the group, so a signal to it right after fork cannot miss the child.
        _ = setpgid(pid, pid)
        return ChildProcess(pid: pid)
    }

    /// What `posix_spawn` and `exec` would have given the child: its own group, default
    /// signals, the log as output, and none of the sweep's close-on-exec descriptors (the
    /// signal pipe, the results-folder locks, the logs it follows).
    private static func becomeChild(of parent: pid_t, output: Int32) {
        _ = setpgid(0, 0)
        if finetune_die_with_parent(SIGKILL, parent) == 1 { _exit(137) }  // the sweep is already gone
        for signal in [SIGINT, SIGTERM, SIGCHLD, SIGPIPE, SIGHUP] { _ = Glibc.signal(signal, SIG_DFL) }
        var empty = sigset_t()
        sigemptyset(&empty)
        pthread_sigmask(SIG_SETMASK, &empty, nil)
        let input = open("/dev/null", O_RDONLY)
        if input >= 0 { _ = dup2(input, 0); if input != 0 { close(input) } }
        _ = dup2(output, 1)
        _ = dup2(output, 2)
        closeCloseOnExecDescriptors()
    }

    private static func closeCloseOnExecDescriptors() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for fd in names.compactMap(Int32.init) where fd > 2 {
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0, flags & FD_CLOEXEC != 0 { close(fd) }
        }
    }

    /// Sends `signal` to the child's process group (the child and anything it started).
    public func send(_ signal: Int32) {
        if kill(-pid, signal) != 0 { _ = kill(pid, signal) }
    }

    /// How the child ended, or nil while it runs. Reaps it.
    public func poll() -> Termination? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else {
            // ECHILD: already reaped or never ours; report it as gone rather than wait forever.
            if result < 0, errno == ECHILD { return .exited(-1) }
            return nil
        }
        // WIFEXITED / WTERMSIG are C macros; the encoding is fixed on Linux.
        let low = status & 0x7f
        if low == 0 { return .exited((status >> 8) & 0xff) }
        return .signaled(low)
    }
}

/// The conventional name of a signal, for messages.
public func signalName(_ signal: Int32) -> String {
    switch signal {
    case SIGKILL: return "SIGKILL"
    case SIGTERM: return "SIGTERM"
    case SIGINT: return "SIGINT"
    case SIGSEGV: return "SIGSEGV"
    case SIGABRT: return "SIGABRT"
    case SIGBUS: return "SIGBUS"
    case SIGILL: return "SIGILL"
    case SIGFPE: return "SIGFPE"
    case SIGTRAP: return "SIGTRAP"
    case SIGPIPE: return "SIGPIPE"
    case SIGHUP: return "SIGHUP"
    default: return "signal \(signal)"
    }
}
