/// A `split.metric` that picks a run's best epoch, stops it early and ranks runs: parsed once,
/// when the experiment file is validated, and stored in files as its text (`validation.loss`).
public struct Selection: Sendable, Hashable, Codable, CustomStringConvertible {
    public let split: Split
    public let metric: Metric

    public init(_ split: Split, _ metric: Metric) {
        self.split = split
        self.metric = metric
    }

    /// `validation.macro_f1` → (validation, macro_f1); nil when either part is not a name.
    public init?(parsing text: String) {
        guard let (split, metric) = Self.parts(text), let s = Split(rawValue: split), let m = Metric(rawValue: metric)
        else { return nil }
        self.init(s, m)
    }

    /// The default of `evaluation.select` and `schedule.early_stopping.monitor`.
    public static let validationLoss = Selection(.validation, .loss)

    /// `validation.macro_f1` → ("validation", "macro_f1"), for checking what a user wrote.
    public static func parts(_ text: String) -> (split: String, metric: String)? {
        guard let dot = text.firstIndex(of: ".") else { return nil }
        return (String(text[..<dot]), String(text[text.index(after: dot)...]))
    }

    public var text: String { "\(split.rawValue).\(metric.rawValue)" }
    public var description: String { text }
    public var higherIsBetter: Bool { metric.higherIsBetter }

    public func value(in metrics: [String: SplitMetrics]) -> Double? {
        metrics[split]?[metric].flatMap { $0.isFinite ? $0 : nil }
    }

    public func isBetter(_ a: Double, than b: Double, by delta: Double = 0) -> Bool {
        higherIsBetter ? a > b + delta : a < b - delta
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let selection = Selection(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a split.metric: \(text)"))
        }
        self = selection
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

extension Selection {
    /// The `evaluation.select` of a resolved configuration (a run's `config`), read where only
    /// the stored value is at hand: a plan file, a run not yet started.
    public static func selected(by config: Value) -> Selection {
        config.at("evaluation.select")?.string.flatMap(Selection.init(parsing:)) ?? .validationLoss
    }
}

extension Selection: SchemaDescribed {
    /// Written as its text, `split.metric`.
    public static var jsonSchema: Value { .object(["type": .string("string")]) }
    public static var schemaPlaceholder: Any? { Selection.validationLoss }
}
