@testable import Campaign
import Testing

/// The YAML reader on libyaml: scalars kept as text, nesting, locations,
/// and errors that name line and column.
@Suite struct YAMLDocumentTests {
    static let file = "p.yml"

    func parse(_ text: String) throws -> YAMLNode {
        try YAMLDocument.parse(bytes: Array(text.utf8), file: Self.file)
    }

    func at(_ line: Int, _ column: Int) -> Campaign.SourceLocation {
        Campaign.SourceLocation(file: Self.file, line: line, column: column)
    }

    /// The error a parse throws, as printed.
    func failure(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func keepsScalarsAsTheyAreWritten() throws {
        let root = try parse("""
            id: ocd-person/dce9c4a8
            district: '24'
            start_date: 2025-01-09
            count: 12
            flag: yes
            quoted: "a: b"
            empty: ''
            end_date:
            tilde: ~
            """)
        #expect(root["id"]?.string == "ocd-person/dce9c4a8")
        #expect(root["district"]?.string == "24")
        #expect(root["start_date"]?.string == "2025-01-09", "a date stays text")
        #expect(root["count"]?.string == "12" && root["flag"]?.string == "yes")
        #expect(root["quoted"]?.string == "a: b")
        #expect(root["empty"]?.string == "" && root["empty"]?.isNull == false, "a quoted empty string is not null")
        #expect(root["end_date"]?.isNull == true && root["end_date"]?.string == nil)
        #expect(root["tilde"]?.isNull == true)
        #expect(root["missing"] == nil)
        #expect(root.mapping?.map { $0.key.string ?? "" } == ["id", "district", "start_date", "count", "flag", "quoted", "empty", "end_date", "tilde"],
                "entries in file order")
    }

    @Test func readsNestedSequencesAndMappings() throws {
        let root = try parse("""
            party:
            - name: Democratic
            roles:
              - type: governor
                jurisdiction: ocd-jurisdiction/country:us/state:wa/government
              - {type: mayor, district: 'Ward 4'}
            ids:
                twitter: MayorBowser
            tags: [a, "b", c]
            """)
        #expect(root["party"]?.sequence?.first?["name"]?.string == "Democratic")
        let roles = try #require(root["roles"]?.sequence)
        #expect(roles.count == 2)
        #expect(roles[0]["jurisdiction"]?.string == "ocd-jurisdiction/country:us/state:wa/government")
        #expect(roles[1]["district"]?.string == "Ward 4")
        #expect(root["ids"]?["twitter"]?.string == "MayorBowser")
        #expect(root["tags"]?.sequence?.compactMap(\.string) == ["a", "b", "c"])
        #expect(root["tags"]?.kindName == "a list" && root["ids"]?.kindName == "a mapping" && root["ids"]?["twitter"]?.kindName == "a scalar")
    }

    @Test func everyNodeKnowsWhereItBegins() throws {
        let root = try parse("name: Ana\nroles:\n- type: mayor\n  district: 'Ward 4'\n")
        #expect(root.location == at(1, 1))
        #expect(root["name"]?.location == at(1, 7))
        #expect(root["roles"]?.location == at(3, 1))
        #expect(root["roles"]?.sequence?[0].location == at(3, 3))
        #expect(root["roles"]?.sequence?[0]["district"]?.location == at(4, 13))
        #expect(root.mapping?[1].key.location == at(2, 1))
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let root = try parse("nombre: Muñoz\nciudad: Doña Ana\n")
        #expect(root["ciudad"]?.location == at(2, 9))
        #expect(failure("ñandú: Muñoz: x\n") == "p.yml:1:13: malformed YAML: mapping values are not allowed in this context")
    }

    @Test func malformedYAMLNamesLineColumnAndLibyamlsProblem() {
        #expect(failure("name: Ana\nroles: [a, b\n") ==
                "p.yml:3:1: malformed YAML: did not find expected ',' or ']' (while parsing a flow sequence at 2:8)")
        #expect(failure("name: Ana\n  bad: indent\n") == "p.yml:2:6: malformed YAML: mapping values are not allowed in this context")
        #expect(failure("name: \"open\n") ==
                "p.yml:2:1: malformed YAML: found unexpected end of stream (while scanning a quoted scalar at 1:7)")
        #expect(failure("name: Ana\nnote: añ\u{1}\n") == "p.yml:2:9: malformed YAML: control characters are not allowed (0x01)")
        do {
            _ = try YAMLDocument.parse(bytes: Array("name: Ana\r\nnote: ñ".utf8) + [0xFF, 0x0A], file: Self.file)
            Issue.record("invalid UTF-8 was read")
        } catch {
            #expect("\(error)" == "p.yml:2:8: malformed YAML: invalid leading UTF-8 octet (0xFF)")
        }
    }

    @Test func refusesAliases() {
        #expect(failure("a: &x Ana\nb: *x\n") == "p.yml:2:4: alias '*x' is not supported; write the value out in full")
        #expect(failure("base: &b {x: 1}\nother:\n  <<: *b\n") == "p.yml:3:7: alias '*b' is not supported; write the value out in full")
    }

    @Test func refusesWhatIsNotOneDocumentOfPlainKeys() {
        #expect(failure("") == "p.yml:1:1: no YAML document in the file")
        #expect(failure("# only a comment\n") == "p.yml:2:1: no YAML document in the file")
        #expect(failure("name: a\n---\nname: b\n") == "p.yml:2:1: a second YAML document; a file holds one")
        #expect(failure("name: a\nroles: []\nname: b\n") == "p.yml:3:1: duplicate key 'name' (first at 1:1)")
        #expect(failure("? [a, b]\n: c\n") == "p.yml:1:3: a mapping key must be a scalar, not a list")
    }

    @Test func refusesNestingTooDeepForTheStack() {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(failure(deep) == "p.yml:1:257: YAML nested more than 256 levels deep")
        let fine = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect((try? parse(fine)) != nil)
    }

    @Test func readsUTF16WithAByteOrderMark() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "name: Muñoz\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try YAMLDocument.parse(bytes: bytes, file: Self.file)["name"]?.string == "Muñoz")
    }
}
