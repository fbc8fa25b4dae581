/// Bounds that keep a hostile or broken file from exhausting the stack or memory.
///
/// Experiment files are small and hand-written, so the defaults are far above anything
/// real while still refusing "billion laughs" documents and runaway nesting early.
public struct YAMLLimits: Sendable, Hashable {
    /// Deepest allowed nesting of sequences and mappings (the root collection is level 1,
    /// a scalar inside it level 2). Also applies to trees produced through aliases.
    public var maxDepth: Int
    /// Most nodes that alias expansion may produce in one document. Each use of `*name`
    /// adds the node count of the anchored subtree (including expansions inside it).
    public var maxAliasExpansion: Int

    public init(maxDepth: Int = 512, maxAliasExpansion: Int = 100_000) {
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
    }

    /// 512 levels of nesting, 100,000 nodes from alias expansion.
    public static let `default` = YAMLLimits()
}
