@testable import Campaign
import Foundation
import Testing

/// The MIME builder, checked by decoding what it writes: RFC 2047 headers,
/// quoted-printable parts, folding limits, CRLF line ends and header
/// injection.
@Suite struct MailMessageTests {
    // MARK: - Helpers

    static let sender = try! MailAddress(name: "Campaña por la Vivienda", address: "act@act.example.org")
    static let supporter = try! MailAddress(name: "Ana Pérez", address: "ana@example.org")
    /// Saturday 21 November 2026, 10:00 UTC.
    static let date = Date(timeIntervalSince1970: 1_795_255_200)

    func message(
        to: [MailAddress] = [MailMessageTests.supporter],
        subject: String = "Confirme su firma",
        text: String = "Hola Ana,\n\ngracias.\n",
        html: String? = "<p>Hola Ana,</p>\n<p>gracias.</p>\n",
        headers: [(name: String, value: String)] = []
    ) -> MailMessage {
        MailMessage(from: Self.sender, to: to, subject: subject, text: text, html: html, date: Self.date,
                    messageID: "confirm.42.ab12@act.example.org", headers: headers)
    }

    /// A message taken apart again: unfolded headers and the decoded parts.
    struct Decoded {
        var raw: String
        /// Header fields in order, unfolded, value without the space after the colon.
        var headers: [(name: String, value: String)]
        /// Each part's headers and its quoted-printable body decoded to text.
        var parts: [(headers: [(name: String, value: String)], text: String)]

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// The header's value with its encoded-words decoded.
        func decoded(_ name: String) -> String? {
            header(name).map(MailMessageTests.decodeWords)
        }

        /// Lines of the raw message (split on CRLF).
        var lines: [String] { raw.components(separatedBy: "\r\n") }

        /// Lines of the header block alone.
        var headerLines: [String] {
            Array(lines.prefix { !$0.isEmpty })
        }
    }

    func decode(_ message: MailMessage) throws -> Decoded {
        try Self.decode(message.encoded(boundarySeed: "test"))
    }

    static func decode(_ bytes: [UInt8]) throws -> Decoded {
        let raw = String(decoding: bytes, as: UTF8.self)
        let split = try #require(raw.range(of: "\r\n\r\n"))
        let headers = unfold(String(raw[..<split.lowerBound]))
        let body = String(raw[split.upperBound...])
        let contentType = headers.first { $0.name == "Content-Type" }?.value ?? ""
        guard contentType.hasPrefix("multipart/alternative"), let start = contentType.range(of: "boundary=\"") else {
            return Decoded(raw: raw, headers: headers, parts: [(headers, QuotedPrintableDecoding.decode(body))])
        }
        let boundary = String(contentType[start.upperBound...].prefix { $0 != "\"" })
        // The delimiter is CRLF "--" boundary; the first has no CRLF before it.
        let pieces = ("\r\n" + body).components(separatedBy: "\r\n--" + boundary)
        #expect(pieces.first == "", "nothing before the first boundary")
        #expect(pieces.last == "--\r\n", "the closing delimiter ends the message")
        var parts: [(headers: [(name: String, value: String)], text: String)] = []
        for piece in pieces.dropFirst().dropLast() {
            // "\r\n" is a single Character, so one is dropped.
            let content = String(try #require(piece.hasPrefix("\r\n") ? piece.dropFirst() : nil))
            let end = try #require(content.range(of: "\r\n\r\n"))
            parts.append((unfold(String(content[..<end.lowerBound])), QuotedPrintableDecoding.decode(String(content[end.upperBound...]))))
        }
        return Decoded(raw: raw, headers: headers, parts: parts)
    }

    /// Header lines joined at their folds (RFC 5322 §2.2.3 unfolding).
    static func unfold(_ block: String) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        for line in block.components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), !fields.isEmpty {
                fields[fields.count - 1].value += line
            } else if let colon = line.firstIndex(of: ":") {
                fields.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        return fields.map { ($0.name, String($0.value.drop { $0 == " " })) }
    }

    /// Each RFC 2047 encoded-word in `value`, as its raw text and its decoded bytes.
    static func encodedWords(_ value: String) -> [(raw: String, bytes: [UInt8])] {
        var words: [(raw: String, bytes: [UInt8])] = []
        var rest = Substring(value)
        while let start = rest.range(of: "=?") {
            rest = rest[start.lowerBound...]
            guard let word = encodedWord(at: rest) else {
                rest = rest.dropFirst(2)
                continue
            }
            words.append((String(rest.prefix(word.length)), word.bytes))
            rest = rest.dropFirst(word.length)
        }
        return words
    }

