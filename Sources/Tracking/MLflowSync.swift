import Foundation
import Results

/// Sends an experiment's runs to an MLflow server from their `tracking.jsonl`, sending only
/// what the server lacks, so a sweep killed and relaunched, a server that was down, or
/// `finetune track` run twice never duplicates anything.
///
/// - One MLflow experiment per finetune experiment; one MLflow run per finetune run, found by
///   its tag `finetune.run_id`; one parent run per experiment (tag `finetune.kind` = `sweep`)
///   holding report.md and summary.json, the runs its children.
/// - The server holds the progress: each run's tag `finetune.synced` counts the records of the
///   attempt (`finetune.attempt`) it has. A newer attempt (a run trained again) replaces the
///   older attempt's MLflow run, so the metric history is one attempt's.
public struct MLflowSync: Sendable {
    public let client: MLflowClient
    public let layout: ResultsLayout

    public init(client: MLflowClient, layout: ResultsLayout) {
        self.client = client
        self.layout = layout
    }

    /// MLflow statuses of finetune's.
    static func status(_ status: RunResult.Status) -> String {
        switch status {
        case .done: "FINISHED"
        case .failed, .diverged: "FAILED"
        case .interrupted: "KILLED"
        case .running: "RUNNING"
        }
    }

    /// The MLflow experiment of `experiment`, created when missing.
    public func experimentID(_ experiment: String) throws -> String {
        if let id = try client.experimentID(named: experiment) { return id }
        do {
            return try client.createExperiment(named: experiment)
        } catch let failure as MLflowClient.Failure where failure.code == "RESOURCE_ALREADY_EXISTS" {
            // Another process created it between the two calls.
            guard let id = try client.experimentID(named: experiment) else { throw failure }
            return id
        }
    }

    /// The experiment's parent run, created when missing.
    public func parentRun(_ experiment: String, experimentID: String) throws -> (id: String, artifacts: String) {
        if let run = try client.runs(in: experimentID, tag: "finetune.kind", equals: "sweep").first, let info = run["info"] as? [String: Any],
           let id = info["run_id"] as? String {
            return (id, info["artifact_uri"] as? String ?? "")
        }
        return try client.createRun(in: experimentID, name: "\(experiment) sweep", startTime: Date().timeIntervalSince1970,
                                    tags: ["finetune.kind": "sweep", "finetune.experiment": experiment])
    }

