/// Builds the node tree from parse events without recursion, so nesting depth costs heap
/// (an explicit stack) rather than call stack, and is checked against `YAMLLimits`.
///
/// Aliases copy the anchored node (marks included, so a diagnostic points at the text
/// that defined the value). Copies share storage, and each one adds the anchored subtree's
/// node count to a running total that must stay within `maxAliasExpansion`.
struct TreeBuilder {
    /// A finished node with the facts the limits need.
    struct Built {
        var node: Node
        /// Nodes in the subtree, the node itself included.
        var count: Int
        /// Collection levels in the subtree: 0 for a scalar, 1 for a flat collection.
        var height: Int
    }

    /// A sequence or mapping whose end event has not arrived yet.
    private struct Frame {
        var isMapping: Bool
        var mark: Mark
        var anchor: String?
        var items: [Node] = []
        var mapping = MappingBuilder()
        var count = 1
        var height = 1
    }

    private let limits: YAMLLimits
    private var stack: [Frame] = []
    private var anchors: [String: Built] = [:]
    private var expandedNodes = 0
    /// The document's root once its last event has been handled.
    private(set) var root: Built?

    init(limits: YAMLLimits) {
        self.limits = limits
    }

    /// Consumes one node event (scalar, alias, collection start or end).
    mutating func handle(_ event: Event, at mark: Mark) throws(YAMLError) {
        switch event {
        case .scalar(let scalar, let anchor):
            try attach(Built(node: Node(.scalar(scalar), mark: mark), count: 1, height: 0), anchor: anchor)
        case .alias(let name):
            try attach(try expand(name, at: mark), anchor: nil)
        case .sequenceStart(let anchor):
            try open(isMapping: false, anchor: anchor, at: mark)
        case .mappingStart(let anchor):
            try open(isMapping: true, anchor: anchor, at: mark)
        case .sequenceEnd, .mappingEnd:
            let frame = stack.removeLast()
            let kind: Node.Kind = frame.isMapping ? .mapping(frame.mapping.finish()) : .sequence(frame.items)
            try attach(Built(node: Node(kind, mark: frame.mark), count: frame.count, height: frame.height),
                       anchor: frame.anchor)
        case .streamStart, .streamEnd, .documentStart, .documentEnd:
            break
        }
    }

    private mutating func open(isMapping: Bool, anchor: String?, at mark: Mark) throws(YAMLError) {
        guard stack.count < limits.maxDepth else {
            throw YAMLError(mark: mark, message: "nesting depth exceeds the limit of \(limits.maxDepth) levels")
        }
        stack.append(Frame(isMapping: isMapping, mark: mark, anchor: anchor))
    }

    private mutating func expand(_ name: String, at mark: Mark) throws(YAMLError) -> Built {
        guard let target = anchors[name] else {
            if stack.contains(where: { $0.anchor == name }) {
                throw YAMLError(mark: mark, message: "alias '*\(name)' refers to a node that contains it; recursive aliases are not supported")
            }
            throw YAMLError(mark: mark, message: "unknown alias '*\(name)' (no anchor '&\(name)' defined before it)")
        }
        expandedNodes += target.count
        guard expandedNodes <= limits.maxAliasExpansion else {
            throw YAMLError(
                mark: mark,
                message: "aliases expand to more than \(limits.maxAliasExpansion) nodes; refusing a document that grows this much (a 'billion laughs' pattern?)")
        }
        guard stack.count + target.height <= limits.maxDepth else {
            throw YAMLError(mark: mark, message: "alias '*\(name)' makes the nesting depth exceed the limit of \(limits.maxDepth) levels")
        }
        return target
    }

    /// Records an anchor and hands the node to the enclosing collection (or makes it the root).
    private mutating func attach(_ built: Built, anchor: String?) throws(YAMLError) {
        if let anchor { anchors[anchor] = built }
        guard !stack.isEmpty else {
            root = built
            return
        }
        let top = stack.count - 1
        stack[top].count += built.count
        stack[top].height = max(stack[top].height, built.height + 1)
        if stack[top].isMapping {
            try stack[top].mapping.add(built.node)
        } else {
            stack[top].items.append(built.node)
        }
    }
}
