import TextSupport
import Foundation
import YAML

/// The `sweep:` section read into axes, each value still a node so that a bad value is
/// reported at its own line when the run that uses it is checked.
struct SweepSpec {
    enum Axis {
        /// One path, one value per grid step.
        case grid(path: String, values: [Node])
        /// Several paths that vary together: step i takes the i-th value of each.
        case zip(paths: [String], values: [[Node]])
        /// A path drawn at random for each sample.
        case sampled(path: String, distribution: Distribution, mark: Mark)

        var paths: [String] {
            switch self {
            case .grid(let path, _), .sampled(let path, _, _): return [path]
            case .zip(let paths, _): return paths
            }
        }

        var count: Int {
            switch self {
            case .grid(_, let values): return values.count
            case .zip(_, let values): return values.count
            case .sampled: return 1
            }
        }
    }

    enum Distribution {
        case uniform(low: Double, high: Double, integer: Bool)
        case logUniform(low: Double, high: Double, integer: Bool)
        case choice([Node])
    }

    var axes: [Axis] = []
    var samples: Int = 1
    var hasSampledAxes: Bool { axes.contains { if case .sampled = $0 { return true } else { return false } } }

    static let fixedFields = [
        Field("zip", .array(of: .any, minItems: 1), default: .array([]),
              doc: "Groups of paths that vary together: each item maps paths to lists of equal length."),
        Field("samples", .integer(Bounds(min: 1)), default: .int(1),
              doc: "Random search: configurations drawn per grid cell for the paths given as {sample: ...}."),
    ]

    /// Paths that cannot be swept: they name the experiment or shape the sweep itself.
    static let reserved: [String: String] = [
        "experiment": "an experiment has one name",
        "extends": "the base file is fixed",
        "sweep": "a sweep cannot sweep itself",
        "repeats": "repeats multiply every cell already",
        "seed": "use repeats to vary the seed",
        "description": "it is prose",
    ]

    static func read(_ node: Node, shape: ObjectShape, diagnostics: inout [Diagnostic]) -> SweepSpec {
        var spec = SweepSpec()
        if case .null? = scalarValue(node) { return spec }
        guard case .mapping(let pairs) = node.kind else {
            diagnostics.append(.error(at: node.mark, "sweep must be a mapping of dotted paths to lists of values (got \(describe(node)))"))
            return spec
        }
        var seen: [String: Mark] = [:]
        var samplesMark: Mark?
        var wroteSampledPath = false
        for pair in pairs {
            guard let key = keyText(pair.key) else {
                diagnostics.append(.error(at: pair.key.mark, "sweep keys must be dotted paths"))
                continue
            }
            switch key {
            case "samples":
                samplesMark = pair.value.mark
                if case .int(let n)? = scalarValue(pair.value), n >= 1, n <= 100_000 {
                    spec.samples = n
                } else {
                    diagnostics.append(.error(at: pair.value.mark, "sweep.samples must be an integer from 1 to 100000 (got \(describe(pair.value)))"))
                }
            case "zip":
                let groups: [Node]
                switch pair.value.kind {
                case .sequence(let items): groups = items
                case .mapping: groups = [pair.value]
                case .scalar:
                    diagnostics.append(.error(at: pair.value.mark, "sweep.zip must be a list of mappings from paths to lists of equal length"))
                    continue
                }
                for group in groups {
                    if let axis = readZip(group, shape: shape, seen: &seen, diagnostics: &diagnostics) {
                        spec.axes.append(axis)
                    }
                }
            default:
                if case .mapping = pair.value.kind { wroteSampledPath = true }
                guard checkPath(key, at: pair.key.mark, shape: shape, diagnostics: &diagnostics),
                      claim(key, at: pair.key.mark, seen: &seen, diagnostics: &diagnostics) else { continue }
                if let axis = readAxis(key, pair.value, shape: shape, diagnostics: &diagnostics) { spec.axes.append(axis) }
            }
        }
        if let samplesMark, !spec.hasSampledAxes {
            // A {sample: ...} path that was refused has its own error already.
            if !wroteSampledPath {
                diagnostics.append(.error(at: samplesMark, "sweep.samples needs at least one path given as {sample: uniform | loguniform | choice, ...}"))
            }
            spec.samples = 1  // identical copies of each cell would only repeat this error
        }
        return spec
    }

