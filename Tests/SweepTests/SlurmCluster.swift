import Foundation
import Testing

/// A real one-node Slurm cluster for a test (scripts/slurm-local.sh), the tests' own: its own
/// folder and ports, so it never meets a cluster a user started by hand. Each test starts a
/// fresh one (whatever a killed test run left is stopped and its state removed first).
struct SlurmCluster {
    let folder: String
    /// SLURM_CONF (and the script's folder) for the processes that talk to it.
    let environment: [String: String]

    static let script = SweepHarness.package.appendingPathComponent("scripts/slurm-local.sh").path

    /// Starts it (installing Slurm and munge if missing); fails the test when it cannot.
    static func start() throws -> SlurmCluster {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("finetune-slurm-tests").path
        let environment = ["FINETUNE_SLURM_DIR": folder, "FINETUNE_SLURM_CTLD_PORT": "16917", "FINETUNE_SLURM_SLURMD_PORT": "16918",
                           "SLURM_CONF": folder + "/etc/slurm.conf", "FINETUNE_SLURM_POLL_SECONDS": "0.5"]
        let cluster = SlurmCluster(folder: folder, environment: environment)
        cluster.stop()
        try? FileManager.default.removeItem(atPath: folder)
        let started = try cluster.script("start")
        try #require(started.code == 0, "scripts/slurm-local.sh start failed:\n\(started.output)")
        return cluster
    }

    /// Cancels every job and stops the daemons.
    func stop() { _ = try? script("stop") }

    func script(_ command: String) throws -> (code: Int32, output: String) {
        try Self.command(["bash", Self.script, command], environment: environment)
    }

    /// Runs a Slurm client command (squeue, scancel, …) against this cluster.
    func client(_ arguments: [String]) throws -> (code: Int32, output: String) {
        try Self.command(arguments, environment: environment)
    }

    /// posix_spawn and waitpid, not Foundation's Process: the script's daemons outlive it, and
    /// Foundation did not always notice the script itself had ended.
    private static func command(_ arguments: [String], environment extra: [String: String]) throws -> (code: Int32, output: String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("finetune-slurm-cmd-\(UUID().uuidString)").path
        defer { unlink(output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }.map { "\($0.key)=\($0.value)" }
        let argv = (["/usr/bin/env"] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        // The test runner's threads block some signals; daemons started with that mask would
        // ignore the SIGTERM that stops them. Start with none blocked and default handlers.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw SweepHarnessError("cannot run \(arguments.joined(separator: " ")): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (code, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }
}

struct SweepHarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
