import Testing
import YAML

@Suite("Node convenience accessors")
struct NodeAccessTests {
    @Test func accessorsMatchTheKind() throws {
        let root = try parse("m: {a: 1}\ns: [x]\nv: text")
        #expect(root.mapping?.count == 3)
        #expect(root.sequence == nil && root.scalar == nil)
        #expect(root["s"]?.sequence?.count == 1)
        #expect(root["m"]?["a"]?.scalar?.text == "1")
        #expect(root["v"]?.scalar?.text == "text")
        #expect(root["missing"] == nil)
        #expect(root["s"]?["a"] == nil)
    }

    @Test(arguments: [
        ("{}", "mapping"), ("[]", "sequence"), ("~", "null"), ("true", "boolean"),
        ("3", "integer"), ("3.5", "number"), ("1e-3", "number"), ("'3'", "string"), ("abc", "string"),
    ])
    func kindNameNamesTheResolvedKind(text: String, name: String) throws {
        #expect(try parse("v: \(text)")["v"]?.kindName == name)
    }
}
