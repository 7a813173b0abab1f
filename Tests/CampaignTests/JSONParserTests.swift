@testable import Campaign
import Testing

/// The located JSON parser for files people write: values, nesting,
/// escapes, numbers, and errors that name line and column.
@Suite struct JSONParserTests {
    static let file = "f.json"

    func parse(_ text: String) throws -> JSONNode {
        try JSONParser.parse(bytes: Array(text.utf8), file: Self.file)
    }

    func at(_ line: Int, _ column: Int) -> Campaign.SourceLocation {
        Campaign.SourceLocation(file: Self.file, line: line, column: column)
    }

    // MARK: - Values

    @Test func readsEveryKindOfValue() throws {
        #expect(try parse("null").isNull)
        #expect(try parse(" true ").kindName == "a boolean")
        #expect(try parse("\"text\"").string == "text")
        #expect(try parse("[]").array?.isEmpty == true)
        #expect(try parse("{}").members?.isEmpty == true)
        let root = try parse("{\"a\": [1, \"two\", null, false, {\"b\": true}], \"c\": {}}")
        #expect(root.members?.map(\.key) == ["a", "c"], "members in file order")
        let elements = try #require(root["a"]?.array)
        #expect(elements.map(\.kindName) == ["a number", "a string", "null", "a boolean", "an object"])
        #expect(elements[4]["b"]?.quoted == "true")
        #expect(root["missing"] == nil && elements[0]["b"] == nil)
    }

    @Test func everyValueKnowsWhereItBegins() throws {
        let root = try parse("{\n  \"name\": \"Ana\",\r\n\t\"list\": [1,\r  {\"x\": null}]\n}")
        #expect(root.location == at(1, 1))
        #expect(root["name"]?.location == at(2, 11))
        #expect(root["list"]?.location == at(3, 10))
        #expect(root["list"]?.array?[1].location == at(4, 3))
        #expect(root["list"]?.array?[1]["x"]?.location == at(4, 9))
    }

    @Test(arguments: [
        ("0", 0.0), ("-0", -0.0), ("42", 42.0), ("-7", -7.0), ("1.5", 1.5), ("1.50", 1.5), ("2e3", 2000.0), ("2E+3", 2000.0),
        ("25e-1", 2.5), ("12345678901234567890", 12345678901234567890.0), ("1e308", 1e308), ("5e-324", .leastNonzeroMagnitude), ("1e-400", 0.0),
    ])
    func readsNumbersKeepingTheirText(_ text: String, _ value: Double) throws {
        let node = try parse(text)
        #expect(node.number == value)
        #expect(node.number?.sign == value.sign)
        #expect(node.quoted == text)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try parse(#""\"\\\/\b\f\n\r\t""#).string == "\"\\/\u{08}\u{0C}\n\r\t")
        #expect(try parse(#""Jos\u00e9 \u00F1""#).string == "José ñ")
        #expect(try parse(#""\ud83d\ude00 \uD83C\uDDFA\uD83C\uDDF8""#).string == "😀 🇺🇸")
        #expect(try parse(#""\u0000""#).string == "\u{0}")
        // Text beyond ASCII is kept scalar for scalar: a decomposed é stays decomposed.
        let decomposed = try #require(try parse("\"e\u{301} Zoë\"").string)
        #expect(Array(decomposed.unicodeScalars) == Array("e\u{301} Zoë".unicodeScalars))
    }

    @Test func readsAFileWithAByteOrderMark() throws {
        #expect(try JSONParser.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("[1]".utf8), file: Self.file).array?.count == 1)
    }

