import Experiment

/// One run the sweep will train, with what it needs to start and to wait for.
public struct SweepJob: Sendable {
    public let plan: Plan
    public let spec: RunSpec
    /// Experiments among the sweep's files whose runs must all end before this one starts.
    public let waitsFor: Set<String>

    public var experiment: String { plan.experiment }
    /// The planned epochs, for progress (early stopping may end sooner).
    public var epochs: Int { spec.config.at("schedule.epochs")?.int ?? 0 }
}