    /// The encoded-word at the start of `text`: its decoded bytes and length.
    static func encodedWord(at text: Substring) -> (bytes: [UInt8], length: Int)? {
        let fields = text.dropFirst(2).split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
        guard fields.count == 4, fields[3].hasPrefix("="), fields[0].uppercased() == "UTF-8" else { return nil }
        let payload = fields[2]
        let length = 2 + fields[0].count + 1 + fields[1].count + 1 + payload.count + 2
        switch fields[1].uppercased() {
        case "B":
            guard let data = Data(base64Encoded: String(payload)) else { return nil }
            return (Array(data), length)
        case "Q":
            return (QuotedPrintableDecoding.decodeWord(payload.utf8), length)
        default:
            return nil
        }
    }

    /// An unstructured header value with its encoded-words decoded; white
    /// space between two encoded-words is dropped (RFC 2047 §6.2).
    static func decodeWords(_ value: String) -> String {
        var result: [UInt8] = []
        var pendingSpace: [UInt8] = []
        var lastWasEncoded = false
        var rest = Substring(value)
        while let first = rest.first {
            if rest.hasPrefix("=?"), let word = encodedWord(at: rest) {
                if !lastWasEncoded { result += pendingSpace }
                pendingSpace = []
                result += word.bytes
                rest = rest.dropFirst(word.length)
                lastWasEncoded = true
            } else if first == " " || first == "\t" {
                pendingSpace.append(UInt8(ascii: " "))
                rest = rest.dropFirst()
            } else {
                result += pendingSpace
                pendingSpace = []
                result += Array(String(first).utf8)
                rest = rest.dropFirst()
                lastWasEncoded = false
            }
        }
        return String(decoding: result + pendingSpace, as: UTF8.self)
    }

    /// A decoded mailbox header: the display name and the address.
    static func mailbox(_ value: String) throws -> (name: String, address: String) {
        guard value.hasSuffix(">"), let open = value.lastIndex(of: "<") else { return ("", value) }
        let address = String(value[value.index(after: open)..<value.index(before: value.endIndex)])
        var phrase = String(value[..<open]).trimmingCharacters(in: .whitespaces)
        if phrase.hasPrefix("\"") {
            #expect(phrase.hasSuffix("\""))
            var name = ""
            var escaping = false
            for character in phrase.dropFirst().dropLast() {
                if character == "\\", !escaping { escaping = true } else { name.append(character); escaping = false }
            }
            return (name, address)
        }
        phrase = decodeWords(phrase)
        return (phrase, address)
    }

    // MARK: - Headers

    @Test func spanishSubjectRoundTripsAndKeepsPlainWordsReadable() throws {
        let subject = "Confirme su firma: ¡Proteja a los residentes!"
        let decoded = try decode(message(subject: subject))
        #expect(decoded.decoded("Subject") == subject)
        let raw = try #require(decoded.header("Subject"))
        #expect(raw == "Confirme su firma: =?UTF-8?Q?=C2=A1Proteja?= a los residentes!")
        #expect(decoded.raw.utf8.allSatisfy { $0 < 0x80 }, "the message is ASCII only")
    }

