import Foundation

/// A message whose every header and link is fixed when it is queued, but
/// whose body is written from the mail templates only when it is sent.
///
/// A signature's confirmation mail is queued this way, by the
/// `ConfirmationSpooler` moments after the signature's commit: nobody waits
/// on rendering and MIME-encoding a message, and the outbox row is a few
/// hundred bytes rather than a few kilobytes.
public struct MailDraft: Sendable, Equatable {
    /// `mail/NAME.txt` and `mail/NAME.html` in the templates folder.
    public let template: String
    public let locale: String
    public let from: MailAddress
    public let replyTo: MailAddress?
    public let to: MailAddress
    public let subject: String
    public let date: Date
    /// The `Message-ID`, fixed so a message sent twice after a crash is recognisably one.
    public let messageID: String
    public let unsubscribeURL: String?
    public let oneClickUnsubscribe: Bool
    /// Extra headers, as for `MailMessage.headers`.
    public let headers: [Header]
    /// The template's values, all text: escaped for HTML like any other.
    public let values: [String: String]

    /// One extra header.
    public struct Header: Sendable, Equatable {
        public let name: String
        public let value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(template: String, locale: String, from: MailAddress, replyTo: MailAddress?, to: MailAddress, subject: String, date: Date,
                messageID: String, unsubscribeURL: String?, oneClickUnsubscribe: Bool, headers: [Header], values: [String: String]) {
        self.template = template
        self.locale = locale
        self.from = from
        self.replyTo = replyTo
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.unsubscribeURL = unsubscribeURL
        self.oneClickUnsubscribe = oneClickUnsubscribe
        self.headers = headers
        self.values = values
    }

    // MARK: - Storage

    /// The draft as the compact JSON the outbox stores. Written straight
    /// to bytes: every signature on a petition that confirms e-mail makes one.
    public var json: String {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        func key(_ name: String) {
            out.append(out.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
            JSONOutput.appendQuoted(name, to: &out)
            out.append(UInt8(ascii: ":"))
        }
        func string(_ name: String, _ value: String?) {
            key(name)
            if let value { JSONOutput.appendQuoted(value, to: &out) } else { out += "null".utf8 }
        }
        func mailbox(_ name: String, _ address: MailAddress?) {
            key(name)
            guard let address else { out += "null".utf8; return }
            out += #"{"name":"#.utf8
            JSONOutput.appendQuoted(address.name, to: &out)
            out += #","address":"#.utf8
            JSONOutput.appendQuoted(address.address, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        string("template", template)
        string("locale", locale)
        mailbox("from", from)
        mailbox("reply_to", replyTo)
        mailbox("to", to)
        string("subject", subject)
        key("date")
        out += String(date.timeIntervalSince1970).utf8
        string("message_id", messageID)
        string("unsubscribe_url", unsubscribeURL)
        key("one_click_unsubscribe")
        out += (oneClickUnsubscribe ? "true" : "false").utf8
        key("headers")
        out.append(UInt8(ascii: "["))
        for (index, header) in headers.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "["))
            JSONOutput.appendQuoted(header.name, to: &out)
            out.append(UInt8(ascii: ","))
            JSONOutput.appendQuoted(header.value, to: &out)
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "]"))
        key("values")
        for (index, (name, value)) in values.enumerated() {
            out.append(index == 0 ? UInt8(ascii: "{") : UInt8(ascii: ","))
            JSONOutput.appendQuoted(name, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONOutput.appendQuoted(value, to: &out)
        }
        out += (values.isEmpty ? "{}}" : "}}").utf8
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads a draft the outbox stored; throws an `InputError` naming the
    /// member that is missing or of the wrong kind.
    public init(json: String, source: String) throws {
        let root = try JSONParser.parse(bytes: Array(json.utf8), file: source)
        func string(_ node: JSONNode?, _ name: String) throws -> String {
            guard let text = node?.string else { throw InputError("\(source): \(name) is missing or not a string") }
            return text
        }
        func mailbox(_ name: String) throws -> MailAddress? {
            guard let node = root[name], !node.isNull else { return nil }
            return try MailAddress(name: try string(node["name"], name + ".name"), address: try string(node["address"], name + ".address"))
        }
        guard let from = try mailbox("from"), let to = try mailbox("to") else { throw InputError("\(source): from or to is missing") }
        guard let seconds = root["date"]?.number else { throw InputError("\(source): date is missing or not a number") }
        let unsubscribe = root["unsubscribe_url"]
        self.init(
            template: try string(root["template"], "template"),
            locale: try string(root["locale"], "locale"),
            from: from,
            replyTo: try mailbox("reply_to"),
            to: to,
            subject: try string(root["subject"], "subject"),
            date: Date(timeIntervalSince1970: seconds),
            messageID: try string(root["message_id"], "message_id"),
            unsubscribeURL: unsubscribe == nil || unsubscribe?.isNull == true ? nil : try string(unsubscribe, "unsubscribe_url"),
            oneClickUnsubscribe: root["one_click_unsubscribe"].map { if case .bool(let flag) = $0.value { flag } else { false } } ?? false,
            headers: try (root["headers"]?.array ?? []).map { pair in
                guard let parts = pair.array, parts.count == 2 else { throw InputError("\(source): a header is not a [name, value] pair") }
                return Header(try string(parts[0], "header name"), try string(parts[1], "header value"))
            },
            values: Dictionary(try (root["values"]?.members ?? []).map { ($0.key, try string($0.value, "values." + $0.key)) },
                               uniquingKeysWith: { _, last in last }))
    }
}
