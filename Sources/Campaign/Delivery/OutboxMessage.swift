/// A message on its way out: what the outbox stores before anything is sent.
public struct OutboxMessage: Sendable {
    /// What a message is for; the outbox lists and purges by it.
    public enum Kind: String, Sendable, CaseIterable {
        case confirmation
        case organizerDigest = "organizer-digest"
        case officialDigest = "official-digest"
        /// An official's response, to the signers who asked for news.
        case response
        case test

        /// Whether it goes to a signer, whose address is theirs to keep.
        public var isToSigner: Bool { self == .confirmation || self == .response }
    }

    /// What the message is, unique in the outbox, so the same message is
    /// never queued twice ("confirmation:<token hash>", "digest:12:organizers:a@b.org").
    public let key: String
    public let kind: Kind
    public let campaignID: Int64?
    /// The envelope sender.
    public let sender: String
    /// The one envelope recipient.
    public let recipient: String
    /// For `outbox list`; the message itself carries the encoded header.
    public let subject: String
    public let body: Body

    /// The message as it waits.
    public enum Body: Sendable, Equatable {
        /// RFC 5322 bytes with CRLF line ends.
        case encoded([UInt8])
        /// A `MailDraft`'s JSON, written from the templates when sent. Kept as
        /// text so the signature writer's transaction only copies it.
        case draft(json: String)
    }

    public init(key: String, kind: Kind, campaignID: Int64?, sender: String, recipient: String, subject: String, body: Body) {
        self.key = key
        self.kind = kind
        self.campaignID = campaignID
        self.sender = sender
        self.recipient = recipient
        self.subject = subject
        self.body = body
    }

    /// The encoded message; empty for a draft.
    public var bytes: [UInt8] {
        if case .encoded(let bytes) = body { bytes } else { [] }
    }

    /// The draft's JSON; nil for an encoded message.
    public var draftJSON: String? {
        if case .draft(let json) = body { json } else { nil }
    }

    /// One message per recipient of `message`, keyed `key:recipient`.
    public static func of(_ message: MailMessage, key: String, kind: Kind, campaignID: Int64?) -> [OutboxMessage] {
        let bytes = message.encoded()
        return message.to.map {
            OutboxMessage(key: message.to.count == 1 ? key : key + ":" + $0.asciiAddress, kind: kind, campaignID: campaignID,
                          sender: message.from.asciiAddress, recipient: $0.asciiAddress, subject: message.subject, body: .encoded(bytes))
        }
    }
}
