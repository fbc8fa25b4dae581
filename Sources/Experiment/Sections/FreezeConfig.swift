/// Which blocks train, and when frozen ones thaw.
public struct FreezeConfig: Codable, Sendable, Hashable {
    public enum Strategy: String, Codable, Sendable, CaseIterable {
        case none
        case headOnly = "head-only"
        case bottom
        case gradual
        case twoStage = "two-stage"
    }

    public var strategy: Strategy
    public var layers: Int
    public var unfreezeEvery: Int
    public var headEpochs: Int

    static let shape = ObjectShape(doc: "Which blocks train, and when frozen ones thaw.", [
        Field("strategy", .string(StringShape(values: Strategy.allCases.map(\.rawValue))), default: .string("none"),
              doc: "none: full fine-tuning; head-only: feature extraction; bottom: lowest `layers` blocks frozen; gradual: thaw one block top-down every `unfreeze_every` epochs; two-stage: head only for `head_epochs`, then everything."),
        Field("layers", .integer(.nonNegative), default: .int(1), doc: "bottom: how many of the lowest blocks stay frozen."),
        Field("unfreeze_every", .integer(Bounds(min: 1)), default: .int(1), doc: "gradual: epochs between thawing the next block."),
        Field("head_epochs", .integer(Bounds(min: 1)), default: .int(1), doc: "two-stage: epochs of head-only training first."),
    ])
}
