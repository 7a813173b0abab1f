import Foundation

/// One e-mail, ready to be encoded as MIME: a text part and, usually, an
/// HTML alternative, all UTF-8.
///
/// Everything that comes from outside (subject, names, extra header values)
/// is sanitised when encoded: a CR, LF, NUL or other control character
/// becomes a space, so no value can start a header line of its own.
public struct MailMessage: Sendable {
    /// The author.
    public var from: MailAddress
    /// The recipients; with none, the `To` header is left out.
    public var to: [MailAddress]
    /// Where replies go, when not to `from`.
    public var replyTo: MailAddress?
    /// The subject, any Unicode.
    public var subject: String
    /// The text/plain part.
    public var text: String
    /// The text/html part; nil makes a single text/plain message.
    public var html: String?
    /// When the message was written, for the `Date` header.
    public var date: Date
    /// The `Message-ID` without angle brackets, such as
    /// `confirm.42.ab12@act.example.org`; see `messageID(key:domain:)`.
    /// Characters a msg-id may not hold are dropped when encoded.
    public var messageID: String
    /// For supporter mail: written as `List-Unsubscribe: <url>`.
    public var unsubscribeURL: String?
    /// Whether the unsubscribe URL accepts RFC 8058 one-click POSTs: adds
    /// `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
    public var oneClickUnsubscribe: Bool
    /// Extra headers such as `("Auto-Submitted", "auto-generated")`. A name
    /// that is not an RFC 5322 field name, or that names a header this type
    /// writes itself (see `builtInHeaderNames`), is left out; values are
    /// sanitised and encoded like the subject.
    public var headers: [(name: String, value: String)]

    /// Makes a message; only the parts every message needs have no default.
    public init(
        from: MailAddress,
        to: [MailAddress],
        subject: String,
        text: String,
        html: String? = nil,
        date: Date,
        messageID: String,
        replyTo: MailAddress? = nil,
        unsubscribeURL: String? = nil,
        oneClickUnsubscribe: Bool = false,
        headers: [(name: String, value: String)] = []
    ) {
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.text = text
        self.html = html
        self.date = date
        self.messageID = messageID
        self.unsubscribeURL = unsubscribeURL
        self.oneClickUnsubscribe = oneClickUnsubscribe
        self.headers = headers
    }

    /// Headers `encoded` writes itself, lowercased: extra headers with these
    /// names are left out, since a second `Content-Type` or `From` would make
    /// the message ambiguous.
    public static let builtInHeaderNames: Set<String> = [
        "date", "from", "to", "cc", "bcc", "reply-to", "subject", "message-id", "mime-version",
        "content-type", "content-transfer-encoding", "list-unsubscribe", "list-unsubscribe-post",
    ]

    // MARK: - Encoding

