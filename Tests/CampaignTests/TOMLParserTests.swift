import Testing
@testable import Campaign

@Suite struct TOMLParserTests {
    func parse(_ text: String) throws -> JSONNode { try TOMLParser.parse(bytes: Array(text.utf8), file: "campaign.toml") }

    func failure(_ text: String) -> String? {
        do { _ = try parse(text); return nil } catch { return "\(error)" }
    }

    @Test func readsTheCampaignShapes() throws {
        let root = try parse("""
            # A comment
            slug = "tacoma-sanctuary"   # trailing comment
            goal = 1_000
            confirm = true
            starts = 2017-03-01
            locales = ["en", "es",]

            [title]
            en = "SUPPORT Sanctuary Jurisdictions"
            es = 'APOYA a las "jurisdicciones santuario"'

            [[targets]]
            role = "governor"
            jurisdiction = "ocd-division/country:us/state:wa"

            [[targets]]
            own = "councilmember"
            where = { jurisdiction = "x", order = 3 }

            [petition.consent]
            text = \"\"\"
            Line one,
            line "two".\"\"\"
            """)
        #expect(root["slug"]?.string == "tacoma-sanctuary")
        #expect(root["goal"]?.number == 1000)
        #expect(root["confirm"]?.value.isTrue == true)
        #expect(root["starts"]?.string == "2017-03-01")
        #expect(root["locales"]?.array?.compactMap(\.string) == ["en", "es"])
        #expect(root["title"]?["es"]?.string == "APOYA a las \"jurisdicciones santuario\"")
        #expect(root["targets"]?.array?.count == 2)
        #expect(root["targets"]?.array?[1]["where"]?["order"]?.number == 3)
        #expect(root["petition"]?["consent"]?["text"]?.string == "Line one,\nline \"two\".")
        #expect(root["targets"]?.array?[0]["role"]?.location == SourceLocation(file: "campaign.toml", line: 13, column: 8))
    }

    @Test func keepsUnicodeAndEscapes() throws {
        let root = try parse("name = \"Lorena Gonz\\u00E1lez\\n\\t\"\nother = 'C:\\\\raw'")
        #expect(root["name"]?.string == "Lorena González\n\t")
        #expect(root["other"]?.string == "C:\\\\raw")
    }

    @Test func reportsMistakesWithLineAndColumn() {
        #expect(failure("slug = tacoma") == "campaign.toml:1:8: 'tacoma' is not a value; text must be in quotes, dates are YYYY-MM-DD")
        #expect(failure("a = 1\na = 2") == "campaign.toml:2:1: key 'a' is given twice (first at 1:5)")
        #expect(failure("[t]\nx = 1\n[t]") == "campaign.toml:3:1: table [t] is defined twice (first at 1:1)")
        #expect(failure("title = \"open") == "campaign.toml:1:9: string is not closed before the end of the line")
        #expect(failure("a = 1 b = 2") == "campaign.toml:1:7: unexpected text after the value; one key = value per line")
        #expect(failure("a = [1, 2") == "campaign.toml:1:10: expected ',' or ']' in an array")
        #expect(failure("text = \"\"\"\nnever closed") == "campaign.toml:1:8: multi-line string is never closed with \"\"\"")
        #expect(failure("a = \"\\q\"") == "campaign.toml:1:7: invalid escape '\\q'; write \\\\ for a backslash")
        #expect(failure("= 3") == "campaign.toml:1:1: expected a key: letters, digits, '_' or '-', or a quoted name")
    }
}

extension JSONNode.Value {
    var isTrue: Bool { if case .bool(true) = self { return true } else { return false } }
}
