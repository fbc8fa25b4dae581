import Foundation

/// One line of `runs/<id>/tracking.jsonl`: what a run reported to the trackers, kept so a
/// tracking server that is down misses nothing. The next sweep (or `finetune track`) sends the
/// lines of the run's last attempt that the server does not have yet.
public struct TrackingRecord: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case start, epoch, end }

    public var kind: Kind
    /// Unix time, seconds.
    public var time: Double
    /// Which attempt of the run: a relaunched run starts a new one, and the tracker replaces
    /// the older attempt's record.
    public var attempt: String
    /// The epoch, for `epoch` (and `end`: the last epoch run).
    public var step: Int?
    /// Dotted names (`validation.accuracy`, `lr.head`, `time.step_seconds`; `final.test.accuracy` at the end).
    public var metrics: [String: Double]?
    /// The resolved configuration flattened to dotted keys, at `start`.
    public var params: [String: String]?
    /// finetune's run id, name, cell, seed and experiment, at `start`.
    public var tags: [String: String]?
    /// The run's final status (`done`, `failed`, …), at `end`.
    public var status: String?

    enum CodingKeys: String, CodingKey { case kind = "event", time, attempt, step, metrics, params, tags, status }

    public init(kind: Kind, time: Double, attempt: String, step: Int? = nil, metrics: [String: Double]? = nil,
                params: [String: String]? = nil, tags: [String: String]? = nil, status: String? = nil) {
        self.kind = kind
        self.time = time
        self.attempt = attempt
        self.step = step
        self.metrics = metrics
        self.params = params
        self.tags = tags
        self.status = status
    }

    /// The records of a tracking.jsonl, in order; a torn last line (a process killed while
    /// writing it) and unreadable lines are skipped.
    public static func read(_ path: String) -> [TrackingRecord] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(TrackingRecord.self, from: Data($0)) }
    }

    /// The records of the last attempt (from its `start` on).
    public static func lastAttempt(_ records: [TrackingRecord]) -> [TrackingRecord] {
        guard let start = records.lastIndex(where: { $0.kind == .start }) else { return [] }
        let attempt = records[start].attempt
        return records[start...].filter { $0.attempt == attempt }
    }
}
