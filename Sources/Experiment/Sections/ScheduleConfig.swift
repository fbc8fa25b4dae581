/// How long a run trains and how its learning rate moves.
public struct ScheduleConfig: Codable, Sendable, Hashable {
    public enum Decay: String, Codable, Sendable, CaseIterable {
        case constant, step
        case multiStep = "multi-step"
        case exponential, linear, cosine
        case oneCycle = "one-cycle"
        case plateau
    }

    public struct EarlyStopping: Codable, Sendable, Hashable {
        public var monitor: Selection
        public var patience: Int
        public var minDelta: Double
    }

    public var epochs: Int
    public var batchSize: Int
    public var warmup: Double
    public var decay: Decay
    public var gamma: Double
    public var stepSize: Int
    public var milestones: [Int]
    public var minLr: Double
    public var patience: Int
    public var earlyStopping: EarlyStopping?

    static let earlyStoppingShape = ObjectShape(doc: "Stop when the monitored metric stops improving; restore the best epoch.", [
        Field("monitor", .string(StringShape(pattern: #"^(train|validation)\.[a-z0-9_]+$"#,
                                             patternHelp: "split.metric with split train or validation")),
              default: .string(Selection.validationLoss.text), doc: "split.metric, e.g. validation.loss."),
        Field("patience", .integer(Bounds(min: 1)), default: .int(3), doc: "Epochs without improvement before stopping."),
        Field("min_delta", .number(.nonNegative), default: .number(0), doc: "Smallest change that counts as improvement."),
    ])

    static let shape = ObjectShape(doc: "How long a run trains and how its learning rate moves.", [
        Field("epochs", .integer(Bounds(min: 1)), default: .int(10), doc: "Passes over the training split."),
        Field("batch_size", .integer(Bounds(min: 1)), default: .int(32), doc: "Examples per optimizer step."),
        Field("warmup", .number(Bounds(min: 0)), default: .number(0),
              doc: "Fraction of all optimizer steps spent warming the learning rate up linearly from zero, as transformers' get_linear_schedule_with_warmup: with W warm-up steps, step s (0-based) trains at lr * s / W."),
        Field("decay", .string(StringShape(values: Decay.allCases.map(\.rawValue))), default: .string("cosine"),
              doc: "The learning-rate curve after warmup. linear and cosine follow transformers' get_linear_schedule_with_warmup and get_cosine_schedule_with_warmup: with T steps in all, step s >= W trains at lr * (1 - p) (linear) or lr * (1 + cos(pi p)) / 2 (cosine), p = (s - W) / (T - W), so the rate reaches min_lr at the end of the last step, and the last step still trains."),
        Field("gamma", .number(Bounds(above: 0, max: 1)), default: .number(0.1),
              doc: "step, multi-step, exponential (per epoch) and plateau: the factor applied."),
        Field("step_size", .integer(Bounds(min: 1)), default: .int(5), doc: "step: epochs between decays."),
        Field("milestones", .array(of: .integer(Bounds(min: 1))), default: .array([]), doc: "multi-step: epochs at which the rate decays."),
        Field("min_lr", .number(Bounds(min: 0, max: 1)), default: .number(0), doc: "linear and cosine: final rate as a fraction of the peak."),
        Field("patience", .integer(Bounds(min: 1)), default: .int(2), doc: "plateau: epochs without improvement before decaying."),
        Field("early_stopping", .nullable(.object(earlyStoppingShape)), doc: "Stop early; absent means train every epoch."),
    ])
}
