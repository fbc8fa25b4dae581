/// Path arithmetic that never traps. Foundation's `deletingLastPathComponent` (swift-corelibs,
/// Swift 6.3) crashes with "Illegal instruction" on a one-character relative path such as `r`
/// (`--results r`), so every parent folder is taken here instead.
public enum PathText {
    /// The folder holding `path`, as `deletingLastPathComponent` answers: `a/b` → `a`, `/a` → `/`,
    /// `a` → `` (empty: the current folder), `/` → `/`; trailing slashes are ignored.
    public static func parent(_ path: String) -> String {
        var text = Substring(path)
        while text.count > 1, text.hasSuffix("/") { text = text.dropLast() }
        guard let slash = text.lastIndex(of: "/") else { return "" }
        var folder = text[..<slash]
        while folder.count > 1, folder.hasSuffix("/") { folder = folder.dropLast() }
        return folder.isEmpty ? "/" : String(folder)
    }
}
