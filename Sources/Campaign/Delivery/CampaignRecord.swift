/// What happened to a campaign after launch, as its page shows it: the
/// packets handed to offices and the answers officials gave.
public struct CampaignRecord: Sendable, Equatable {
    /// A packet handed to an office (`campaign deliver`).
    public struct Delivery: Sendable, Equatable {
        public let id: Int64
        public let officialID: String
        /// The official's name when it was recorded.
        public let officialName: String
        /// The day it was handed over.
        public let date: PartialDate
        /// The official's known constituents the packet held.
        public let signatures: Int
        /// Signers whose ZIP code spans the official's district and others, listed apart.
        public let possible: Int
        public let note: String
        /// The packet file's name and the SHA-256 of its bytes, when given.
        public let packetName: String?
        public let packetSHA256: String?
        /// When it was recorded, as stored.
        public let recordedAt: String
    }

    /// An official's answer (`campaign respond`): Markdown per locale.
    public struct Response: Sendable, Equatable {
        public let id: Int64
        public let officialID: String
        public let officialName: String
        /// The day the official answered.
        public let date: PartialDate
        public let texts: [String: String]

        public init(id: Int64, officialID: String, officialName: String, date: PartialDate, texts: [String: String]) {
            self.id = id
            self.officialID = officialID
            self.officialName = officialName
            self.date = date
            self.texts = texts
        }
    }

    /// Oldest first.
    public var deliveries: [Delivery]
    /// Newest first.
    public var responses: [Response]

    public init(deliveries: [Delivery] = [], responses: [Response] = []) {
        self.deliveries = deliveries
        self.responses = responses
    }

    public static let empty = CampaignRecord()

    public var isEmpty: Bool { deliveries.isEmpty && responses.isEmpty }
}