    /// Sends what the server lacks of one run. Returns whether anything was sent.
    @discardableResult
    public func syncRun(_ id: String, experiment: String, experimentID: String, parent: String) throws -> Bool {
        let folder = layout.run(experiment, id)
        let records = TrackingRecord.lastAttempt(TrackingRecord.read(ResultsLayout.join(folder, ResultsLayout.trackingFile)))
        guard let start = records.first else { return false }
        // 1. The run of this attempt, or a new one in place of an older attempt's.
        var run: (id: String, artifacts: String)?
        var synced = 0
        var reportedStatus: String?
        for existing in try client.runs(in: experimentID, tag: "finetune.run_id", equals: id) {
            guard let info = existing["info"] as? [String: Any], let runID = info["run_id"] as? String else { continue }
            let tags = Self.tags(existing)
            if run == nil, tags["finetune.attempt"] == start.attempt {
                run = (runID, info["artifact_uri"] as? String ?? "")
                synced = Int(tags["finetune.synced"] ?? "") ?? 0
                reportedStatus = info["status"] as? String
            } else {
                try client.deleteRun(runID)
            }
        }
        if run == nil {
            var tags = start.tags ?? [:]
            tags["finetune.attempt"] = start.attempt
            tags["finetune.synced"] = "0"
            tags["mlflow.parentRunId"] = parent
            run = try client.createRun(in: experimentID, name: start.tags?["finetune.name"] ?? id, startTime: start.time, tags: tags)
        }
        guard let run else { return false }
        // 2. The records it lacks, one batch each, the count moving with the batch that sends it.
        var sent = false
        for (index, record) in records.enumerated() where index >= synced {
            let count = ["finetune.synced": String(index + 1)]
            switch record.kind {
            case .start:
                let params = (record.params ?? [:]).map { (Self.key($0.key), Self.clip($0.value, 6000)) }
                let chunks = stride(from: 0, to: params.count, by: 100).map { Array(params[$0..<min($0 + 100, params.count)]) }
                for (n, chunk) in chunks.enumerated() {
                    try client.logBatch(run: run.id, params: Dictionary(chunk, uniquingKeysWith: { a, _ in a }),
                                        tags: n == chunks.count - 1 ? count : [:])
                }
                if chunks.isEmpty { try client.logBatch(run: run.id, tags: count) }
            case .epoch, .end:
                if record.kind == .end, let status = record.status.flatMap(RunResult.Status.init(rawValue:)) {
                    // The result file and the final status go first: the count, sent last, says all of it arrived.
                    let result = ResultsLayout.join(folder, ResultsLayout.resultFile)
                    if let data = FileManager.default.contents(atPath: result) {
                        try client.uploadArtifact(data, name: ResultsLayout.resultFile, artifactURI: run.artifacts)
                    }
                    try client.updateRun(run.id, status: Self.status(status), endTime: record.time)
                }
                let metrics = (record.metrics ?? [:]).sorted { $0.key < $1.key }
                    .map { MLflowClient.Metric(key: Self.key($0.key), value: $0.value, time: record.time, step: record.step ?? 0) }
                var tags = count
                if let status = record.status { tags["finetune.status"] = status }
                try client.logBatch(run: run.id, metrics: metrics, tags: tags)
            }
            sent = true
        }
        // 3. A run that ended without its end record (killed, or interrupted): the status its
        //    result.json says, once.
        if records.last?.kind != .end, let data = FileManager.default.contents(atPath: ResultsLayout.join(folder, ResultsLayout.resultFile)),
           let result = try? RunResult.decode(data),
           result.status != .running, reportedStatus != Self.status(result.status) {
            try client.updateRun(run.id, status: Self.status(result.status), endTime: Date().timeIntervalSince1970)
            try client.logBatch(run: run.id, tags: ["finetune.status": result.status.rawValue])
            sent = true
        }
        return sent
    }

    /// The experiment's report.md and summary.json on its parent run, and the parent finished.
    public func syncReport(_ experiment: String, parent: (id: String, artifacts: String)) throws {
        let folder = layout.experiment(experiment)
        for name in [ResultsLayout.reportFile, ResultsLayout.summaryFile] {
            if let data = FileManager.default.contents(atPath: ResultsLayout.join(folder, name)) {
                try client.uploadArtifact(data, name: name, artifactURI: parent.artifacts)
            }
        }
        try client.updateRun(parent.id, status: "FINISHED", endTime: Date().timeIntervalSince1970)
    }

    /// Everything of one experiment: every run with a tracking.jsonl, then the report.
    /// Returns how many runs had something to send.
    @discardableResult
    public func syncExperiment(_ experiment: String, report: Bool = true) throws -> Int {
        let experimentID = try experimentID(experiment)
        let parent = try parentRun(experiment, experimentID: experimentID)
        let ids = ((try? FileManager.default.contentsOfDirectory(atPath: layout.runs(experiment))) ?? []).sorted()
        var count = 0
        for id in ids where try syncRun(id, experiment: experiment, experimentID: experimentID, parent: parent.id) { count += 1 }
        if report { try syncReport(experiment, parent: parent) }
        return count
    }

    static func tags(_ run: [String: Any]) -> [String: String] {
        let list = (run["data"] as? [String: Any])?["tags"] as? [[String: Any]] ?? []
        var out: [String: String] = [:]
        for tag in list { if let key = tag["key"] as? String, let value = tag["value"] as? String { out[key] = value } }
        return out
    }

    /// A metric or parameter name as MLflow accepts it: letters, digits and `_-. :/`; anything
    /// else (the parentheses of `lr.block.0 (no decay)`) becomes `_`.
    static func key(_ name: String) -> String {
        clip(String(name.map { $0.isLetter || $0.isNumber || "_-. :/".contains($0) ? $0 : "_" }), 250)
    }

    static func clip(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
