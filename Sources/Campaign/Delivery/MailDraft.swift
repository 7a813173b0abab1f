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

    /// The draft as the compact JSON the outbox stores, written by
    /// Foundation's JSONEncoder (members in name order, so the same draft
    /// is always the same text).
    public var json: String {
        get throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        }
    }

    /// Reads a draft the outbox stored, in this form or the one written by
    /// hand before it; throws an `InputError` naming `source` and the
    /// member that is missing, of the wrong kind, or not a valid address.
    public init(json: String, source: String) throws {
        do {
            self = try JSONDecoder().decode(MailDraft.self, from: Data(json.utf8))
        } catch let error as DecodingError {
            throw InputError("\(source): \(Self.describe(error))")
        } catch {
            throw InputError("\(source): \(error)")
        }
    }

    /// What is wrong with a stored draft, naming the member by its path (`to.address`).
    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is missing"
        case .valueNotFound(_, let context): return "\(path(context.codingPath)) is null"
        case .typeMismatch(let type, let context): return "\(path(context.codingPath)) is not \(type == String.self ? "a string" : "of the right kind")"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON (\(context.debugDescription))" : "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

// MARK: - JSON

extension MailDraft: Codable {
    private enum CodingKeys: String, CodingKey {
        case template, locale, from, replyTo = "reply_to", to, subject, date, messageID = "message_id",
             unsubscribeURL = "unsubscribe_url", oneClickUnsubscribe = "one_click_unsubscribe", headers, values
    }

    /// A mailbox as stored: checked again as it is read.
    private struct StoredMailbox: Codable {
        let name: String
        let address: String
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func mailbox(_ key: CodingKeys) throws -> MailAddress? {
            try container.decodeIfPresent(StoredMailbox.self, forKey: key).map { try MailAddress(name: $0.name, address: $0.address) }
        }
        func required(_ key: CodingKeys) throws -> MailAddress {
            guard let address = try mailbox(key) else {
                throw DecodingError.valueNotFound(StoredMailbox.self, .init(codingPath: [key], debugDescription: "\(key.stringValue) is null"))
            }
            return address
        }
        self.init(
            template: try container.decode(String.self, forKey: .template),
            locale: try container.decode(String.self, forKey: .locale),
            from: try required(.from),
            replyTo: try mailbox(.replyTo),
            to: try required(.to),
            subject: try container.decode(String.self, forKey: .subject),
            // Seconds since 1970, as a number.
            date: Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .date)),
            messageID: try container.decode(String.self, forKey: .messageID),
            unsubscribeURL: try container.decodeIfPresent(String.self, forKey: .unsubscribeURL),
            oneClickUnsubscribe: try container.decodeIfPresent(Bool.self, forKey: .oneClickUnsubscribe) ?? false,
            headers: try container.decodeIfPresent([Header].self, forKey: .headers) ?? [],
            values: try container.decodeIfPresent([String: String].self, forKey: .values) ?? [:])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(template, forKey: .template)
        try container.encode(locale, forKey: .locale)
        try container.encode(StoredMailbox(name: from.name, address: from.address), forKey: .from)
        try container.encode(replyTo.map { StoredMailbox(name: $0.name, address: $0.address) }, forKey: .replyTo)
        try container.encode(StoredMailbox(name: to.name, address: to.address), forKey: .to)
        try container.encode(subject, forKey: .subject)
        try container.encode(date.timeIntervalSince1970, forKey: .date)
        try container.encode(messageID, forKey: .messageID)
        try container.encode(unsubscribeURL, forKey: .unsubscribeURL)
        try container.encode(oneClickUnsubscribe, forKey: .oneClickUnsubscribe)
        try container.encode(headers, forKey: .headers)
        try container.encode(values, forKey: .values)
    }
}

extension MailDraft.Header: Codable {
    /// A header is stored as the pair `[name, value]`.
    public init(from decoder: any Decoder) throws {
        var pair = try decoder.unkeyedContainer()
        let name = try pair.decode(String.self)
        let value = try pair.decode(String.self)
        guard pair.isAtEnd else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a header is not a [name, value] pair"))
        }
        self.init(name, value)
    }

    public func encode(to encoder: any Encoder) throws {
        var pair = encoder.unkeyedContainer()
        try pair.encode(name)
        try pair.encode(value)
    }
}
