import Experiment
import Foundation
import Results

/// What one run attempt reports while it trains: a TensorBoard event file under
/// `<experiment>/tensorboard/<run name>/` and the same numbers in `runs/<id>/tracking.jsonl`,
/// which ``MLflowSync`` sends to an MLflow server.
///
/// Tracking never stops training: a file that cannot be written turns the tracker off with one
/// line in the run's log.
public final class RunTracker: @unchecked Sendable {
    private var board: TensorBoardFile?
    private var log: FileHandle?
    private let attempt: String
    private let note: (String) -> Void

    /// Opens the files of a new attempt of `spec`'s run.
    /// - Parameter note: receives the one line saying tracking is off, if it must be.
    public init(layout: ResultsLayout, spec: RunSpec, note: @escaping (String) -> Void = { _ in }) {
        self.note = note
        let now = Date()
        attempt = "\(Int(now.timeIntervalSince1970 * 1000))-\(getpid())"
        let experiment = spec.config["experiment"]?.string ?? ""
        do {
            board = try TensorBoardFile(folder: ResultsLayout.join(layout.tensorboard(experiment), Self.folderName(spec.name)), now: now)
        } catch {
            note("tracking: TensorBoard is off for this run: \(error)")
        }
        let path = ResultsLayout.join(layout.run(experiment, spec.id), ResultsLayout.trackingFile)
        try? FileManager.default.createDirectory(atPath: layout.run(experiment, spec.id), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        if let handle = FileHandle(forWritingAtPath: path) {
            _ = try? handle.seekToEnd()
            log = handle
        } else {
            note("tracking: cannot append to \(path); MLflow will not see this run")
        }
    }

    deinit { try? log?.close() }

    /// A run name as a folder name: `/` would nest folders.
    static func folderName(_ name: String) -> String { name.replacingOccurrences(of: "/", with: "_") }

    /// The run's settings: its overrides (and seed) as HParams, the whole configuration as
    /// MLflow parameters, and finetune's identity as tags.
    public func started(_ spec: RunSpec) {
        let now = Date().timeIntervalSince1970
        var hparams: [(String, TensorBoardEvent.HParam)] = spec.overrides.map { ($0.path, Self.hparam($0.value)) }
        hparams.append(("seed", .number(Double(spec.seed))))
        if let fold = spec.fold { hparams.append(("fold", .number(Double(fold)))) }
        write(TensorBoardEvent.sessionStart(hparams: hparams, group: spec.cell, startTime: now))
        var tags = ["finetune.run_id": spec.id, "finetune.name": spec.name, "finetune.cell": spec.cell,
                    "finetune.seed": String(spec.seed), "finetune.experiment": spec.config["experiment"]?.string ?? ""]
        if let fold = spec.fold { tags["finetune.fold"] = String(fold) }
        append(TrackingRecord(kind: .start, time: now, attempt: attempt, params: spec.config.flattened(), tags: tags))
    }

    /// One epoch's losses and metrics per split, the learning rate of each parameter group,
    /// and the epoch's step and data time.
    public func epoch(_ record: EpochRecord) {
        var values = Self.tags(record.metrics, prefix: "")
        for (group, lr) in record.learningRates.sorted(by: { $0.key < $1.key }) { values.append(("lr/\(group)", lr)) }
        values.append(("time/epoch_seconds", record.seconds))
        if let step = record.stepSeconds { values.append(("time/step_seconds", step)) }
        if let data = record.dataSeconds { values.append(("time/data_seconds", data)) }
        let now = Date().timeIntervalSince1970
        write(TensorBoardEvent.scalars(values.map { (tag: $0.0, value: $0.1) }, step: record.epoch, wallTime: now))
        append(TrackingRecord(kind: .epoch, time: now, attempt: attempt, step: record.epoch, metrics: Self.dotted(values)))
    }

    /// The best epoch's metrics on every recorded split (`final/<split>/<metric>`), the status
    /// (the HParams session's end), and the end line MLflow's run status follows.
    public func finished(_ result: RunResult) {
        let values = Self.tags(result.metrics, prefix: "final/")
        let now = Date().timeIntervalSince1970
        let step = max(result.epochsRun, 1)
        if !values.isEmpty { write(TensorBoardEvent.scalars(values.map { (tag: $0.0, value: $0.1) }, step: step, wallTime: now)) }
        write(TensorBoardEvent.sessionEnd(result.status == .done ? .success : .failure, endTime: now))
        append(TrackingRecord(kind: .end, time: now, attempt: attempt, step: step,
                              metrics: Self.dotted(values),
                              status: result.status.rawValue))
    }

    /// Every finite metric of every split as `<prefix><split>/<metric>`, in name order.
    private static func tags(_ metrics: [String: SplitMetrics], prefix: String) -> [(String, Double)] {
        metrics.sorted { $0.key < $1.key }.flatMap { split, values in
            values.sorted { $0.key < $1.key }.filter { $0.value.isFinite }.map { ("\(prefix)\(split)/\($0.key)", $0.value) }
        }
    }

    /// TensorBoard's tags as tracking.jsonl's dotted names (`validation/accuracy` → `validation.accuracy`).
    private static func dotted(_ values: [(String, Double)]) -> [String: Double] {
        Dictionary(values.map { ($0.0.replacingOccurrences(of: "/", with: "."), $0.1) }, uniquingKeysWith: { a, _ in a })
    }

    private static func hparam(_ value: Value) -> TensorBoardEvent.HParam {
        switch value {
        case .int(let i): .number(Double(i))
        case .number(let n): .number(n)
        case .bool(let b): .bool(b)
        case .string(let s): .string(s)
        default: .string(value.canonicalJSON)
        }
    }

    private func write(_ event: [UInt8]) {
        guard let board else { return }
        do { try board.write(event) } catch {
            note("tracking: TensorBoard is off for the rest of this run: \(board.path): \(error)")
            self.board = nil
        }
    }

    private func append(_ record: TrackingRecord) {
        guard let log else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            var line = try encoder.encode(record)
            line.append(UInt8(ascii: "\n"))
            try log.write(contentsOf: line)
        } catch {
            note("tracking: cannot append to tracking.jsonl (\(error)); MLflow will miss the rest of this run")
            self.log = nil
        }
    }
}
