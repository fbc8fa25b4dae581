import Experiment

/// One run the sweep will train, with what it needs to start and to wait for.
struct SweepJob {
    let plan: Plan
    let spec: RunSpec
    let store: RunStore
    /// Experiments among the sweep's files whose runs must all end before this one starts.
    let waitsFor: Set<String>

    var experiment: String { plan.experiment }
    /// The planned epochs, for progress (early stopping may end sooner).
    var epochs: Int { spec.config.at("schedule.epochs")?.int ?? 0 }
}