    /// The whole message as RFC 5322 with MIME, CRLF line ends and only
    /// ASCII, ready for SMTP DATA. It is not dot-stuffed (the transport does
    /// that), though no body line starts with a dot anyway (see
    /// `QuotedPrintable`). The multipart boundary is random, or derived from
    /// `boundarySeed` when one is given, so tests get the same bytes each run.
    public func encoded(boundarySeed: String? = nil) -> [UInt8] {
        var head = ""
        head += field("Date") { $0.appendWord(MailDate.format(date)) }
        head += field("From") { $0.appendAddresses([from]) }
        if !to.isEmpty { head += field("To") { $0.appendAddresses(to) } }
        if let replyTo { head += field("Reply-To") { $0.appendAddresses([replyTo]) } }
        head += field("Subject") { $0.appendUnstructured(MailHeaderWriter.sanitized(subject)) }
        head += field("Message-ID") { $0.appendWord("<" + Self.wireMessageID(messageID) + ">") }
        head += "MIME-Version: 1.0\r\n"
        if let unsubscribeURL, let link = Self.wireURL(unsubscribeURL) {
            head += field("List-Unsubscribe") { $0.appendWord("<" + link + ">") }
            if oneClickUnsubscribe { head += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" }
        }
        for header in headers where Self.isExtraHeaderName(header.name) {
            head += field(header.name) { $0.appendUnstructured(MailHeaderWriter.sanitized(header.value)) }
        }

        var message = Array(head.utf8)
        guard let html else {
            message += Array(Self.partHeaders(contentType: "text/plain").utf8)
            message += QuotedPrintable.encode(text)
            if !message.ends(with: crlf) { message += crlf }
            return message
        }
        let boundary = Self.boundary(seed: boundarySeed)
        message += Array(field("Content-Type") {
            $0.appendWord("multipart/alternative;")
            $0.appendWord("boundary=\"\(boundary)\"")
        }.utf8)
        message += crlf
        // The CRLF before each delimiter belongs to the delimiter (RFC 2046
        // §5.1.1), so each part decodes to exactly its text.
        for (contentType, body) in [("text/plain", text), ("text/html", html)] {
            message += Array("--\(boundary)\r\n".utf8)
            message += Array(Self.partHeaders(contentType: contentType).utf8)
            message += QuotedPrintable.encode(body)
            message += crlf
        }
        message += Array("--\(boundary)--\r\n".utf8)
        return message
    }

    /// A stable Message-ID (without angle brackets) for `key`, such as an
    /// outbox key, at `domain`: the same inputs give the same id, so a resent
    /// message is recognisably the same one. The key is hashed, so nothing in
    /// it (an address, say) shows in the header. The domain is usually the
    /// sender's, which IDNA accepted when the sender was parsed; one IDNA
    /// refuses gives `campaign.invalid`, as an empty one does: an id is
    /// always made, and a name IDNA refuses could not be meant.
    public static func messageID(key: String, domain: String) -> String {
        let digest = SHA256.hex(SHA256.hash(Array(key.utf8)))
        let ascii = ((try? IDNA.asciiDomain(domain.trimmedWhitespace)) ?? "").lowercased()
        let cleanDomain = String(decoding: ascii.utf8.filter { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"): true
            default: false
            }
        }, as: UTF8.self)
        return String(digest.prefix(32)) + "@" + (cleanDomain.isEmpty ? "campaign.invalid" : cleanDomain)
    }

    // MARK: - Pieces

    private var crlf: [UInt8] { [0x0D, 0x0A] }

    private func field(_ name: String, _ write: (inout MailHeaderWriter) -> Void) -> String {
        var writer = MailHeaderWriter(name: name)
        write(&writer)
        return writer.field
    }

    /// The headers of a text part and the blank line after them.
    private static func partHeaders(contentType: String) -> String {
        "Content-Type: \(contentType); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
    }

    /// A boundary quoted-printable can never produce: in QP output `=` is
    /// always followed by two hex digits or a line break, never by `_`.
    static func boundary(seed: String?) -> String {
        let bytes = seed.map { SHA256.hash(Array("campaign mime boundary \($0)".utf8)) } ?? SecureRandom.bytes(16)
        return "=_campaign_" + SHA256.hex(bytes.prefix(16))
    }

    /// Whether `name` may be written as an extra header: 1 to 76 printable
    /// ASCII characters without a colon (RFC 5322 `field-name`), and not one
    /// of the headers this type writes itself.
    static func isExtraHeaderName(_ name: String) -> Bool {
        (1...76).contains(name.utf8.count) && name.utf8.allSatisfy { (0x21...0x7E).contains($0) && $0 != UInt8(ascii: ":") }
            && !builtInHeaderNames.contains(name.lowercased())
    }

    /// `id` reduced to what a msg-id may hold (`atext`, `.` and `@`); an id
    /// that is then not of the form `left@right`, or absurdly long, is
    /// replaced by one hashed from it.
    static func wireMessageID(_ id: String) -> String {
        let kept = String(decoding: id.utf8.filter { MailHeaderWriter.isAtext($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "@") }, as: UTF8.self)
        let parts = kept.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, kept.utf8.count <= 250 else {
            return messageID(key: id, domain: "campaign.invalid")
        }
        return kept
    }

    /// `url` with white space and control characters dropped and anything
    /// else that cannot stand inside `<…>` percent-encoded; nil when it is
    /// empty or too long to go on one header line.
    static func wireURL(_ url: String) -> String? {
        var result: [UInt8] = []
        let hexDigits = Array("0123456789ABCDEF".utf8)
        for byte in url.utf8 {
            switch byte {
            case 0...0x20, 0x7F: continue
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), 0x80...:
                result += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            default: result.append(byte)
            }
        }
        guard !result.isEmpty, result.count <= 900 else { return nil }
        return String(decoding: result, as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
