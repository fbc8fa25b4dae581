import Testing
import YAML

@Suite("Limits: alias expansion and nesting depth")
struct LimitTests {
    /// Nine levels, each anchoring ten aliases of the previous one: 10^9 nodes if expanded.
    static let billionLaughs: String = {
        var lines = ["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            let aliases = Array(repeating: "*\(previous)", count: 10).joined(separator: ",")
            lines.append("\(name): &\(name) [\(aliases)]")
        }
        return lines.joined(separator: "\n")
    }()

    @Test func billionLaughsIsRefusedQuickly() throws {
        var error: YAMLError?
        let elapsed = ContinuousClock().measure { error = parseError(Self.billionLaughs) }
        let refused = try #require(error)
        #expect(refused.message.contains("aliases expand to more than 100000 nodes"))
        #expect(refused.mark.line == 5)  // level e is the first to cross 100,000
        #expect(elapsed < .seconds(1))
    }

    @Test func aliasExpansionLimitIsExact() throws {
        let limits = YAMLLimits(maxDepth: 512, maxAliasExpansion: 6)
        _ = try parse("a: &x [1, 2]\nb: *x\nc: *x", limits: limits)
        let error = try #require(parseError("a: &x [1, 2]\nb: *x\nc: *x\nd: *x", limits: limits))
        #expect(Position(error.mark) == Position(4, 4))
    }

    /// 20,000 levels of each nesting form (600 for block mappings, whose indentation
    /// grows quadratically), far past the 512 limit.
    static func deepInput(_ form: String) -> String {
        switch form {
        case "flow sequences": String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000)
        case "flow mappings": String(repeating: "{a: ", count: 20_000) + "1" + String(repeating: "}", count: 20_000)
        case "block sequences": String(repeating: "- ", count: 20_000) + "x"
        default: (0..<600).map { String(repeating: " ", count: $0) + "a:" }.joined(separator: "\n") + " 1"
        }
    }

    @Test(arguments: ["flow sequences", "flow mappings", "block sequences", "block mappings"])
    func deepNestingIsAnErrorNotACrash(form: String) throws {
        let error = try #require(parseError(Self.deepInput(form)))
        #expect(error.message.contains("nesting depth exceeds the limit of 512"))
        let expected = switch form {
        case "flow sequences": Position(1, 513)
        case "flow mappings": Position(1, 4 * 512 + 1)
        case "block sequences": Position(1, 2 * 512 + 1)
        default: Position(513, 513)
        }
        #expect(Position(error.mark) == expected)
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let text = String(repeating: "[", count: 512) + "1" + String(repeating: "]", count: 512)
        var node = try parse(text)
        var depth = 0
        while let items = node.sequence {
            depth += 1
            node = items[0]
        }
        #expect(depth == 512)
    }

    @Test func depthLimitIsExact() throws {
        let limits = YAMLLimits(maxDepth: 3)
        _ = try parse("[[[1]]]", limits: limits)
        let error = try #require(parseError("[[[[1]]]]", limits: limits))
        #expect(Position(error.mark) == Position(1, 4))
    }

    @Test func aliasCannotExceedTheDepthLimit() throws {
        let limits = YAMLLimits(maxDepth: 3)
        _ = try parse("a: &x [1]\nb: [*x]", limits: limits)
        let error = try #require(parseError("a: &x [[1]]\nb: [*x]", limits: limits))
        #expect(error.message.contains("depth"))
        #expect(Position(error.mark) == Position(2, 5))
    }
}