    /// Records that a path is swept; a second axis on the same path is an error.
    private static func claim(_ path: String, at mark: Mark, seen: inout [String: Mark], diagnostics: inout [Diagnostic]) -> Bool {
        if let first = seen[path] {
            diagnostics.append(Diagnostic(.error, at: mark, "sweep varies \(path) twice",
                                          notes: [.init(mark: first, message: "first varied here")]))
            return false
        }
        seen[path] = mark
        return true
    }

    /// Reports an unknown or reserved path at its key; true when the path can be swept.
    static func checkPath(_ path: String, at mark: Mark, shape: ObjectShape, diagnostics: inout [Diagnostic]) -> Bool {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if let reason = reserved[parts[0]] {
            diagnostics.append(.error(at: mark, "sweep cannot vary \(path): \(reason)"))
            return false
        }
        var current: Shape = .object(shape)
        for (index, part) in parts.enumerated() {
            guard let next = current.shape(at: [part]) else {
                let known = current.keys()
                var message = "sweep: unknown path '\(path)'"
                if let close = Suggestion.closest(to: part, in: known) {
                    // Suggest the whole corrected path when the rest of it exists (optimiser.lr → optimizer.lr).
                    let corrected = Array(parts[..<index]) + [close] + Array(parts[(index + 1)...])
                    let whole = Shape.object(shape).shape(at: corrected) != nil ? corrected : Array(parts[..<index]) + [close]
                    message += "; did you mean '\(whole.joined(separator: "."))'?"
                } else if known.isEmpty {
                    message += " (\(parts[..<index].joined(separator: ".")) has no keys below it)"
                }
                diagnostics.append(.error(at: mark, message))
                return false
            }
            current = next
        }
        return true
    }

    private static func readAxis(_ path: String, _ node: Node, shape: ObjectShape, diagnostics: inout [Diagnostic]) -> Axis? {
        switch node.kind {
        case .sequence(let values):
            guard !values.isEmpty else {
                diagnostics.append(.error(at: node.mark, "sweep \(path) needs at least one value"))
                return nil
            }
            // A repeated value is reported once here and left out of the grid, so it does not
            // come back as "runs ... resolve to the same configuration".
            return .grid(path: path, values: withoutDuplicates(values, path: path, diagnostics: &diagnostics))
        case .mapping:
            var integerPath = false
            if case .integer? = Shape.object(shape).shape(at: path.split(separator: ".").map(String.init)) { integerPath = true }
            guard let distribution = readDistribution(path, node, integerPath: integerPath, diagnostics: &diagnostics) else { return nil }
            return .sampled(path: path, distribution: distribution, mark: node.mark)
        case .scalar:
            diagnostics.append(.error(at: node.mark, "sweep \(path) must be a list of values or {sample: ...} (got \(describe(node))); write [\(scalarOf(node)?.text ?? "")] for one value"))
            return nil
        }
    }

    private static func readZip(
        _ node: Node, shape: ObjectShape, seen: inout [String: Mark], diagnostics: inout [Diagnostic]
    ) -> Axis? {
        guard case .mapping(let pairs) = node.kind, !pairs.isEmpty else {
            diagnostics.append(.error(at: node.mark, "sweep.zip items must be mappings from paths to lists of equal length"))
            return nil
        }
        var paths: [String] = []
        var columns: [[Node]] = []
        var length: (Int, String)?
        for pair in pairs {
            guard let key = keyText(pair.key),
                  checkPath(key, at: pair.key.mark, shape: shape, diagnostics: &diagnostics),
                  claim(key, at: pair.key.mark, seen: &seen, diagnostics: &diagnostics) else { return nil }
            guard case .sequence(let values) = pair.value.kind, !values.isEmpty else {
                diagnostics.append(.error(at: pair.value.mark, "sweep.zip \(key) must be a non-empty list (got \(describe(pair.value)))"))
                return nil
            }
            if let (n, first) = length, n != values.count {
                diagnostics.append(.error(at: pair.value.mark, "sweep.zip \(key) has \(values.count) values but \(first) has \(n); zipped lists must be equally long"))
                return nil
            }
            length = length ?? (values.count, key)
            paths.append(key)
            columns.append(values)
        }
        let rows = (0..<columns[0].count).map { i in columns.map { $0[i] } }
        return .zip(paths: paths, values: rows)
    }