    @Test func acceptsNestingUpToTheLimit() throws {
        let depth = 512
        let root = try parse(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        var node = root
        var levels = 1
        while let inner = node.array?.first {
            node = inner
            levels += 1
        }
        #expect(levels == depth)
    }

    // MARK: - Errors

    @Test(arguments: [
        ("", "unexpected end of file; a JSON value was expected", 1, 1),
        ("   \n", "unexpected end of file; a JSON value was expected", 2, 1),
        ("[1, 2,]", "unexpected character ']'; a JSON value was expected", 1, 7),
        ("{a: 1}", "expected a member name in double quotes", 1, 2),
        ("{\"a\": 1,}", "expected a member name in double quotes", 1, 9),
        ("{\"a\" 1}", "expected ':' after the member name \"a\"", 1, 6),
        ("{\"a\": 1 \"b\": 2}", "expected ',' or '}' in an object", 1, 9),
        ("[1 2]", "expected ',' or ']' in an array", 1, 4),
        ("[1", "expected ',' or ']' in an array", 1, 3),
        ("tru", "invalid literal; expected 'true'", 1, 4),
        ("nul1", "invalid literal; expected 'null'", 1, 4),
        ("[1]]", "unexpected text after the JSON value", 1, 4),
        ("{} {}", "unexpected text after the JSON value", 1, 4),
        ("01", "unexpected text after the JSON value", 1, 2),
        ("+1", "unexpected character '+'; a JSON value was expected", 1, 1),
        (".5", "unexpected character '.'; a JSON value was expected", 1, 1),
        ("-", "invalid number", 1, 2),
        ("-a", "invalid number", 1, 2),
        ("1.", "invalid number: digits must follow '.'", 1, 3),
        ("1.e5", "invalid number: digits must follow '.'", 1, 3),
        ("1e+", "invalid number: digits must follow the exponent", 1, 4),
        ("[0, 1e400]", "number 1e400 is out of range", 1, 5),
        ("[-1e999]", "number -1e999 is out of range", 1, 2),
        // Strings
        ("\"abc", "a string is never closed", 1, 5),
        ("\"a\nb\"", "a string is not closed before the end of the line", 1, 3),
        ("\"a\r\nb\"", "a string is not closed before the end of the line", 1, 3),
        ("\"a\rb\"", "a string is not closed before the end of the line", 1, 3),
        ("\"a\u{1}b\"", "control character U+0001 inside a string must be escaped", 1, 3),
        ("\"a\tb\"", "control character U+0009 inside a string must be escaped", 1, 3),
        ("\"\\x\"", "invalid escape '\\x' in a string", 1, 3),
        ("\"\\", "a string is never closed", 1, 3),
        ("\"\\u12\"", "\\u must be followed by four hexadecimal digits", 1, 4),
        ("\"\\u12", "\\u must be followed by four hexadecimal digits", 1, 4),
        ("\"\\u+041\"", "\\u must be followed by four hexadecimal digits", 1, 4),
        ("\"\\u-000\"", "\\u must be followed by four hexadecimal digits", 1, 4),
        ("\"\\u 041\"", "\\u must be followed by four hexadecimal digits", 1, 4),
        ("\"\\ud83d\"", "a high surrogate \\u escape must be followed by a low surrogate", 1, 8),
        ("\"\\ud83d\\n\"", "a high surrogate \\u escape must be followed by a low surrogate", 1, 8),
        ("\"\\ud83d\\u0041\"", "invalid surrogate pair in a \\u escape", 1, 14),
        ("\"\\ude00\"", "a lone low surrogate in a \\u escape", 1, 8),
    ])
    func errorsNameTheirPlace(_ text: String, _ message: String, _ line: Int, _ column: Int) {
        #expect(throws: InputError(message, at: at(line, column))) { try parse(text) }
    }

    /// A name given twice in one object would leave the file's meaning to
    /// whichever reader: it is an error, naming both places, as in TOML.
    @Test func aMemberGivenTwiceInOneObjectIsAnError() throws {
        #expect(throws: InputError("member \"name\" is given twice (first at 2:3)", at: at(3, 3))) {
            try parse("{\n  \"name\": \"A\",\n  \"name\": \"B\"\n}")
        }
        #expect(throws: InputError("member \"é\" is given twice (first at 1:2)", at: at(1, 10))) {
            try parse("{\"é\": 1, \"e\u{301}\": 2}")
        }
        // The same name in different objects is fine.
        #expect(try parse("[{\"a\": 1}, {\"a\": 2, \"b\": {\"a\": 3}}]").array?.count == 2)
    }

    @Test func errorsOnLaterLinesCountLinesAsEditorsDo() {
        #expect(throws: InputError("unexpected character ','; a JSON value was expected", at: at(3, 5))) {
            try parse("{\r\n  \"a\": [1,\r\n  2,,]\r\n}")
        }
        #expect(throws: InputError("invalid literal; expected 'true'", at: at(3, 15))) {
            try parse("{\r  \"areas\": [],\r  \"posts\": tru\r}\r")
        }
    }

    /// Columns count characters: a letter with combining marks is one
    /// column, before the error in the same string as in earlier strings.
    @Test func columnsCountCharactersInsideTheStringWithTheError() {
        #expect(throws: InputError("invalid escape '\\x' in a string", at: at(1, 4))) { try parse("\"e\u{301}\u{301}\\x\"") }
        #expect(throws: InputError("a string is never closed", at: at(1, 4))) { try parse("\"\u{1F1FA}\u{1F1F8}x") }
        #expect(throws: InputError("expected ',' or ']' in an array", at: at(1, 11))) { try parse("[\"\u{1F1FA}\u{1F1F8}\", \"é\" 1]") }
    }

    @Test func nestingBeyondTheLimitIsAnErrorAtTheBracketThatPassesIt() {
        let text = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(throws: InputError("JSON nested deeper than 512 levels", at: at(1, 513))) { try parse(text) }
        let objects = String(repeating: "{\"a\":", count: 600) + "1" + String(repeating: "}", count: 600)
        #expect(throws: InputError("JSON nested deeper than 512 levels", at: at(1, 5 * 512 + 1))) { try parse(objects) }
    }

    @Test func invalidUTF8IsAnErrorAtItsByte() {
        #expect(throws: InputError("invalid UTF-8 (byte 0xFF); save the file as UTF-8", at: at(2, 9))) {
            try JSONParser.parse(bytes: Array("{\n  \"a\": \"".utf8) + [0xFF] + Array("\"}".utf8), file: Self.file)
        }
    }
}
