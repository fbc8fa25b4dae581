import Foundation
import YAML

/// Turns an experiment file into a plan: load and merge, read the sweep, check every run's
/// resolved configuration, and name and hash each run.
public enum Planner {
    /// A sweep larger than this is refused before anything is expanded.
    public static let maxRuns = 10_000

    public struct Outcome: Sendable {
        /// nil when any error was found; nothing may run then.
        public var plan: Plan?
        /// Errors and warnings in position order.
        public var diagnostics: [Diagnostic]
    }

    /// - Parameter assets: when given, every built-in dataset and model a run names must be in
    ///   that cache (`validate`, `plan` and `sweep` pass the machine-wide one); nil skips the check.
    public static func plan(file: String, assets: AssetCheck? = nil) -> Outcome {
        let loaded = ExperimentFile.load(file)
        var diagnostics = loaded.diagnostics
        guard let root = loaded.root, case .mapping(var pairs) = root.kind else {
            return Outcome(plan: nil, diagnostics: diagnostics.ordered())
        }
        let shape = ExperimentConfig.shape
        var sweep = SweepSpec()
        var sweepMark: Mark?
        if let index = pairs.firstIndex(where: { keyText($0.key) == "sweep" }) {
            sweep = SweepSpec.read(pairs[index].value, shape: shape, diagnostics: &diagnostics)
            sweepMark = pairs[index].key.mark
            pairs.remove(at: index)
        }
        let base = Node(.mapping(pairs), mark: root.mark)
        diagnostics += replacedValues(in: base, axes: sweep.axes, shape: shape)
        let seed = plainInt(base, "seed") ?? 1
        let repeats = max(1, plainInt(base, "repeats") ?? 1)

        // k-fold CV runs every cell on every fold unless a fold is written or swept.
        let foldsWritten = node(in: base, at: ["data", "fold"]) != nil || sweep.axes.flatMap(\.paths).contains("data.fold")
        var foldCount = 1.0
        if !foldsWritten, let k = node(in: base, at: ["data", "folds"]), case .int(let n)? = scalarValue(k), n > 1 { foldCount = Double(n) }

        // Counted before anything is expanded; reported at the sweep, or at repeats without one.
        let cells = sweep.axes.reduce(1.0) { $0 * Double($1.count) } * Double(sweep.samples)
        let total = cells * Double(repeats) * foldCount
        if total > Double(maxRuns) {
            let mark = sweepMark ?? base["repeats"]?.mark ?? base.mark
            diagnostics.append(.error(at: mark, "the sweep expands to \(Int(min(total, 1e15))) runs, more than \(maxRuns); narrow the grid"))
            return Outcome(plan: nil, diagnostics: diagnostics.ordered())
        }

        var runs: [RunSpec] = []
        var ids: [String: String] = [:]
        var experimentMark: Mark?
        var pretrainedExperiments: [String: Mark] = [:]
        var random = SplitMix64(seed: UInt64(truncatingIfNeeded: seed) &+ 0x5EED)
        let labels = Labels(paths: sweep.axes.flatMap(\.paths))
        var folds: Int?
        for assignment in gridAssignments(sweep.axes) {
            for _ in 0..<sweep.samples {
                let drawn = assignment + draw(sweep.axes, shape: shape, random: &random)
                // A cell is checked once: its repeats differ only in the seed, which the sweep
                // cannot touch and no rule reads.
                var tree = base
                for (path, node) in drawn { tree = setting(tree, path.split(separator: ".").map(String.init), to: node) }
                var checker = Checker()
                checker.reportsMissingKeys = loaded.isComplete
                guard var value = checker.check(tree, .object(shape), path: "") else {
                    diagnostics += checker.diagnostics
                    continue
                }
                let valid = !checker.diagnostics.hasErrors
                value = PathResolution.resolve(value, marks: checker.marks)
                // Cross-field rules need the whole configuration, which a lost base leaves unknown.
                diagnostics += checker.diagnostics + (loaded.isComplete ? Rules.check(value, marks: checker.marks) : [])
                guard valid else { continue }
                if let assets { diagnostics += assets.diagnostics(value, marks: checker.marks) }
                value = value.removing("sweep").removing("repeats").removing("extends")
                let overrides = drawn.map { path, node in
                    Override(path: path, value: value.at(path) ?? Checker.plainValue(node), text: overrideText(node))
                }
                let cell = labels.name(overrides)
                // k-fold CV: `data.folds: K` without a written or swept `fold` runs the cell on
                // every fold, aggregated like repeats; `fold: i` keeps its meaning (one fold).
                let kFold = foldsWritten ? nil : value.at("data.folds")?.int
                if let kFold { folds = folds ?? kFold }
                // Repeat-major, fold-minor: a cell's runs are seed 1's folds, then seed 2's, ….
                let replicates = (0..<repeats).flatMap { r in (kFold.map { Array(0..<$0) as [Int?] } ?? [nil]).map { (r, $0) } }
                for (r, fold) in replicates {
                    let runSeed = seed + r
                    var config = value.setting(["seed"], to: .int(runSeed))
                    if let fold { config = config.setting(["data", "fold"], to: .int(fold)) }
                    let parts = [cell == "base" ? nil : cell, fold.map { "fold=\($0)" }, repeats > 1 ? "seed=\(runSeed)" : nil].compactMap { $0 }
                    let name = parts.isEmpty ? cell : parts.joined(separator: ",")
                    let id = RunSpec.id(of: config)
                    if let other = ids[id] {
                        diagnostics.append(.error(at: drawn.first?.1.mark ?? base.mark,
                                                  "runs \(other) and \(name) resolve to the same configuration"))
                    }
                    ids[id] = name
                    experimentMark = experimentMark ?? checker.marks["experiment"]
                    if let source = value.at("model.pretrained.experiment")?.string, pretrainedExperiments[source] == nil {
                        pretrainedExperiments[source] = checker.marks["model.pretrained.experiment"] ?? base.mark
                    }
                    runs.append(RunSpec(id: id, name: name, cell: cell, seed: runSeed, overrides: overrides, config: config, fold: fold))
                }
            }
        }
        let ordered = diagnostics.ordered()
        guard !ordered.hasErrors, let first = runs.first else { return Outcome(plan: nil, diagnostics: ordered) }
        let plan = Plan(experiment: first.config["experiment"]?.string ?? "",
                        file: file,
                        description: first.config["description"]?.string ?? "",
                        axes: sweep.axes.flatMap(\.paths),
                        repeats: repeats,
                        runs: runs,
                        zipGroups: sweep.axes.compactMap { if case .zip(let paths, _) = $0 { paths } else { nil } },
                        folds: folds,
                        experimentMark: experimentMark,
                        pretrainedExperiments: pretrainedExperiments)
        return Outcome(plan: plan, diagnostics: ordered)
    }

