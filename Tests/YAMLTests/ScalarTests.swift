import Testing
import YAML

@Suite("Scalars: style, tag and core-schema value")
struct ScalarTests {
    @Test(arguments: [
        ("a: plain", ScalarStyle.plain),
        ("a: 'single'", .singleQuoted),
        ("a: \"double\"", .doubleQuoted),
        ("a: |\n  literal\n", .literal),
        ("a: >\n  folded\n", .folded),
    ])
    func styleIsKept(text: String, style: ScalarStyle) throws {
        #expect(try parse(text)["a"]?.scalar?.style == style)
    }

    @Test func explicitTagIsKeptResolved() throws {
        let root = try parse("a: !!str 5\nb: 5\nc: !local x")
        #expect(root["a"]?.scalar?.tag == "tag:yaml.org,2002:str")
        #expect(root["b"]?.scalar?.tag == nil)
        #expect(root["c"]?.scalar?.tag == "!local")
    }

    static let plainValues: [(String, ScalarValue)] = [
        ("null", .null), ("Null", .null), ("NULL", .null), ("~", .null), ("", .null),
        ("nULL", .string("nULL")),
        ("true", .bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)),
        ("false", .bool(false)), ("False", .bool(false)), ("FALSE", .bool(false)),
        ("yes", .string("yes")), ("no", .string("no")), ("on", .string("on")), ("off", .string("off")),
        ("tRUE", .string("tRUE")),
        ("0", .int(0)), ("42", .int(42)), ("-17", .int(-17)), ("+5", .int(5)), ("007", .int(7)),
        ("0o17", .int(15)), ("0x1F", .int(31)), ("0xff", .int(255)),
        ("0o18", .string("0o18")), ("0xG", .string("0xG")), ("-0x1", .string("-0x1")),
        ("1_000", .string("1_000")),
        ("9223372036854775807", .int(Int.max)),
        ("9223372036854775808", .float(9223372036854775808.0)),
        ("0xFFFFFFFFFFFFFFFF", .float(18446744073709551615.0)),
        ("1e-3", .float(0.001)), ("3e-3", .float(0.003)), ("1E3", .float(1000)),
        ("1.5", .float(1.5)), ("-2.5", .float(-2.5)), ("+.5", .float(0.5)), (".5", .float(0.5)),
        ("1.", .float(1)), ("2.e2", .float(200)), ("-1.5e+2", .float(-150)),
        (".inf", .float(.infinity)), (".Inf", .float(.infinity)), ("+.INF", .float(.infinity)),
        ("-.inf", .float(-.infinity)),
        ("inf", .string("inf")), (".", .string(".")), ("1e", .string("1e")), ("e3", .string("e3")),
        ("0x1p3", .string("0x1p3")), ("1.2.3", .string("1.2.3")),
        ("digits", .string("digits")), ("validation.loss", .string("validation.loss")),
    ]

    @Test(arguments: plainValues)
    func plainScalarResolvesUnderCoreSchema(text: String, expected: ScalarValue) {
        #expect(Scalar(text: text, style: .plain).value == expected)
    }

    @Test(arguments: [".nan", ".NaN", ".NAN"])
    func nanSpellingsResolveToNaN(text: String) throws {
        guard case .float(let value) = Scalar(text: text, style: .plain).value else {
            Issue.record("\(text) did not resolve to a float")
            return
        }
        #expect(value.isNaN)
    }

    @Test(arguments: [ScalarStyle.singleQuoted, .doubleQuoted, .literal, .folded])
    func nonPlainScalarsAreStrings(style: ScalarStyle) {
        for text in ["1e-3", "true", "null", "12", ""] {
            #expect(Scalar(text: text, style: style).value == .string(text))
        }
    }

    @Test func quotingDecidesNumberOrStringInDocuments() throws {
        let root = try parse("a: 1e-3\nb: \"1e-3\"\nc: '1'\nd:\ne: yes")
        #expect(root["a"]?.scalar?.value == .float(0.001))
        #expect(root["b"]?.scalar?.value == .string("1e-3"))
        #expect(root["c"]?.scalar?.value == .string("1"))
        #expect(root["d"]?.scalar?.value == .null)
        #expect(root["e"]?.scalar?.value == .string("yes"))
    }

    static let tagged: [(String, ScalarValue)] = [
        ("!!str 5", .string("5")),
        ("!!str true", .string("true")),
        ("!!int \"12\"", .int(12)),
        ("!!int abc", .string("abc")),
        ("!!int 1.5", .string("1.5")),
        ("!!float 1", .float(1)),
        ("!!float '2.5'", .float(2.5)),
        ("!!float x", .string("x")),
        ("!!bool 'true'", .bool(true)),
        ("!!bool yes", .string("yes")),
        ("!!null ''", .null),
        ("!!null x", .string("x")),
        ("! 12", .string("12")),
        ("!custom 12", .string("12")),
    ]

    @Test(arguments: tagged)
    func explicitTagForcesType(text: String, expected: ScalarValue) throws {
        #expect(try parse("a: \(text)")["a"]?.scalar?.value == expected)
    }
}
