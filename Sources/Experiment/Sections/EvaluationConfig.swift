/// What is measured, and which number picks the best epoch and ranks runs.
public struct EvaluationConfig: Codable, Sendable, Hashable {
    /// How the report adjusts p-values for the number of comparisons in a family.
    public enum Correction: String, Codable, Sendable, CaseIterable {
        /// Holm–Bonferroni within each family of claims.
        case holm
        /// Each comparison at 5% on its own.
        case none
    }

    public enum Baseline: String, Codable, Sendable, CaseIterable { case scratch }

    public struct Forgetting: Codable, Sendable, Hashable {
        public var source: DataConfig.Source
        public var classes: [String]?
    }

    public var metrics: [Metric]
    public var select: Selection
    public var forgetting: Forgetting?
    public var baselines: [Baseline]
    /// Splits whose metrics at the best epoch result.json records. The train split is a full
    /// pass over the training data after training (a fifth of a MiniLM bench run), so a user who
    /// does not read train-split metrics can leave it out; the split `select` names is always
    /// recorded (it is evaluated every epoch anyway).
    public var finalSplits: [Split]
    /// Nil in configurations written before the field existed: holm.
    public var correction: Correction?

    static let shape = ObjectShape(doc: "What is measured, and which number picks the best epoch and ranks runs.", [
        Field("metrics", .array(of: .string(StringShape(values: Metric.listable.map(\.rawValue)))),
              default: .array([.string("accuracy"), .string("macro_f1")]), doc: "Metrics computed on every split (loss always is)."),
        Field("select", .string(StringShape(pattern: #"^(train|validation|test)\.[a-z0-9_]+$"#,
                                           patternHelp: "split.metric with split train, validation or test")),
              default: .string(Selection.validationLoss.text), doc: "split.metric that picks the best epoch and ranks runs."),
        Field("forgetting", .nullable(.object(ObjectShape(doc: "The source task, evaluated before and after fine-tuning.", [
            Field("source", DataConfig.sourceShape, required: true, doc: "The source task's dataset."),
            Field("classes", .nullable(.array(of: .string(StringShape(acceptsNumbers: true)), minItems: 2)),
                  doc: "The source task's labels."),
        ]))), doc: "Measure what the pre-trained model forgets."),
        Field("baselines", .array(of: .string(StringShape(values: Baseline.allCases.map(\.rawValue)))), default: .array([]),
              doc: "scratch: the same architecture from random initialisation with the same budget."),
        Field("correction", .string(StringShape(values: Correction.allCases.map(\.rawValue))), default: .string("holm"),
              doc: "holm: the report adjusts the p-values of each family of comparisons (top cell against the others, fine-tuned against scratch, each axis, the trade-offs) by Holm–Bonferroni, so a family calls a false difference at most 5% of the time; none: each comparison at 5% on its own. Changes the report only, never a run."),
        Field("final_splits", .array(of: .string(StringShape(values: Split.allCases.map(\.rawValue))), minItems: 1),
              default: allFinalSplits,
              doc: "Splits whose metrics at the best epoch are recorded (the split of select always is). Leaving out train saves a full pass over the training data after training."),
    ])

    /// The default of `final_splits`: every split.
    static let allFinalSplits = Value.array(Split.allCases.map { .string($0.rawValue) })
}
