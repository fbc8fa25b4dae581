import Testing
import YAML

@Suite("Marks: 1-based positions of every node")
struct MarkTests {
    static let document = """
        model:
          lr: 3e-3
          name: "x"
        list:
          - a
          - {k: v}
        """

    @Test func blockMappingNodesCarryTheirStart() throws {
        let root = try parse(Self.document)
        #expect(Position(root.mark) == Position(1, 1))
        #expect(root.mark.file == testFile)
        let pairs = try #require(root.mapping)
        #expect(Position(pairs[0].key.mark) == Position(1, 1))
        #expect(Position(pairs[0].value.mark) == Position(2, 3))
        let model = try #require(pairs[0].value.mapping)
        #expect(Position(model[0].key.mark) == Position(2, 3))
        #expect(Position(model[0].value.mark) == Position(2, 7))
        #expect(Position(model[1].value.mark) == Position(3, 9))
    }

    @Test func sequenceAndFlowNodesCarryTheirStart() throws {
        let root = try parse(Self.document)
        let list = try #require(root["list"])
        #expect(Position(list.mark) == Position(5, 3))
        let items = try #require(list.sequence)
        #expect(Position(items[0].mark) == Position(5, 5))
        #expect(Position(items[1].mark) == Position(6, 5))
        let flow = try #require(items[1].mapping)
        #expect(Position(flow[0].key.mark) == Position(6, 6))
        #expect(Position(flow[0].value.mark) == Position(6, 9))
    }

    @Test func displayNameGoesIntoEveryMark() throws {
        let root = try YAMLParser.parse("a: [b]", file: "experiments/x.yaml")
        #expect(root.mark.file == "experiments/x.yaml")
        #expect(root["a"]?.sequence?.first?.mark.description == "experiments/x.yaml:1:5")
    }

    /// Columns count Unicode scalars as libyaml does: a tab, an accented letter, a CJK
    /// character and an emoji are one column each; a BOM takes none; CR LF is one break.
    @Test(arguments: [
        ("key:\tvalue", "key", Position(1, 6)),
        ("a: 1\r\nb: 2\r\n", "b", Position(2, 4)),
        ("a: 1\rb: 2\r", "b", Position(2, 4)),
        ("\u{FEFF}a: 1\nb: 2", "a", Position(1, 4)),
        ("\u{FEFF}a: 1\nb: 2", "b", Position(2, 4)),
        ("é: ü\nx: y", "é", Position(1, 4)),
        ("k: [日本, v]\nw: 1", "w", Position(2, 4)),
        ("🙂: x", "🙂", Position(1, 4)),
    ])
    func columnsCountCharacters(text: String, key: String, position: Position) throws {
        let root = try parse(text)
        let value = try #require(root[key])
        #expect(Position(value.mark) == position)
    }

    @Test func flowItemAfterWideCharactersHasCharacterColumn() throws {
        let root = try parse("k: [日本, v]")
        let items = try #require(root["k"]?.sequence)
        #expect(Position(items[1].mark) == Position(1, 9))
    }

    @Test func markDescriptionIsFileLineColumn() {
        #expect(Mark(file: "a.yaml", line: 3, column: 7).description == "a.yaml:3:7")
    }
}