    @Test(arguments: [
        String(repeating: "Confirme su firma por la protección de los inquilinos de Mañana. ", count: 6),
        String(repeating: "x", count: 300),
        String(repeating: "住宅を守るために署名してください", count: 8),
        "Pétition " + String(repeating: "é", count: 200) + " fin",
    ])
    func longSubjectIsFoldedIntoShortLinesAndShortEncodedWords(subject: String) throws {
        let decoded = try decode(message(subject: subject))
        #expect(decoded.decoded("Subject") == MailHeaderWriter.sanitized(subject))
        for line in decoded.headerLines {
            #expect(line.utf8.count <= 78, "header line too long: \(line)")
            #expect(!line.trimmingCharacters(in: .whitespaces).isEmpty, "a folded line holds only white space")
        }
        let words = Self.encodedWords(try #require(decoded.header("Subject")))
        #expect(!words.isEmpty)
        for word in words {
            #expect(word.raw.count <= 75, "encoded-word too long: \(word.raw)")
        }
    }

    @Test func emojiInNamesIsNeverSplitBetweenEncodedWords() throws {
        let name = "Ana 👩‍👩‍👧 " + String(repeating: "🌍🏳️‍🌈", count: 12) + " García"
        let mailbox = try MailAddress(name: name, address: "ana@example.org")
        let decoded = try decode(message(to: [mailbox]))
        let to = try #require(decoded.header("To"))
        let words = Self.encodedWords(to)
        #expect(words.count > 2, "the name needs several encoded-words")
        for word in words {
            #expect(word.raw.count <= 75)
            #expect(String(bytes: word.bytes, encoding: .utf8) != nil, "\(word.raw) is not whole UTF-8 on its own")
        }
        let parsed = try Self.mailbox(to)
        #expect(parsed.name == name)
        #expect(parsed.address == "ana@example.org")
        for line in decoded.headerLines { #expect(line.utf8.count <= 78) }
    }

    @Test(arguments: [
        #"Pérez, "Ana""#,
        #"Smith, "Jo" \ Co."#,
        "Ana María O'Neil",
        "John Smith",
        "=?UTF-8?Q?not_an_encoded_word?=",
    ])
    func displayNamesRoundTrip(name: String) throws {
        let decoded = try decode(message(to: [try MailAddress(name: name, address: "ana@example.org")]))
        let parsed = try Self.mailbox(try #require(decoded.header("To")))
        #expect(parsed.name == name)
        #expect(parsed.address == "ana@example.org")
    }

    @Test func plainASCIINamesStayReadable() throws {
        let smith = try MailAddress(name: "John Smith", address: "john@example.org")
        let comma = try MailAddress(name: #"Smith, "Jo""#, address: "jo@example.org")
        let bare = try MailAddress(address: "bare@example.org")
        let decoded = try decode(message(to: [smith, comma, bare]))
        #expect(decoded.header("To") == #"John Smith <john@example.org>, "Smith, \"Jo\"" <jo@example.org>, bare@example.org"#)
        #expect(decoded.header("From") == "=?UTF-8?Q?Campa=C3=B1a_por_la_Vivienda?= <act@act.example.org>")
    }

    @Test func dateMessageIDAndMIMEVersionAreWritten() throws {
        let decoded = try decode(message())
        #expect(decoded.header("Date") == "Sat, 21 Nov 2026 10:00:00 +0000")
        #expect(decoded.header("Message-ID") == "<confirm.42.ab12@act.example.org>")
        #expect(decoded.header("MIME-Version") == "1.0")
        #expect(decoded.headers.first?.name == "Date")
    }

    @Test(arguments: [
        -86_400.0 * 365 * 30 - 12_345, 0, 951_782_400, 1_709_208_000, 1_795_255_200, 4_102_444_799, 1_700_000_000.75,
    ])
    func dateMatchesAnEnglishPOSIXFormatter(seconds: Double) {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let date = Date(timeIntervalSince1970: seconds)
        #expect(MailDate.format(date) == formatter.string(from: date))
    }

    @Test func messageIDIsStableForTheSameKey() {
        let first = MailMessage.messageID(key: "outbox:confirm:42", domain: "act.example.org")
        #expect(first == MailMessage.messageID(key: "outbox:confirm:42", domain: "act.example.org"))
        #expect(first != MailMessage.messageID(key: "outbox:confirm:43", domain: "act.example.org"))
        #expect(first.hasSuffix("@act.example.org"))
        let left = first.prefix { $0 != "@" }
        #expect(left.count == 32 && left.allSatisfy(\.isHexDigit))
        #expect(MailMessage.messageID(key: "k", domain: "Bücher.Example").hasSuffix("@xn--bcher-kva.example"))
        #expect(MailMessage.messageID(key: "k", domain: "bad domain\r\n").hasSuffix("@baddomain"))
        #expect(MailMessage.messageID(key: "k", domain: "Faß.de").hasSuffix("@xn--fa-hia.de"))
        // A domain IDNA refuses is not used: the id is still made, at the reserved domain.
        #expect(MailMessage.messageID(key: "k", domain: "☃.example") == MailMessage.messageID(key: "k", domain: "campaign.invalid"))
        #expect(MailMessage.messageID(key: "k", domain: "xn--zz.example").hasSuffix("@campaign.invalid"))
    }

    @Test func messageIDHeaderDropsCharactersAMessageIDCannotHold() throws {
        var mail = message()
        mail.messageID = "a b<c>\r\n@example.org"
        #expect(try decode(mail).header("Message-ID") == "<abc@example.org>")
        mail.messageID = "no-at-sign"
        #expect(try decode(mail).header("Message-ID") == "<" + MailMessage.messageID(key: "no-at-sign", domain: "campaign.invalid") + ">")
    }

    @Test func unsubscribeHeadersAreWrittenForSupporterMail() throws {
        var mail = message()
        mail.unsubscribeURL = "https://act.example.org/u/abc123"
        #expect(try decode(mail).header("List-Unsubscribe") == "<https://act.example.org/u/abc123>")
        #expect(try decode(mail).header("List-Unsubscribe-Post") == nil)
        mail.oneClickUnsubscribe = true
        #expect(try decode(mail).header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
        mail.unsubscribeURL = "https://act.example.org/u/a b\r\nBcc: x@y.org<>ñ"
        #expect(try decode(mail).header("List-Unsubscribe") == "<https://act.example.org/u/abBcc:x@y.org%3C%3E%C3%B1>")
        #expect(try decode(message()).header("List-Unsubscribe") == nil)
    }

    @Test func extraHeadersAreWrittenAndBadNamesLeftOut() throws {
        let decoded = try decode(message(headers: [
            ("Auto-Submitted", "auto-generated"),
            ("X-Campaign", "vivienda-digna-2026"),
            ("X-Note", "¿Qué tal?"),
            ("Bad Name", "x"),
            ("Bad:Name", "x"),
            ("", "x"),
            ("content-type", "text/evil"),
            ("From", "evil@x.org"),
        ]))
        #expect(decoded.header("Auto-Submitted") == "auto-generated")
        #expect(decoded.header("X-Campaign") == "vivienda-digna-2026")
        #expect(decoded.decoded("X-Note") == "¿Qué tal?")
        #expect(!decoded.raw.contains("Bad"))
        #expect(!decoded.raw.contains("evil"))
        #expect(decoded.headers.filter { $0.name.lowercased() == "content-type" }.count == 1)
    }

    @Test func hugeValuesStillMakeShortHeaderLines() throws {
        let name = String(repeating: "a", count: 3000) + " " + String(repeating: "\"", count: 500)
        let subject = "a" + String(repeating: " \t\r\n", count: 2000) + "b " + String(repeating: "ñ", count: 3000)
        var mail = message(to: [try MailAddress(name: name, address: "ana@example.org")], subject: subject,
                           headers: [(String(repeating: "X", count: 76), String(repeating: "z", count: 2000))])
        mail.replyTo = try MailAddress(name: String(repeating: "Ana, ", count: 300), address: "ana@example.org")
        let decoded = try decode(mail)
        for line in decoded.headerLines {
            #expect(line.utf8.count <= 78, "header line of \(line.utf8.count) characters")
            #expect(!line.trimmingCharacters(in: .whitespaces).isEmpty)
        }
        #expect(decoded.decoded("Subject") == "a b " + String(repeating: "ñ", count: 3000))
        #expect(try Self.mailbox(try #require(decoded.header("To"))).name == name)
        #expect(decoded.decoded(String(repeating: "X", count: 76)) == String(repeating: "z", count: 2000))
    }

    // MARK: - Header injection

    static let injection = "Ana\r\nBcc: evil@x.org"

    /// No line of the header block starts a new field that was not written on purpose.
    func expectNoInjectedField(_ bytes: [UInt8]) throws {
        let raw = String(decoding: bytes, as: UTF8.self)
        #expect(!raw.contains("\r\nBcc:"))
        #expect(!raw.contains("\nBcc:"))
        let decoded = try Self.decode(bytes)
        #expect(!decoded.headers.contains { $0.name.lowercased() == "bcc" })
    }

    @Test func lineBreaksInANameCannotInjectAHeader() throws {
        let mailbox = try MailAddress(name: Self.injection, address: "ana@example.org")
        #expect(mailbox.name == "Ana Bcc: evil@x.org")
        var mail = message(to: [mailbox])
        mail.from = mailbox
        mail.replyTo = mailbox
        try expectNoInjectedField(mail.encoded())
        let parsed = try Self.mailbox(try #require(try decode(mail).header("To")))
        #expect(parsed.name == "Ana Bcc: evil@x.org")
        #expect(parsed.address == "ana@example.org")
    }

    @Test func lineBreaksInASubjectCannotInjectAHeader() throws {
        for subject in [Self.injection, "Hola\rBcc: evil@x.org", "Hola\nBcc: evil@x.org", "Hola\u{0}\u{85}\u{2028}Bcc: evil@x.org",
                        "¡Hola!\r\nBcc: evil@x.org"] {
            let mail = message(subject: subject)
            try expectNoInjectedField(mail.encoded())
            #expect(try decode(mail).decoded("Subject")?.hasSuffix(" Bcc: evil@x.org") == true)
        }
    }

    @Test func lineBreaksInAnExtraHeaderValueCannotInjectAHeader() throws {
        try expectNoInjectedField(message(headers: [("X-Campaign", Self.injection)]).encoded())
        try expectNoInjectedField(message(headers: [("X-Campaign", "\r\n\r\nBcc: evil@x.org")]).encoded())
    }

    // MARK: - Addresses

    @Test func invalidAddressIsRejectedNamingIt() {
        #expect(throws: InputError("malformed e-mail address 'not-an-address'")) { try MailAddress(address: "not-an-address") }
        #expect(throws: InputError("malformed e-mail address 'ana@example.org\r\nBcc: evil@x.org'")) {
            try MailAddress(name: "Ana", address: "ana@example.org\r\nBcc: evil@x.org")
        }
        #expect(throws: InputError.self) { try MailAddress(address: "ana@example.org\u{0}") }
        #expect(throws: InputError.self) { try MailAddress(address: "") }
        #expect(throws: InputError("malformed e-mail address 'ana@exa\u{2028}mple.org'")) { try MailAddress(address: "ana@exa\u{2028}mple.org") }
        #expect(throws: InputError.self) { try MailAddress(address: "ana@exa\u{85}mple.org") }
        #expect(throws: InputError.self) { try MailAddress(address: "ana@exa\u{A0}mple.org") }
    }

    @Test func parsesNameAndAddressFlags() throws {
        #expect(try MailAddress(parsing: "Campaña <act@act.example.org>") == MailAddress(name: "Campaña", address: "act@act.example.org"))
        #expect(try MailAddress(parsing: " act@act.example.org ") == MailAddress(address: "act@act.example.org"))
        #expect(try MailAddress(parsing: #""Pérez, \"Ana\"" <ana@example.org>"#) == MailAddress(name: #"Pérez, "Ana""#, address: "ana@example.org"))
        #expect(try MailAddress(parsing: "<ana@example.org>") == MailAddress(address: "ana@example.org"))
    }

    @Test func parsingRejectsMalformedMailboxesNamingTheText() {
        for text in ["Ana <ana@example.org", "Ana ana@example.org", "Ana <>", "", "Ana <a@b.org> <c@d.org>"] {
            #expect(throws: InputError("malformed mailbox '\(text)'; use 'Name <address@example.org>' or 'address@example.org'")) {
                try MailAddress(parsing: text)
            }
        }
    }

    @Test func internationalisedDomainsGoOnTheWireInASCII() throws {
        let mailbox = try MailAddress(name: "Jörg", address: "jorg@Bücher.example")
        #expect(mailbox.address == "jorg@Bücher.example")
        #expect(mailbox.asciiAddress == "jorg@xn--bcher-kva.example")
        #expect(try MailAddress(address: "ana@Example.ORG").asciiAddress == "ana@Example.ORG", "an ASCII domain as it was given")
        let decoded = try decode(message(to: [mailbox]))
        #expect(try Self.mailbox(try #require(decoded.header("To"))).address == "jorg@xn--bcher-kva.example")
        #expect(decoded.raw.utf8.allSatisfy { $0 < 0x80 })
    }

    /// A domain IDNA refuses could never be mailed: the address is refused
    /// where it is made, with IDNA's reason, whether given alone or as a
    /// mailbox in a flag or a campaign file.
    @Test func anAddressWhoseDomainIDNARefusesIsRejectedWithTheReason() {
        let snowman = "malformed e-mail address 'ana@☃.example': domain '☃.example' is not a valid internationalised domain name: "
            + "string contains a disallowed character"
        #expect(throws: InputError(snowman)) { try MailAddress(address: "ana@☃.example") }
        #expect(throws: InputError(snowman)) { try MailAddress(parsing: "Ana <ana@☃.example>") }
        #expect(throws: InputError("malformed e-mail address 'ana@xn--zz.example': domain 'xn--zz.example' is not a valid "
                                   + "internationalised domain name: string contains invalid punycode data")) {
            try MailAddress(address: "ana@xn--zz.example")
        }
    }

    // MARK: - Body

    @Test func bothPartsArePresentTextFirstInUTF8() throws {
        let decoded = try decode(message(text: "Hola Ana,\n\n¡gracias!\n", html: "<p>¡Hola Ana!</p>\n"))
        let contentType = try #require(decoded.header("Content-Type"))
        #expect(contentType.hasPrefix("multipart/alternative; boundary=\"=_campaign_"))
        #expect(decoded.header("Content-Transfer-Encoding") == nil)
        #expect(decoded.parts.count == 2)
        let types = decoded.parts.map { part in part.headers.first { $0.name == "Content-Type" }?.value }
        #expect(types == ["text/plain; charset=utf-8", "text/html; charset=utf-8"])
        for part in decoded.parts {
            #expect(part.headers.first { $0.name == "Content-Transfer-Encoding" }?.value == "quoted-printable")
        }
        #expect(decoded.parts.first?.text == "Hola Ana,\r\n\r\n¡gracias!\r\n")
        #expect(decoded.parts.last?.text == "<p>¡Hola Ana!</p>\r\n")
    }

    @Test func withoutHTMLTheMessageIsOneTextPart() throws {
        let decoded = try decode(message(text: "Hola, señora.", html: nil))
        #expect(decoded.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(decoded.header("Content-Transfer-Encoding") == "quoted-printable")
        #expect(decoded.parts.count == 1)
        #expect(decoded.parts.first?.text == "Hola, señora.\r\n")
        #expect(!decoded.raw.contains("multipart"))
    }

    @Test func everyLineEndsInCRLF() throws {
        let text = "one\ntwo\rthree\r\nfour\n\rfive\r\r\nsix"
        let bytes = message(text: text, html: "<p>a</p>\r<p>b</p>\n").encoded(boundarySeed: "crlf")
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A { #expect(index > 0 && bytes[index - 1] == 0x0D, "bare LF at \(index)") }
            if byte == 0x0D { #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A, "bare CR at \(index)") }
        }
        #expect(bytes.suffix(2) == [0x0D, 0x0A])
        let decoded = try Self.decode(bytes)
        #expect(decoded.parts.first?.text == "one\r\ntwo\r\nthree\r\nfour\r\n\r\nfive\r\n\r\nsix")
        #expect(decoded.parts.last?.text == "<p>a</p>\r\n<p>b</p>\r\n")
    }

    @Test func aVeryLongLineIsWrappedAt76AndDecodesExactly() throws {
        let longLine = String((0..<5000).map { index in Array("abcdeñ fghí=jklmnó.pq\t")[index % 22] })
        let text = "Start\n" + longLine + "\nEnd with space "
        let decoded = try decode(message(text: text, html: "<p>" + longLine + "</p>"))
        let bodyLines = decoded.lines.drop { !$0.isEmpty }
        for line in bodyLines {
            #expect(line.utf8.count <= 76, "body line of \(line.utf8.count) characters")
        }
        #expect(decoded.parts.first?.text == "Start\r\n" + longLine + "\r\nEnd with space ")
        #expect(decoded.parts.last?.text == "<p>" + longLine + "</p>")
        #expect(decoded.raw.contains("space=20\r\n"), "trailing white space is encoded")
    }

    @Test func linesStartingWithADotSurvive() throws {
        let text = ".hidden line\n.\n..\nmiddle . dot\n" + String(repeating: "a", count: 75) + ".after a soft break\nFrom here on\n"
        let decoded = try decode(message(text: text, html: ".\n"))
        #expect(decoded.parts.first?.text == text.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(decoded.parts.last?.text == ".\r\n")
        for line in decoded.lines {
            #expect(!line.hasPrefix("."), "a raw line starts with a dot: \(line)")
            #expect(!line.hasPrefix("From "), "a raw line starts with From: \(line)")
        }
        #expect(decoded.raw.contains("\r\n=2E\r\n"))
    }

    @Test func boundaryIsFixedWhenSeededAndCannotOccurInQuotedPrintable() throws {
        let mail = message(text: "=_campaign_ --=_campaign_ =5F", html: "<p>=_</p>")
        #expect(mail.encoded(boundarySeed: "s") == mail.encoded(boundarySeed: "s"))
        #expect(mail.encoded(boundarySeed: "s") != mail.encoded(boundarySeed: "t"))
        #expect(mail.encoded() != mail.encoded())
        let boundary = MailMessage.boundary(seed: "s")
        #expect(boundary.hasPrefix("=_campaign_") && boundary.count == 43)
        let decoded = try decode(mail)
        #expect(decoded.parts.map(\.text) == ["=_campaign_ --=_campaign_ =5F", "<p>=_</p>"])
    }
}
