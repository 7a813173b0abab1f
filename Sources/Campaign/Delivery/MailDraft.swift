import Foundation

/// A message whose every header and link is fixed when it is queued, but
/// whose body is written from the mail templates only when it is sent.
///
/// A signature queues its confirmation mail this way, in the same
/// transaction: the signer waits on the commit, not on rendering and
/// MIME-encoding a message, and the outbox row is a few hundred bytes
/// rather than a few kilobytes.
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

    /// The draft as the compact JSON the outbox stores.
    public var json: String {
        func mailbox(_ address: MailAddress) -> JSONOutput { .object([("name", .string(address.name)), ("address", .string(address.address))]) }
        let members: [(String, JSONOutput)] = [
            ("template", .string(template)),
            ("locale", .string(locale)),
            ("from", mailbox(from)),
            ("reply_to", replyTo.map(mailbox) ?? .null),
            ("to", mailbox(to)),
            ("subject", .string(subject)),
            ("date", .number(date.timeIntervalSince1970)),
            ("message_id", .string(messageID)),
            ("unsubscribe_url", .string(unsubscribeURL)),
            ("one_click_unsubscribe", .bool(oneClickUnsubscribe)),
            ("headers", .array(headers.map { .array([.string($0.name), .string($0.value)]) })),
            ("values", .object(values.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ]
        return JSONOutput.object(members).compact()
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
