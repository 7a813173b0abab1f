/// A digest worked out but not yet recorded: whom it is for, the window of
/// signatures and call reports it covers, and its messages.
public struct DigestPlan: Sendable {
    /// The signatures (by the order they started to count) and call reports
    /// (by id) a digest covers: after < n <= through.
    public struct Window: Sendable, Equatable {
        public let afterSeq: Int64
        public let throughSeq: Int64
        public let afterCall: Int64
        public let throughCall: Int64
    }

    public let campaignID: Int64
    public let slug: String
    /// "organizers", or the official's id.
    public let audience: String
    public let window: Window
    public let newSignatures: Int
    public let newCalls: Int
    /// One per recipient; empty when there is no one to send to.
    public let messages: [OutboxMessage]
    /// The subject and text part, for previews and dry runs.
    public let subject: String
    public let text: String
    /// Why nothing would be sent, when nothing would.
    public let skipped: String?
}
