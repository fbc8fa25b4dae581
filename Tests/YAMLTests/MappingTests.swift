import Testing
import YAML

@Suite("Mappings: duplicate keys, anchors, aliases and merge keys")
struct MappingTests {
    @Test(arguments: [
        ("a: 1\nlr: 2\nb: 3\nlr: 4", Position(4, 1), "duplicate key 'lr' (first defined at line 2, column 1)"),
        ("m:\n  lr: 1\n  lr: 2", Position(3, 3), "duplicate key 'lr' (first defined at line 2, column 3)"),
        ("{a: 1, b: 2, a: 3}", Position(1, 14), "duplicate key 'a' (first defined at line 1, column 2)"),
        ("lr: 1\n'lr': 2", Position(2, 1), "duplicate key 'lr' (first defined at line 1, column 1)"),
        ("- x: 1\n  x: 2", Position(2, 3), "duplicate key 'x' (first defined at line 1, column 3)"),
    ])
    func duplicateKeyIsReportedAtSecondOccurrence(text: String, position: Position, message: String) throws {
        let error = try #require(parseError(text))
        #expect(Position(error.mark) == position)
        #expect(error.message == message)
    }

    @Test func sameKeyInDifferentMappingsIsFine() throws {
        #expect(try render(parse("a: {x: 1}\nb: {x: 2}")) == "{a: {x: 1}, b: {x: 2}}")
    }

    @Test func aliasCopiesAnchoredNodeWithItsMarks() throws {
        let root = try parse("base: &b\n  lr: 1\nrun: *b\nlist: [&s x, *s]")
        #expect(render(root) == "{base: {lr: 1}, run: {lr: 1}, list: [x, x]}")
        #expect(Position(try #require(root["run"]?["lr"]).mark) == Position(2, 7))
    }

    @Test func laterAnchorOfSameNameReplacesEarlier() throws {
        #expect(try render(parse("a: &x 1\nb: &x 2\nc: *x")) == "{a: 1, b: 2, c: 2}")
    }

    @Test(arguments: [
        ("a: *nope", Position(1, 4), "unknown alias '*nope'"),
        ("a: &x [1, *x]", Position(1, 11), "recursive aliases are not supported"),
    ])
    func badAliasIsReported(text: String, position: Position, fragment: String) throws {
        let error = try #require(parseError(text))
        #expect(Position(error.mark) == position)
        #expect(error.message.contains(fragment))
    }

    static let base = """
        base: &base
          lr: 1
          wd: 2
        other: &other
          wd: 9
          momentum: 0.9

        """

    @Test(arguments: [
        ("run:\n  <<: *base\n  lr: 3", "{wd: 2, lr: 3}"),
        ("run:\n  lr: 3\n  <<: *base", "{lr: 3, wd: 2}"),
        ("run:\n  <<: [*base, *other]", "{lr: 1, wd: 2, momentum: 0.9}"),
        ("run:\n  <<: [*other, *base]", "{wd: 9, momentum: 0.9, lr: 1}"),
        ("run:\n  <<: [*other, *base]\n  wd: 0", "{momentum: 0.9, lr: 1, wd: 0}"),
        ("run:\n  <<: {x: 1}\n  y: 2", "{x: 1, y: 2}"),
        ("run: {<<: *base, extra: true}", "{lr: 1, wd: 2, extra: true}"),
        ("run:\n  '<<': *base", "{<<: {lr: 1, wd: 2}}"),
        ("run:\n  !!merge <<: *base", "{lr: 1, wd: 2}"),
    ])
    func mergeKeysFollowTheMergeSpec(text: String, expected: String) throws {
        let run = try #require(try parse(Self.base + text)["run"])
        #expect(render(run) == expected)
    }

    @Test func mergedPairsKeepTheirOriginalMarks() throws {
        let run = try #require(try parse(Self.base + "run:\n  <<: *base\n  lr: 3")["run"])
        let pairs = try #require(run.mapping)
        #expect(pairs.map { Position($0.key.mark) } == [Position(3, 3), Position(9, 3)])
        #expect(Position(pairs[0].value.mark) == Position(3, 7))
    }

    @Test func mergeResultCanItselfBeMerged() throws {
        let text = Self.base + "mid: &mid\n  <<: *base\n  lr: 5\nrun:\n  <<: *mid\n  x: 1"
        #expect(render(try #require(try parse(text)["run"])) == "{wd: 2, lr: 5, x: 1}")
    }

    @Test(arguments: [
        ("run:\n  <<: 5", Position(2, 7), "found integer"),
        ("a: &a [1]\nrun:\n  <<: *a", Position(1, 8), "found integer"),
        ("a: &a {x: 1}\nrun:\n  <<: [*a, text]", Position(3, 12), "found string"),
        ("run:\n  <<: {x: 1}\n  <<: {y: 2}", Position(3, 3), "duplicate key '<<'"),
    ])
    func badMergeValueIsReported(text: String, position: Position, fragment: String) throws {
        let error = try #require(parseError(text))
        #expect(Position(error.mark) == position)
        #expect(error.message.contains(fragment))
    }
}
