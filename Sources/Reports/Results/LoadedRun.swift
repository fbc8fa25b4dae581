import Results

/// A planned run with whatever its folder holds.
public struct LoadedRun: Sendable {
    public var planned: PlanFile.Run
    /// The decoded result.json; nil when it is absent or unreadable.
    public var result: RunResult?
    /// Why `result` is nil (absent, or the decoding error), for the report's missing list.
    public var problem: String?
    /// history.jsonl lines that decoded; empty when the file is absent.
    public var history: [EpochRecord]

    public var id: String { planned.id }
    public var name: String { planned.name }
    public var cell: String { planned.cell }
    public var seed: Int { planned.seed }
    /// What tells the runs of a cell apart and pairs them across cells: the seed, or seed and
    /// fold with k-fold CV (runs with the same seed and fold share their data split).
    public var replicate: Int { planned.fold.map { seed &* 1_000 &+ $0 } ?? seed }

    public var status: RunStatus { result.map { RunStatus($0.status) } ?? .missing }

    /// The finished result, when the run is done: the only runs statistics use.
    public var done: RunResult? { result?.status == .done ? result : nil }

    /// The error to show for a run that did not finish.
    public var errorText: String? { result?.error ?? problem }
}
