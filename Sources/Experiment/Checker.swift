import TextSupport
import Foundation
import YAML

/// Walks a YAML node tree against a `Shape`, collecting every mistake as a positioned
/// diagnostic and producing the resolved value (defaults filled, numbers typed).
///
/// It never stops at the first problem: an invalid key is reported and skipped so the
/// rest of the file is still checked.
struct Checker {
    private(set) var diagnostics: [Diagnostic] = []
    /// Dotted path → position of the value written there (for cross-field rules).
    private(set) var marks: [String: Mark] = [:]
    /// False when a base file could not be merged in: a key missing here may be in that
    /// base, so "missing required key" would only repeat the `extends` error.
    var reportsMissingKeys = true

    mutating func report(_ mark: Mark?, _ message: String) {
        diagnostics.append(.error(at: mark, message))
    }

    /// Checks `node` at `path`; nil when the value is unusable (already reported).
    /// A mapping with bad keys still yields its good ones, so later rules can run.
    mutating func check(_ node: Node, _ shape: Shape, path: String) -> Value? {
        marks[path] = node.mark
        switch shape {
        case .object(let object):
            return checkObject(node, object, path: path)
        case .string(let s):
            return checkString(node, s, path: path)
        case .number(let bounds):
            return checkNumber(node, bounds, integer: false, path: path)
        case .integer(let bounds):
            return checkNumber(node, bounds, integer: true, path: path)
        case .boolean:
            if case .bool(let b) = scalarValue(node) { return .bool(b) }
            return mismatch(node, shape, path: path)
        case .array(let element, let minItems):
            guard case .sequence(let items) = node.kind else { return mismatch(node, shape, path: path) }
            if items.count < minItems {
                report(node.mark, "\(path) must have at least \(minItems) item\(minItems == 1 ? "" : "s")")
            }
            var values: [Value] = []
            var ok = true
            for (index, item) in items.enumerated() {
                if let v = check(item, element, path: "\(path)[\(index)]") { values.append(v) } else { ok = false }
            }
            return ok ? .array(values) : nil
        case .tagged(let tagged):
            return checkTagged(node, tagged, path: path)
        case .oneOf(let alternatives, _):
            return checkOneOf(node, alternatives, shape: shape, path: path)
        case .nullable(let inner):
            if case .null = scalarValue(node) { return .null }
            return check(node, inner, path: path)
        case .any:
            return Self.plainValue(node)
        case .sweep:
            // Checked by SweepExpander, which knows the whole shape.
            return .object([:])
        }
    }

    // MARK: - Mappings

    private mutating func checkObject(_ node: Node, _ object: ObjectShape, path: String) -> Value? {
        let pairs: [Pair]
        switch node.kind {
        case .mapping(let p): pairs = p
        case .scalar where scalarValue(node) == .null: pairs = []   // `freeze:` with nothing after it
        default: return mismatch(node, .object(object), path: path)
        }
        var fields: [String: Value] = [:]
        for pair in pairs {
            guard let key = keyText(pair.key) else {
                report(pair.key.mark, "\(prefix(path))keys must be strings")
                continue
            }
            let childPath = join(path, key)
            guard let field = object.field(key) else {
                let hint = Suggestion.hint(for: key, in: object.fields.map(\.name))
                report(pair.key.mark, "unknown key '\(childPath)'\(hint)")
                continue
            }
            fields[key] = check(pair.value, field.shape, path: childPath)
        }
        for field in object.fields where fields[field.name] == nil {
            if pairs.contains(where: { keyText($0.key) == field.name }) { continue }  // present but invalid
            if field.required {
                guard reportsMissingKeys else { continue }
                report(node.mark, "\(prefix(path))missing required key '\(field.name)'")
            } else if let value = field.resolvedDefault {
                fields[field.name] = value
            }
        }
        // Invalid keys are left out (not defaulted) so cross-field rules skip them
        // instead of reporting a consequence of a mistake already reported.
        return .object(fields)
    }

    private mutating func checkTagged(_ node: Node, _ tagged: TaggedShape, path: String) -> Value? {
        guard case .mapping(let pairs) = node.kind else { return mismatch(node, .tagged(tagged), path: path) }
        let tags = tagged.variants.map(\.tag)
        guard let tagPair = pairs.first(where: { keyText($0.key) == tagged.key }) else {
            report(node.mark, "\(prefix(path))missing required key '\(tagged.key)' (one of \(tags.joined(separator: ", ")))")
            return nil
        }
        guard let tag = scalarText(tagPair.value), let variant = tagged.variants.first(where: { $0.tag == tag }) else {
            let written = scalarText(tagPair.value) ?? describe(tagPair.value)
            let hint = Suggestion.hint(for: written, in: tags)
            report(tagPair.value.mark,
                   "\(join(path, tagged.key)) must be one of \(tags.joined(separator: ", ")) (got '\(written)')\(hint)")
            return nil
        }
        return checkObject(node, variant.shape, path: path)
    }

