import Foundation

/// One array task as Slurm reports it (`scontrol show job -o`, or `sacct` once the controller
/// forgot the job).
public struct SlurmTask: Sendable, Equatable {
    /// The array's job id.
    public var job: String
    /// The task's index in the array (its line in the index file).
    public var index: Int
    /// `PENDING`, `RUNNING`, `COMPLETED`, `FAILED`, `CANCELLED`, `TIMEOUT`, `OUT_OF_MEMORY`,
    /// `NODE_FAIL`, …
    public var state: String
    /// Why it waits or how it ended (`Dependency`, `DependencyNeverSatisfied`, `NonZeroExitCode`).
    public var reason: String?
    /// `exit:signal`.
    public var exitCode: String?

    public init(job: String, index: Int, state: String, reason: String? = nil, exitCode: String? = nil) {
        self.job = job
        self.index = index
        self.state = state
        self.reason = reason
        self.exitCode = exitCode
    }

    /// `JOB_INDEX`, as Slurm writes array tasks.
    public var name: String { "\(job)_\(index)" }

    /// Still waiting or running: the run belongs to this task until it ends.
    public var isActive: Bool { Self.activeStates.contains(state) }

    /// Ended well: the run's own result.json says how it went.
    public var completed: Bool { state == "COMPLETED" }

    static let activeStates: Set<String> = [
        "PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED", "REQUEUE_HOLD",
        "REQUEUE_FED", "RESIZING", "SIGNALING", "STAGE_OUT", "STOPPED", "RESV_DEL_HOLD",
    ]

    /// What a state means for a person reading a failure. `output` is the task's Slurm output:
    /// a task killed for its memory can show only as FAILED with signal 9 (Slurm 22.05 polling
    /// memory), and says so there.
    public func explanation(output: String = "") -> String {
        if state != "COMPLETED", output.localizedCaseInsensitiveContains("exceeded job memory limit")
            || output.localizedCaseInsensitiveContains("exceeded memory limit") || output.contains("oom-kill") {
            return "ran out of memory (raise --mem)"
        }
        switch state {
        case "OUT_OF_MEMORY": return "ran out of memory (raise --mem)"
        case "TIMEOUT": return "hit its time limit (raise --time)"
        case "NODE_FAIL": return "lost its node"
        case "CANCELLED":
            return reason == "DependencyNeverSatisfied" ? "was cancelled: an experiment it starts from failed" : "was cancelled"
        case "PREEMPTED": return "was preempted"
        case "BOOT_FAIL": return "its node failed to boot"
        case "DEADLINE": return "missed its deadline"
        case "FAILED": return "exited with an error"
        default: return "ended \(state)"
        }
    }
}

/// Reading what Slurm's commands print: pure functions of their text.
public enum SlurmParse {
    /// The job id `sbatch --parsable` prints (`12` or `12;cluster`).
    public static func submittedJob(_ output: String) -> String? {
        let first = output.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        let id = first.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return !id.isEmpty && id.allSatisfy(\.isNumber) ? id : nil
    }

    /// The tasks of array job `job` in `scontrol show job -o JOB` output: one line per task,
    /// or one line for a group of pending tasks (`ArrayTaskId=2-5,7`).
    public static func scontrolTasks(_ output: String, job: String) -> [SlurmTask] {
        var tasks: [SlurmTask] = []
        for line in output.split(whereSeparator: \.isNewline) {
            let fields = keyValues(String(line))
            guard fields["ArrayJobId"] == job, let ids = fields["ArrayTaskId"], let state = fields["JobState"] else { continue }
            let reason = fields["Reason"].flatMap { $0 == "None" ? nil : $0 }
            for index in indices(ids) {
                tasks.append(SlurmTask(job: job, index: index, state: state, reason: reason, exitCode: fields["ExitCode"]))
            }
        }
        return tasks
    }

    /// The tasks of `job` in `sacct -n -P -X -j JOB -o JobID,State,ExitCode` output
    /// (`12_3|CANCELLED by 0|0:15`, `12_[4-6]|PENDING|0:0`).
    public static func sacctTasks(_ output: String, job: String) -> [SlurmTask] {
        var tasks: [SlurmTask] = []
        for line in output.split(whereSeparator: \.isNewline) {
            let columns = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 3 else { continue }
            let parts = columns[0].split(separator: "_", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0] == job else { continue }
            let state = columns[1].split(separator: " ").first.map(String.init) ?? columns[1]
            let ids = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            for index in indices(ids) {
                tasks.append(SlurmTask(job: job, index: index, state: state, exitCode: columns[2]))
            }
        }
        return tasks
    }

    /// `Key=Value` words of one `scontrol -o` line.
    static func keyValues(_ line: String) -> [String: String] {
        var fields: [String: String] = [:]
        for word in line.split(separator: " ") {
            guard let equals = word.firstIndex(of: "=") else { continue }
            fields[String(word[..<equals])] = String(word[word.index(after: equals)...])
        }
        return fields
    }

    /// `3`, `2-5`, `1,3,5-7`, `0-9%2` (a throttle) → the indices.
    static func indices(_ text: String) -> [Int] {
        let list = text.split(separator: "%").first.map(String.init) ?? text
        var result: [Int] = []
        for item in list.split(separator: ",") {
            let bounds = item.split(separator: "-").compactMap { Int($0) }
            if bounds.count == 1 { result.append(bounds[0]) }
            if bounds.count == 2, bounds[0] <= bounds[1] { result += Array(bounds[0]...bounds[1]) }
        }
        return result
    }
}
