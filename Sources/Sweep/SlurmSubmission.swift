import AtomicFile
import Foundation
import Results

/// One `sbatch --array` the sweep made for an experiment, as kept in
/// `<results>/<experiment>/slurm/submissions.jsonl`: which run each task trains, so a later
/// sweep (or `--wait`) can tell which runs are queued or running and record how tasks ended.
public struct SlurmSubmission: Codable, Sendable, Equatable {
    /// The array's job id.
    public var job: String
    /// Task i trains runs[i] (the index file holds the same ids, one per line).
    public var runs: [String]
    public var file: String
    public var submitted: String
    /// Slurm's own output of a task: `%A` and `%a` stand for the job and task ids.
    public var output: String

    public init(job: String, runs: [String], file: String, submitted: String, output: String) {
        self.job = job
        self.runs = runs
        self.file = file
        self.submitted = submitted
        self.output = output
    }

    /// The Slurm output file of task `index`.
    public func outputFile(_ index: Int) -> String {
        output.replacingOccurrences(of: "%A", with: job).replacingOccurrences(of: "%a", with: String(index))
    }

    /// The folder of an experiment's Slurm files (scripts, index files, outputs).
    public static func folder(_ experimentFolder: String) -> String {
        ResultsLayout.join(experimentFolder, ResultsLayout.slurmFolder)
    }

    static func recordFile(_ experimentFolder: String) -> String {
        ResultsLayout.join(folder(experimentFolder), ResultsLayout.submissionsFile)
    }

    /// Every submission recorded for the experiment, oldest first; unreadable lines skipped.
    public static func all(in experimentFolder: String) -> [SlurmSubmission] {
        guard let data = FileManager.default.contents(atPath: recordFile(experimentFolder)) else { return [] }
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).compactMap {
            try? JSONDecoder().decode(SlurmSubmission.self, from: Data($0.utf8))
        }
    }

    /// Appends this submission to the experiment's record (rewritten atomically).
    public func append(in experimentFolder: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var lines = Self.all(in: experimentFolder).map { String(decoding: (try? encoder.encode($0)) ?? Data(), as: UTF8.self) }
        lines.append(String(decoding: try encoder.encode(self), as: UTF8.self))
        try AtomicFile.write(Data((lines.joined(separator: "\n") + "\n").utf8), to: Self.recordFile(experimentFolder))
    }
}
