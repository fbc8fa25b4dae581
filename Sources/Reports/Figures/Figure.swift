/// One SVG file of `figures/` and the text the report gives it.
public struct Figure: Sendable, Equatable {
    /// File name inside `figures/`.
    public var file: String
    /// Alt text and caption.
    public var title: String
    public var svg: String
}
