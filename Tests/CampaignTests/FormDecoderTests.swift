@testable import Campaign
@testable import CampaignWeb
import Testing
import Foundation

/// Form bodies, query strings, request paths and cookies: what a browser
/// (or anyone else) can send the supporter app.
@Suite struct FormDecoderTests {
    func decode(_ body: String, maximumFields: Int = 64, maximumValueBytes: Int = 4096) throws -> [String] {
        try FormDecoder.decode(Array(body.utf8), maximumFields: maximumFields, maximumValueBytes: maximumValueBytes)
            .map { "\($0.name)=\($0.value)" }
    }

    func error(_ body: String, maximumFields: Int = 64, maximumValueBytes: Int = 4096) -> FormError? {
        do {
            _ = try FormDecoder.decode(Array(body.utf8), maximumFields: maximumFields, maximumValueBytes: maximumValueBytes)
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Decoding

    @Test func decodesPlusAndPercentSpaces() throws {
        #expect(try decode("name=Jane+Q.+Public&city=New%20York") == ["name=Jane Q. Public", "city=New York"])
        #expect(try decode("sum=1%2B1%3D2&amp=%26") == ["sum=1+1=2", "amp=&"])
    }

    @Test func decodesUTF8PercentEscapes() throws {
        #expect(try decode("name=Jos%C3%A9&city=S%c3%a3o+Paulo") == ["name=José", "city=São Paulo"])
        #expect(try decode("caf%C3%A9=1") == ["café=1"])
    }

    @Test func nameWithoutEqualsHasEmptyValue() throws {
        let fields = try FormDecoder.decode(Array("subscribe&email=".utf8))
        #expect(fields.map(\.name) == ["subscribe", "email"])
        #expect(fields.map(\.value) == ["", ""])
    }

    @Test func laterEqualsSignsBelongToTheValue() throws {
        #expect(try decode("token=abc==&x==") == ["token=abc==", "x=="])
    }

    @Test func skipsEmptyPairs() throws {
        #expect(try decode("&&a=1&&b=2&") == ["a=1", "b=2"])
        #expect(try decode("").isEmpty)
        #expect(try decode("&").isEmpty)
    }

    @Test func semicolonIsNotASeparator() throws {
        #expect(try decode("a=1;b=2") == ["a=1;b=2"])
    }

    @Test func keepsRepeatedNamesInOrder() throws {
        let fields = try FormDecoder.decode(Array("topic=b&name=x&topic=a&topic=c".utf8))
        #expect(fields.filter { $0.name == "topic" }.map(\.value) == ["b", "a", "c"])
        #expect(fields.map(\.name) == ["topic", "name", "topic", "topic"])
    }

    // MARK: - Errors

    @Test func invalidUTF8NamesTheFieldButNotTheValue() {
        let error = error("email=jane.doe%40example.org%FF")
        #expect(error?.field == "email")
        #expect(error?.message == "Field \"email\" is not valid UTF-8.")
        #expect(error?.description.contains("jane") == false)
    }

    @Test func malformedEscapesAreErrors() {
        #expect(error("a=1&phone=555%G1")?.message == "Field \"phone\" has a malformed percent escape.")
        #expect(error("a=1&phone=555%G1")?.field == "phone")
        #expect(error("zip=98101%")?.message == "Field \"zip\" has a malformed percent escape.")
        #expect(error("zip=98101%4")?.message == "Field \"zip\" has a malformed percent escape.")
        #expect(error("zip=%")?.field == "zip")
    }

    @Test func badNamesAreCountedNotQuoted() {
        #expect(error("a=1&b%ZZ=secret")?.message == "The name of field 2 has a malformed percent escape.")
        #expect(error("a=1&b%ZZ=secret")?.field == nil)
        #expect(error("%FF=1")?.message == "The name of field 1 is not valid UTF-8.")
    }

    @Test func rejectsNUL() {
        #expect(error("name=Jane%00Doe")?.message == "Field \"name\" contains a NUL character.")
        #expect(error("name=Jane%00Doe")?.field == "name")
        #expect(error("na%00me=x")?.message == "The name of field 1 contains a NUL character.")
    }

    @Test func unescapedBytesAreCheckedLikeEscapedOnes() throws {
        #expect(try decode("name=José&city=Peñasco") == ["name=José", "city=Peñasco"])
        #expect(error("name=Jane\u{0}Doe")?.message == "Field \"name\" contains a NUL character.")
        var body = Array("name=".utf8) + [0xC3, 0x28]
        #expect(throws: FormError.self) { try FormDecoder.decode(body) }
        body = Array("na".utf8) + [0xFF] + Array("me=x".utf8)
        #expect((try? FormDecoder.decode(body)) == nil)
        #expect(error("c=" + String(repeating: "b", count: 11), maximumValueBytes: 10)?.message == "Field \"c\" is longer than 10 bytes.")
        #expect(try decode("plain=abc&plus=a+b&both=a+%2B") == ["plain=abc", "plus=a b", "both=a +"])
    }

    @Test func limitsTheNumberOfFields() throws {
        let body = (1...5).map { "f\($0)=\($0)" }.joined(separator: "&")
        #expect(try decode(body, maximumFields: 5).count == 5)
        #expect(error(body, maximumFields: 4)?.message == "The form has more than 4 fields.")
        #expect(error(body, maximumFields: 4)?.field == nil)
        // Empty pairs do not count.
        #expect(try decode("&&&" + body + "&&&", maximumFields: 5).count == 5)
        // The default is 64.
        let many = (1...65).map { "f\($0)=x" }.joined(separator: "&")
        #expect(error(many)?.message == "The form has more than 64 fields.")
        // A bad field within the limit is reported first, as it comes first.
        #expect(error("a=%ZZ&" + many)?.field == "a")
    }

    @Test func limitsTheDecodedValueLength() throws {
        #expect(try decode("comment=" + String(repeating: "a", count: 10), maximumValueBytes: 10).count == 1)
        let long = error("comment=" + String(repeating: "a", count: 11), maximumValueBytes: 10)
        #expect(long?.message == "Field \"comment\" is longer than 10 bytes.")
        #expect(long?.field == "comment")
        // The limit is on decoded bytes: three escapes are three bytes.
        #expect(try decode("c=%41%42%43", maximumValueBytes: 3) == ["c=ABC"])
        #expect(error("c=" + String(repeating: "b", count: 4097))?.message == "Field \"c\" is longer than 4096 bytes.")
    }

    @Test func fieldNamesInMessagesAreEscaped() {
        let error = error("a%0Ab=%FF")
        #expect(error?.field == "a\nb")
        #expect(error?.message == "Field \"a\\nb\" is not valid UTF-8.")
    }

    // MARK: - Query and path

    @Test func queryDecodesLenientlyAfterTheQuestionMark() {
        let fields = FormDecoder.query(of: "/sign?campaign=dc-ijls&lang=es&bad=%FF&zip=%G1&q=a+b%21")
        #expect(fields.map { "\($0.name)=\($0.value)" } == ["campaign=dc-ijls", "lang=es", "q=a b!"])
        #expect(FormDecoder.query(of: "/sign").isEmpty)
        #expect(FormDecoder.query(of: "/sign?").isEmpty)
        #expect(FormDecoder.query(of: "/?a=1?b=2").map(\.value) == ["1?b=2"])
        let many = "/?" + (1...100).map { "f\($0)=x" }.joined(separator: "&")
        #expect(FormDecoder.query(of: many).count == 64)
    }

    @Test(arguments: ["Content-Type", "x-forwarded-for", "", "ABC@Example.ORG", "ÉLODIE", "Straße", "İ", "a\u{0}B"])
    func asciiFastLowercasingMatchesLowercased(text: String) {
        #expect(text.asciiFastLowercased == text.lowercased())
    }

    @Test(arguments: ["", "a", " a ", "\ta b\t", "Zoë ", " Ñúñez", "\u{00A0}nbsp\u{2003}", "line\n", "\r\nx\r\n", "  ", "x\u{301}"])
    func trimmingSpacesMatchesFoundation(text: String) {
        #expect(text.trimmedSpaces == text.trimmingCharacters(in: .whitespaces))
    }

    @Test func pathIsPercentDecodedWithoutPlus() {
        #expect(FormDecoder.path(of: "/campaigns/caf%C3%A9+bar?x=1") == "/campaigns/café+bar")
        #expect(FormDecoder.path(of: "/a%20b") == "/a b")
        #expect(FormDecoder.path(of: "/") == "/")
        #expect(FormDecoder.path(of: "?x=1") == "")
        #expect(FormDecoder.path(of: "/100%") == "/100%")
        #expect(FormDecoder.path(of: "/100%zz") == "/100%zz")
        #expect(FormDecoder.path(of: "/%FF") == "/\u{FFFD}")
    }

    // MARK: - Cookies

    @Suite struct CookieTests {
        @Test func parsesPairs() {
            #expect(Cookies.parse("session=abc-123_x; lang=es") == ["session": "abc-123_x", "lang": "es"])
            #expect(Cookies.parse("") == [:])
            #expect(Cookies.parse("a=") == ["a": ""])
        }

        @Test func firstOfDuplicatesWins() {
            #expect(Cookies.parse("lang=es; lang=en; lang=fr") == ["lang": "es"])
        }

        @Test func unquotesValues() {
            #expect(Cookies.parse("lang=\"es\"; t=\"\"") == ["lang": "es", "t": ""])
        }

        @Test func skipsMalformedPieces() {
            let parsed = Cookies.parse("novalue; =orphan; bad name=1; x=a b; q=\"a; y=a,b; ok=1;;  lang = es ;")
            #expect(parsed == ["ok": "1", "lang": "es"])
        }

        @Test func readsOneCookieAsParseReadsIt() {
            let expected: [(header: String, lang: String?)] = [
                ("session=abc-123_x; lang=es", "es"), ("lang=es; lang=en", "es"), ("novalue; =orphan; lang = \"fr\" ;", "fr"),
                ("x=a b; lang=a,b; lang=de", "de"), ("language=en; lan=x", nil), ("", nil), ("lang=", ""), ("lang=\"\"", ""),
                ("bad name=1; lang=pt", "pt"), ("LANG=es", nil),
            ]
            for (header, lang) in expected {
                #expect(Cookies.value(named: "lang", in: header) == lang, "\(header)")
                #expect(Cookies.parse(header)["lang"] == lang, "\(header)")
            }
        }

        @Test func writesSetCookie() {
            #expect(Cookies.setCookie(name: "session", value: "AbC-_9", maxAge: 3600)
                == "session=AbC-_9; Max-Age=3600; Path=/; Secure; HttpOnly; SameSite=Lax")
            #expect(Cookies.setCookie(name: "lang", value: "es-419", path: "/c", secure: false, httpOnly: false, sameSite: .strict)
                == "lang=es-419; Path=/c; SameSite=Strict")
            #expect(Cookies.setCookie(name: "session", value: "", maxAge: -5)
                == "session=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Lax")
            #expect(Cookies.setCookie(name: "__Host-session", value: "t.o~k")
                == "__Host-session=t.o~k; Path=/; Secure; HttpOnly; SameSite=Lax")
            #expect(Cookies.setCookie(name: "sid", value: "x", sameSite: .none, partitioned: true)
                == "sid=x; Path=/; Secure; HttpOnly; SameSite=None; Partitioned")
        }

        @Test(arguments: ["a;b", "a,b", "a b", "a\tb", "a\nb", "a\u{0}b", "a\"b", "a=b", "a/b", "a+b", "é"])
        func dropsCookiesWithUnsafeValues(value: String) {
            #expect(Cookies.setCookie(name: "session", value: value) == nil)
        }

        @Test func dropsCookiesWithUnsafeNamesOrPaths() {
            #expect(Cookies.setCookie(name: "", value: "x") == nil)
            #expect(Cookies.setCookie(name: "a b", value: "x") == nil)
            #expect(Cookies.setCookie(name: "a=b", value: "x") == nil)
            #expect(Cookies.setCookie(name: "a;b", value: "x") == nil)
            #expect(Cookies.setCookie(name: "x", value: "x", path: "/a; Domain=evil.example") == nil)
            #expect(Cookies.setCookie(name: "x", value: "x", path: "relative") == nil)
            #expect(Cookies.setCookie(name: "__Host-s", value: "x", secure: false) == nil)
            #expect(Cookies.setCookie(name: "__Host-s", value: "x", path: "/c") == nil)
            #expect(Cookies.setCookie(name: "__Secure-s", value: "x", secure: false) == nil)
            // Browsers drop a cross-site or partitioned cookie that is not Secure.
            #expect(Cookies.setCookie(name: "sid", value: "x", secure: false, sameSite: .none) == nil)
            #expect(Cookies.setCookie(name: "sid", value: "x", secure: false, partitioned: true) == nil)
        }

        @Test func roundTripsATokenThroughParse() throws {
            let token = SecureRandom.token()
            let header = try #require(Cookies.setCookie(name: "session", value: token))
            let pair = String(header.prefix { $0 != ";" })
            #expect(Cookies.parse("other=1; " + pair) == ["other": "1", "session": token])
        }
    }
}
