import Foundation

/// Slurm's client commands (sbatch, scontrol, sacct, scancel), run as a user would run them:
/// from PATH, with the environment's SLURM_CONF. Nothing here decides anything.
public struct SlurmClient: Sendable {
    public init() {}

    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var ok: Bool { status == 0 }
    }

    /// Runs `tool arguments`; its output goes through files, so nothing can block on a full pipe.
    public func run(_ tool: String, _ arguments: [String]) throws -> Output {
        let scratch = FileManager.default.temporaryDirectory
        let tag = UUID().uuidString
        let out = scratch.appendingPathComponent("finetune-\(tool)-\(tag).out")
        let err = scratch.appendingPathComponent("finetune-\(tool)-\(tag).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        do { try process.run() } catch {
            throw SweepError("cannot run \(tool): \(error)")
        }
        process.waitUntilExit()
        let stdout = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        if process.terminationStatus == 127, stderr.contains("No such file") {
            throw SweepError("\(tool) is not on PATH: is this a Slurm login node? (scripts/slurm-local.sh start runs a one-node cluster here)")
        }
        return Output(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    /// Submits `script`; returns the job id.
    public func submit(_ script: String, arguments: [String]) throws -> String {
        let output = try run("sbatch", ["--parsable"] + arguments + [script])
        guard output.ok, let job = SlurmParse.submittedJob(output.stdout) else {
            let why = output.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            throw SweepError("sbatch refused \(script): \(why.isEmpty ? "exit code \(output.status)" : why)")
        }
        return job
    }

    /// The tasks of array job `job`: from the controller while it knows the job, else from
    /// the accounting database; nil when neither knows it.
    public func tasks(of job: String) -> [SlurmTask]? {
        if let output = try? run("scontrol", ["show", "job", "-o", job]), output.ok {
            let tasks = SlurmParse.scontrolTasks(output.stdout, job: job)
            if !tasks.isEmpty { return tasks }
        }
        if let output = try? run("sacct", ["-n", "-P", "-X", "-j", job, "-o", "JobID,State,ExitCode"]), output.ok {
            let tasks = SlurmParse.sacctTasks(output.stdout, job: job)
            if !tasks.isEmpty { return tasks }
        }
        return nil
    }

    /// Lets a job submitted with `--hold` start.
    public func release(_ job: String) throws {
        let output = try run("scontrol", ["release", job])
        if !output.ok {
            throw SweepError("scontrol release \(job) (submitted held): \(output.stderr.trimmingCharacters(in: .whitespacesAndNewlines)); release it by hand or scancel it")
        }
    }

    /// Cancels whole jobs or single tasks (`12`, `12_3`).
    public func cancel(_ jobs: [String]) throws {
        guard !jobs.isEmpty else { return }
        let output = try run("scancel", jobs)
        if !output.ok { throw SweepError("scancel \(jobs.joined(separator: " ")): \(output.stderr.trimmingCharacters(in: .whitespacesAndNewlines))") }
    }
}