    // MARK: - Values a sweep replaces

    /// Checks every fixed value a sweep axis replaces, and notes that it is never used.
    ///
    /// The cells are checked with the sweep's values in place, so without this a typo such
    /// as `strategy: gradul` under a `freeze.strategy` axis would pass, while an editor reading
    /// the JSON Schema marks the same line red. The value itself never reaches a run, which
    /// the note says, so a reader does not think it is the default of the sweep.
    static func replacedValues(in base: Node, axes: [SweepSpec.Axis], shape: ObjectShape) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for path in axes.flatMap(\.paths) {
            let parts = path.split(separator: ".").map(String.init)
            guard let node = node(in: base, at: parts), let fieldShape = Shape.object(shape).shape(at: parts) else { continue }
            var checker = Checker()
            _ = checker.check(node, fieldShape, path: path)
            found += checker.diagnostics
            found.append(Diagnostic(.note, at: node.mark, "\(path) is never used: the sweep axis '\(path)' replaces it in every run"))
        }
        return found
    }

    private static func node(in tree: Node, at path: [String]) -> Node? {
        guard let head = path.first else { return tree }
        guard case .mapping(let pairs) = tree.kind, let pair = pairs.first(where: { keyText($0.key) == head }) else { return nil }
        return node(in: pair.value, at: Array(path.dropFirst()))
    }

    // MARK: - Expansion

    /// The grid's cells in file order, the first axis varying slowest.
    private static func gridAssignments(_ axes: [SweepSpec.Axis]) -> [[(String, Node)]] {
        var cells: [[(String, Node)]] = [[]]
        for axis in axes {
            let steps: [[(String, Node)]]
            switch axis {
            case .grid(let path, let values): steps = values.map { [(path, $0)] }
            case .zip(let paths, let rows): steps = rows.map { Array(zip(paths, $0)) }
            case .sampled: continue
            }
            cells = cells.flatMap { cell in steps.map { cell + $0 } }
        }
        return cells
    }

    private static func draw(_ axes: [SweepSpec.Axis], shape: ObjectShape, random: inout SplitMix64) -> [(String, Node)] {
        axes.compactMap { axis in
            guard case .sampled(let path, let distribution, let mark) = axis else { return nil }
            var integer = false
            if case .integer? = Shape.object(shape).shape(at: path.split(separator: ".").map(String.init)) { integer = true }
            let x: Double
            switch distribution {
            case .choice(let values):
                return (path, values[Int(random.next() % UInt64(values.count))])
            case .uniform(let low, let high, let wantsInteger):
                integer = integer || wantsInteger
                if integer {
                    // Computed in Double: bounds may be far beyond Int (the checker reports them).
                    let first = low.rounded(.up), last = high.rounded(.down)
                    x = min(last, first + ((last - first + 1) * random.unit()).rounded(.down))
                } else {
                    let u = random.unit()
                    x = low * (1 - u) + high * u  // no overflow when high - low is not finite
                }
            case .logUniform(let low, let high, let wantsInteger):
                integer = integer || wantsInteger
                let y = exp(log(low) + (log(high) - log(low)) * random.unit())
                x = integer ? min(high.rounded(.down), max(low.rounded(.up), y.rounded())) : y
            }
            let text = integer && abs(x) < 1e15 ? String(Int(x)) : String(format: "%.6g", x)
            return (path, Node(.scalar(Scalar(text: text, style: .plain)), mark: mark))
        }
    }

    /// The tree with the node at a dotted path replaced, creating mappings on the way.
    static func setting(_ tree: Node, _ path: [String], to node: Node) -> Node {
        guard let head = path.first else { return node }
        var pairs: [Pair] = []
        if case .mapping(let existing) = tree.kind { pairs = existing }
        if let i = pairs.firstIndex(where: { keyText($0.key) == head }) {
            pairs[i].value = setting(pairs[i].value, Array(path.dropFirst()), to: node)
        } else {
            let key = Node(.scalar(Scalar(text: head, style: .plain)), mark: node.mark)
            let empty = Node(.mapping([]), mark: node.mark)
            pairs.append(Pair(key: key, value: setting(empty, Array(path.dropFirst()), to: node)))
        }
        return Node(.mapping(pairs), mark: tree.mark)
    }

    private static func plainInt(_ tree: Node, _ key: String) -> Int? {
        guard case .mapping(let pairs) = tree.kind,
              let pair = pairs.first(where: { keyText($0.key) == key }),
              case .int(let i)? = scalarValue(pair.value) else { return nil }
        return i
    }

    private static func overrideText(_ node: Node) -> String {
        if let scalar = scalarOf(node) { return scalar.text }
        return Checker.plainValue(node).canonicalJSON
    }
}

/// Short names for swept paths: the last segment (`lr`), or its parent when the last is
/// generic (`freeze.strategy` → `freeze`), or the whole path when two would collide.
struct Labels {
    private var labels: [String: String] = [:]
    static let generic: Set<String> = ["strategy", "name", "kind", "source", "architecture"]

    init(paths: [String]) {
        func short(_ path: String) -> String {
            let parts = path.split(separator: ".").map(String.init)
            if parts.count > 1, Self.generic.contains(parts[parts.count - 1]) { return parts[parts.count - 2] }
            return parts.last ?? path
        }
        let shorts = paths.map(short)
        for (path, s) in zip(paths, shorts) {
            labels[path] = shorts.filter { $0 == s }.count > 1 ? path : s
        }
    }

    func name(_ overrides: [Override]) -> String {
        guard !overrides.isEmpty else { return "base" }
        return overrides.map { "\(labels[$0.path] ?? $0.path)=\($0.text)" }.joined(separator: ",")
    }
}

/// A tiny deterministic generator for random search, identical on every platform.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
