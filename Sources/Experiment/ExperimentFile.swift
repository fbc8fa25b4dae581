import Foundation
import YAML
import PathText

/// Reads an experiment file and the chain of files it `extends`, merged into one node tree
/// whose every node still points into the file that wrote it.
public struct ExperimentFile: Sendable {
    /// The merged document; nil when the file could not be read or parsed.
    public var root: Node?
    public var diagnostics: [Diagnostic]
    /// The files read, this one first, then its bases.
    public var files: [String]
    /// False when a base named by `extends` could not be read (missing, unparsable, a cycle):
    /// the merged document then lacks whatever that base would have given.
    public var isComplete: Bool

    /// Longest `extends` chain accepted, so a deep chain cannot exhaust the stack.
    public static let maxExtendsDepth = 32

    /// - Parameter path: the file as the user named it; diagnostics use this spelling.
    public static func load(_ path: String) -> ExperimentFile {
        var loader = Loader()
        let root = loader.load(path, chain: [], extendsMark: nil)
        return ExperimentFile(root: root, diagnostics: loader.diagnostics, files: loader.files,
                              isComplete: !loader.lostBase)
    }

    private struct Loader {
        var diagnostics: [Diagnostic] = []
        var files: [String] = []
        /// Set when some base could not be merged in.
        var lostBase = false

        mutating func load(_ path: String, chain: [String], extendsMark: Mark?) -> Node? {
            let canonical = URL(fileURLWithPath: path).standardizedFileURL.path
            if let start = chain.firstIndex(of: canonical) {
                let cycle = (chain[start...] + [canonical]).map { URL(fileURLWithPath: $0).lastPathComponent }
                diagnostics.append(.error(at: extendsMark, "extends cycle: \(cycle.joined(separator: " -> "))"))
                return nil
            }
            if chain.count >= ExperimentFile.maxExtendsDepth {
                diagnostics.append(.error(at: extendsMark, "extends chain is deeper than \(ExperimentFile.maxExtendsDepth) files"))
                return nil
            }
            files.append(path)
            let node: Node
            do {
                node = try YAMLParser.parse(contentsOf: path)
            } catch {
                var diagnostic = Diagnostic.error(at: error.mark, error.message)
                if let extendsMark {
                    diagnostic.notes.append(.init(mark: extendsMark, message: "included from here"))
                }
                diagnostics.append(diagnostic)
                return nil
            }
            guard case .mapping(var pairs) = node.kind else {
                diagnostics.append(.error(at: node.mark, "an experiment file must be a mapping of keys to values (got \(describe(node)))"))
                return nil
            }
            guard let index = pairs.firstIndex(where: { keyText($0.key) == "extends" }) else { return node }
            let extendsNode = pairs[index].value
            pairs.remove(at: index)
            let here = Node(.mapping(pairs), mark: node.mark)
            if case .null? = scalarValue(extendsNode) { return here }
            guard let relative = scalarText(extendsNode), !relative.isEmpty else {
                diagnostics.append(.error(at: extendsNode.mark, "extends must be a path to a base file (got \(describe(extendsNode)))"))
                lostBase = true
                return here
            }
            let basePath = relative.hasPrefix("/") ? relative
                : (PathText.parent(path) as NSString).appendingPathComponent(relative)
            let display = (basePath as NSString).standardizingPath
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: display, isDirectory: &isFolder) else {
                diagnostics.append(.error(at: extendsNode.mark, "extends: no such file '\(display)'"))
                lostBase = true
                return here
            }
            // A folder has no position of its own to point at: the mistake is the extends value.
            guard !isFolder.boolValue else {
                diagnostics.append(.error(at: extendsNode.mark, "extends: '\(display)' is a folder, not a base file"))
                lostBase = true
                return here
            }
            guard let base = load(display, chain: chain + [canonical], extendsMark: extendsNode.mark) else {
                lostBase = true
                return here
            }
            return merge(base, here)
        }
    }

    /// Deep merge: mappings merge key by key, anything else (lists included) is replaced.
    static func merge(_ base: Node, _ over: Node) -> Node {
        guard case .mapping(let basePairs) = base.kind, case .mapping(let overPairs) = over.kind else { return over }
        var result = basePairs
        for pair in overPairs {
            if let i = result.firstIndex(where: { keyText($0.key) == keyText(pair.key) }) {
                result[i] = Pair(key: pair.key, value: merge(result[i].value, pair.value))
            } else {
                result.append(pair)
            }
        }
        return Node(.mapping(result), mark: over.mark)
    }
}
