/// What is measured, and which number picks the best epoch and ranks runs.
public struct EvaluationConfig: Codable, Sendable, Hashable {
    public enum Metric: String, Codable, Sendable, CaseIterable {
        case accuracy
        case macroF1 = "macro_f1"
        case microF1 = "micro_f1"
        case weightedF1 = "weighted_f1"
        case precision, recall
        case rocAuc = "roc_auc"
        case logLoss = "log_loss"
        case confusionMatrix = "confusion_matrix"
        case mse, mae, rmse, r2

        public var task: DataConfig.Task {
            switch self {
            case .mse, .mae, .rmse, .r2: return .regression
            default: return .classification
            }
        }

        /// Whether the metric is one number that can select an epoch.
        public var isScalar: Bool { self != .confusionMatrix }
    }

    public enum Baseline: String, Codable, Sendable, CaseIterable { case scratch }

    public struct Forgetting: Codable, Sendable, Hashable {
        public var source: DataConfig.Source
        public var classes: [String]?
    }

    public enum Split: String, Codable, Sendable, CaseIterable { case train, validation, test }

    public var metrics: [Metric]
    public var select: String
    public var forgetting: Forgetting?
    public var baselines: [Baseline]
    /// Splits whose metrics at the best epoch result.json records. The train split is a full
    /// pass over the training data after training (a fifth of a MiniLM bench run), so a user who
    /// does not read train-split metrics can leave it out; the split `select` names is always
    /// recorded (it is evaluated every epoch anyway).
    public var finalSplits: [Split]

    static let shape = ObjectShape(doc: "What is measured, and which number picks the best epoch and ranks runs.", [
        Field("metrics", .array(of: .string(StringShape(values: Metric.allCases.map(\.rawValue)))),
              default: .array([.string("accuracy"), .string("macro_f1")]), doc: "Metrics computed on every split (loss always is)."),
        Field("select", .string(StringShape(pattern: #"^(train|validation|test)\.[a-z0-9_]+$"#,
                                           patternHelp: "split.metric with split train, validation or test")),
              default: .string("validation.loss"), doc: "split.metric that picks the best epoch and ranks runs."),
        Field("forgetting", .nullable(.object(ObjectShape(doc: "The source task, evaluated before and after fine-tuning.", [
            Field("source", DataConfig.sourceShape, required: true, doc: "The source task's dataset."),
            Field("classes", .nullable(.array(of: .string(StringShape(acceptsNumbers: true)), minItems: 2)),
                  doc: "The source task's labels."),
        ]))), doc: "Measure what the pre-trained model forgets."),
        Field("baselines", .array(of: .string(StringShape(values: Baseline.allCases.map(\.rawValue)))), default: .array([]),
              doc: "scratch: the same architecture from random initialisation with the same budget."),
        Field("final_splits", .array(of: .string(StringShape(values: Split.allCases.map(\.rawValue))), minItems: 1),
              default: allFinalSplits,
              doc: "Splits whose metrics at the best epoch are recorded (the split of select always is). Leaving out train saves a full pass over the training data after training."),
    ])

    /// The default of `final_splits`: every split.
    static let allFinalSplits = Value.array(Split.allCases.map { .string($0.rawValue) })

    /// `validation.macro_f1` → ("validation", "macro_f1").
    public static func splitMetric(_ text: String) -> (split: String, metric: String)? {
        guard let dot = text.firstIndex(of: ".") else { return nil }
        return (String(text[..<dot]), String(text[text.index(after: dot)...]))
    }
}
