import Foundation
import TestProcess
import Testing

/// The tracking venv's interpreter (scripts/tracking-venv.sh, run by `make deps`: TensorBoard
/// 2.21 and MLflow 3.17.2). The tracking tests need it and fail, not skip, without it.
let trackingPython: String? = {
    let environment = ProcessInfo.processInfo.environment
    let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.cache")
    let venv = environment["FINETUNE_TRACKING_VENV"].flatMap { $0.isEmpty ? nil : $0 } ?? cache + "/finetune/tracking-venv"
    let python = venv + "/bin/python"
    return FileManager.default.isExecutableFile(atPath: python) ? python : nil
}()

let trackingVenvMissing: Comment = "the tracking venv is missing: run `make deps` (scripts/tracking-venv.sh)"

/// Runs one of scripts/tracking/*.py with the tracking venv and decodes its JSON output.
func trackingScript(_ name: String, _ arguments: [String]) throws -> Any {
    guard let python = trackingPython else { throw TrackingTestError("\(trackingVenvMissing)") }
    let done = try ProcessRunner.run(python, [SweepHarness.package.path + "/scripts/tracking/" + name] + arguments)
    guard done.status == 0 else { throw TrackingTestError("\(name) failed (\(done.status)): \(done.stderr.suffix(3000))") }
    return try JSONSerialization.jsonObject(with: done.stdoutData)
}

struct TrackingTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A real MLflow tracking server (SQLite store, artifacts proxied) on a free loopback port,
/// in a folder of its own; stopped and removed by ``stop()``.
final class MLflowServer: @unchecked Sendable {
    let folder: String
    let port: Int
    private var process: Process?

    var uri: String { "http://127.0.0.1:\(port)" }

    init() throws {
        guard trackingPython != nil else { throw TrackingTestError("\(trackingVenvMissing)") }
        folder = NSTemporaryDirectory() + "mlflow-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        port = Self.freePort()
        FileManager.default.createFile(atPath: folder + "/server.log", contents: nil)
        try start()
    }

    /// Starts (or restarts, on the same store and port) the server and waits until it answers.
    func start() throws {
        guard let python = trackingPython else { throw TrackingTestError("\(trackingVenvMissing)") }
        let mlflow = (python as NSString).deletingLastPathComponent + "/mlflow"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: mlflow)
        process.arguments = ["server", "--backend-store-uri", "sqlite:///\(folder)/mlflow.db", "--artifacts-destination", "\(folder)/artifacts",
                             "--host", "127.0.0.1", "--port", String(port), "--workers", "1"]
        guard let log = FileHandle(forWritingAtPath: folder + "/server.log") else {
            throw TrackingTestError("cannot write \(folder)/server.log")
        }
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        // No job runner (MLflow's GenAI jobs): nine fewer Python processes on a 2-core machine.
        var environment = ProcessInfo.processInfo.environment
        environment["MLFLOW_SERVER_ENABLE_JOB_EXECUTION"] = "false"
        process.environment = environment
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if (try? ProcessRunner.run(python, ["-c", "import urllib.request; urllib.request.urlopen('\(uri)/health', timeout=2)"]))?.status == 0 { return }
            Thread.sleep(forTimeInterval: 0.5)
        }
        throw TrackingTestError("the MLflow server did not start within 120 s: \(String(decoding: FileManager.default.contents(atPath: folder + "/server.log") ?? Data(), as: UTF8.self).suffix(2000))")
    }

    /// Stops the server and every process it started (uvicorn, the job runner and its
    /// consumers): SIGTERM to the whole tree, then SIGKILL to what is left.
    func halt() {
        guard let process else { return }
        let tree = Self.descendants(of: process.processIdentifier) + [process.processIdentifier]
        for pid in tree { kill(pid, SIGTERM) }
        let gone = SweepHarness.waitUntil(seconds: 10) { tree.allSatisfy { !SweepHarness.isAlive($0) } }
        if !gone { for pid in tree { kill(pid, SIGKILL) } }
        process.waitUntilExit()
        self.process = nil
    }

    /// Every process below `pid`, deepest first.
    static func descendants(of pid: Int32) -> [Int32] {
        SweepHarness.children(of: pid).flatMap { descendants(of: $0) + [$0] }
    }

    func stop() {
        halt()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// What the server holds of `experiments`, read by MLflow's own client.
    func read(_ experiments: [String]) throws -> [String: [[String: Any]]] {
        let object = try trackingScript("read_mlflow.py", [uri] + experiments) as? [String: Any] ?? [:]
        return object.compactMapValues { $0 as? [[String: Any]] }
    }

    /// A port nothing listens on now (bound then released).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