    private static func withoutDuplicates(_ values: [Node], path: String, diagnostics: inout [Diagnostic]) -> [Node] {
        var seen: [Value: Mark] = [:]
        var unique: [Node] = []
        for node in values {
            let value = Checker.plainValue(node)
            if let first = seen[value] {
                diagnostics.append(Diagnostic(.error, at: node.mark, "sweep \(path) lists the same value twice",
                                              notes: [.init(mark: first, message: "first listed here")]))
            } else {
                seen[value] = node.mark
                unique.append(node)
            }
        }
        return unique
    }

    private static func readDistribution(_ path: String, _ node: Node, integerPath: Bool, diagnostics: inout [Diagnostic]) -> Distribution? {
        guard case .mapping(let pairs) = node.kind else { return nil }
        var fields: [String: Node] = [:]
        for pair in pairs {
            guard let key = keyText(pair.key) else { continue }
            guard ["sample", "low", "high", "values", "integer"].contains(key) else {
                diagnostics.append(.error(at: pair.key.mark, "unknown key '\(key)' in sweep \(path)\(Suggestion.hint(for: key, in: ["sample", "low", "high", "values", "integer"]))"))
                return nil
            }
            fields[key] = pair.value
        }
        let kinds = ["uniform", "loguniform", "choice"]
        guard let kindNode = fields["sample"], let kind = scalarText(kindNode), kinds.contains(kind) else {
            let written = fields["sample"].flatMap(scalarText) ?? ""
            diagnostics.append(.error(at: fields["sample"]?.mark ?? node.mark,
                                      "sweep \(path) must be a list or {sample: uniform | loguniform | choice, ...}\(written.isEmpty ? "" : " (got '\(written)')")\(Suggestion.hint(for: written, in: kinds))"))
            return nil
        }
        if kind == "choice" {
            guard let valuesNode = fields["values"], case .sequence(let values) = valuesNode.kind, !values.isEmpty else {
                diagnostics.append(.error(at: fields["values"]?.mark ?? node.mark, "sweep \(path): sample choice needs a non-empty values list"))
                return nil
            }
            return .choice(values)
        }
        func bound(_ name: String) -> Double? {
            guard let n = fields[name] else {
                diagnostics.append(.error(at: node.mark, "sweep \(path): sample \(kind) needs \(name)"))
                return nil
            }
            switch scalarValue(n) {
            case .int(let i)?: return Double(i)
            case .float(let d)? where d.isFinite: return d
            default:
                diagnostics.append(.error(at: n.mark, "sweep \(path): \(name) must be a finite number (got \(describe(n)))"))
                return nil
            }
        }
        let integer = integerPath || fields["integer"].map { scalarValue($0) == .bool(true) } ?? false
        guard let low = bound("low"), let high = bound("high") else { return nil }
        if low >= high {
            diagnostics.append(.error(at: fields["high"]!.mark, "sweep \(path): high must be greater than low (got low \(Bounds.text(low)), high \(Bounds.text(high)))"))
            return nil
        }
        if kind == "loguniform", low <= 0 {
            diagnostics.append(.error(at: fields["low"]!.mark, "sweep \(path): loguniform needs low > 0 (got \(Bounds.text(low)))"))
            return nil
        }
        if integer, low.rounded(.up) > high.rounded(.down) {
            diagnostics.append(.error(at: fields["high"]!.mark, "sweep \(path): no integer lies between low \(Bounds.text(low)) and high \(Bounds.text(high))"))
            return nil
        }
        return kind == "uniform" ? .uniform(low: low, high: high, integer: integer)
            : .logUniform(low: low, high: high, integer: integer)
    }
}