    private mutating func checkOneOf(_ node: Node, _ alternatives: [Shape], shape: Shape, path: String) -> Value? {
        switch node.kind {
        case .mapping(let pairs):
            let objects = alternatives.compactMap { alt -> ObjectShape? in
                if case .object(let o) = alt { return o } else { return nil }
            }
            let keys = Set(pairs.compactMap { keyText($0.key) })
            if let match = objects.first(where: { keys.contains($0.fields[0].name) }) {
                return checkObject(node, match, path: path)
            }
            let firstKeys = objects.map { "'\($0.fields[0].name)'" }.joined(separator: " or ")
            report(node.mark, "\(path) must be \(shape.summary); a mapping here needs the key \(firstKeys)")
            return nil
        case .scalar:
            for alternative in alternatives {
                switch alternative {
                case .string, .number, .integer, .boolean:
                    if accepts(node, alternative) { return check(node, alternative, path: path) }
                default: continue
                }
            }
            if let first = alternatives.first(where: { if case .string = $0 { return true } else { return false } }) {
                return check(node, first, path: path)
            }
            return mismatch(node, shape, path: path)
        case .sequence:
            if let list = alternatives.first(where: { if case .array = $0 { return true } else { return false } }) {
                return check(node, list, path: path)
            }
            return mismatch(node, shape, path: path)
        }
    }

    private func accepts(_ node: Node, _ shape: Shape) -> Bool {
        switch (shape, scalarValue(node)) {
        case (.string, .string): return true
        case (.number, .int), (.number, .float), (.integer, .int), (.boolean, .bool): return true
        default: return false
        }
    }

    // MARK: - Scalars

    private mutating func checkString(_ node: Node, _ shape: StringShape, path: String) -> Value? {
        guard let scalar = scalarOf(node) else { return mismatch(node, .string(shape), path: path) }
        let text: String
        switch scalar.value {
        case .string(let s): text = s
        case .int where shape.acceptsNumbers, .float where shape.acceptsNumbers: text = scalar.text
        default: return mismatch(node, .string(shape), path: path)
        }
        if let values = shape.values, !values.contains(text) {
            let hint = Suggestion.hint(for: text, in: values)
            report(node.mark, "\(path) must be one of \(values.joined(separator: ", ")) (got '\(text)')\(hint)")
            return nil
        }
        if let pattern = shape.pattern, text.range(of: pattern, options: .regularExpression) == nil {
            report(node.mark, "\(path) must be \(shape.patternHelp ?? "a string matching \(pattern)") (got '\(text)')")
            return nil
        }
        return .string(text)
    }

    private mutating func checkNumber(_ node: Node, _ bounds: Bounds, integer: Bool, path: String) -> Value? {
        let shape: Shape = integer ? .integer(bounds) : .number(bounds)
        let x: Double
        switch scalarValue(node) {
        case .int(let i): x = Double(i)
        case .float(let d): x = d
        default: return mismatch(node, shape, path: path)
        }
        let written = scalarOf(node)?.text ?? "\(x)"
        guard x.isFinite else {
            report(node.mark, "\(path) must be a finite number (got \(written))")
            return nil
        }
        if integer, x != x.rounded() || abs(x) > 1e15 {
            report(node.mark, "\(path) must be an integer (got \(written))")
            return nil
        }
        if let violation = bounds.violation(x) {
            report(node.mark, "\(path) \(violation) (got \(written))")
            return nil
        }
        return integer ? .int(Int(x)) : .number(x)
    }

    private mutating func mismatch(_ node: Node, _ shape: Shape, path: String) -> Value? {
        var message = "\(path) must be \(shape.summary) (got \(describe(node)))"
        if case .boolean = shape, let text = scalarText(node),
           ["yes", "no", "on", "off", "y", "n"].contains(text.lowercased()) {
            message += "; YAML 1.2 reads '\(text)' as a string, write true or false"
        }
        // Only when the text without its quotes would be the number asked for (`"1e-3"`, not `"fast"`).
        if let scalar = scalarOf(node), scalar.style == .singleQuoted || scalar.style == .doubleQuoted {
            switch (shape, Scalar(text: scalar.text, style: .plain).value) {
            case (.number, .int), (.number, .float), (.integer, .int):
                message += "; remove the quotes to write a number"
            default: break
            }
        }
        report(node.mark, message)
        return nil
    }

    // MARK: - Helpers

    private func prefix(_ path: String) -> String { path.isEmpty ? "" : "\(path): " }
    private func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

func scalarOf(_ node: Node) -> Scalar? {
    if case .scalar(let s) = node.kind { return s }
    return nil
}

func scalarValue(_ node: Node) -> ScalarValue? { scalarOf(node)?.value }

/// The text of a scalar that is a string (keys, tags); nil for lists, mappings and non-strings.
func scalarText(_ node: Node) -> String? {
    if case .string(let s)? = scalarValue(node) { return s }
    return nil
}

func keyText(_ node: Node) -> String? {
    guard let scalar = scalarOf(node) else { return nil }
    return scalar.text
}

/// A short description of what was written, for "(got ...)" in messages.
func describe(_ node: Node) -> String {
    switch node.kind {
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .scalar(let s):
        switch s.value {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case .int, .float: return "number \(s.text)"
        case .string(let text):
            let shown = text.count > 40 ? String(text.prefix(40)) + "..." : text
            return "string \"\(shown)\""
        }
    }
}

extension Checker {
    /// The literal meaning of a node with no shape (sweep values before their path is known).
    static func plainValue(_ node: Node) -> Value {
        switch node.kind {
        case .scalar(let s):
            switch s.value {
            case .null: return .null
            case .bool(let b): return .bool(b)
            case .int(let i): return .int(i)
            case .float(let d): return .number(d)
            case .string(let t): return .string(t)
            }
        case .sequence(let items): return .array(items.map(plainValue))
        case .mapping(let pairs):
            var fields: [String: Value] = [:]
            for pair in pairs { if let key = keyText(pair.key) { fields[key] = plainValue(pair.value) } }
            return .object(fields)
        }
    }
}
