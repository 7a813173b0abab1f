import Foundation

/// Deliveries of packets and officials' responses, and the unsubscribe
/// tokens of the mail that announces a response. All their SQL lives here.
public enum DeliveryStore {
    /// A delivery to record.
    public struct NewDelivery: Sendable {
        public var officialID: String
        public var officialName: String
        public var date: PartialDate
        public var signatures: Int
        public var possible: Int
        public var note: String
        public var packetName: String?
        public var packetSHA256: String?

        public init(officialID: String, officialName: String, date: PartialDate, signatures: Int, possible: Int, note: String,
                    packetName: String?, packetSHA256: String?) {
            self.officialID = officialID
            self.officialName = officialName
            self.date = date
            self.signatures = signatures
            self.possible = possible
            self.note = note
            self.packetName = packetName
            self.packetSHA256 = packetSHA256
        }
    }

    /// Records a delivery; its id.
    @discardableResult
    public static func recordDelivery(_ delivery: NewDelivery, campaignID: Int64, at time: Date, _ db: Database) throws -> Int64 {
        let sql = statements(db)
        guard let id = try db.value(sql.insertDelivery, [campaignID, delivery.officialID, delivery.officialName, delivery.date.description,
                                                         delivery.signatures, delivery.possible, delivery.note, delivery.packetName,
                                                         delivery.packetSHA256, CampaignStore.timestamp(time)], as: Int64.self) else {
            throw DatabaseError.noRow(sql: sql.insertDelivery)
        }
        return id
    }

    /// What recording a response did.
    public enum ResponseOutcome: Sendable, Equatable {
        /// The official's first response to the campaign.
        case added(id: Int64)
        /// A correction: the official's earlier response was replaced.
        case replaced(id: Int64)

        public var id: Int64 {
            switch self { case .added(let id), .replaced(let id): id }
        }
    }

    /// Stores an official's response; one they gave before is replaced.
    public static func recordResponse(campaignID: Int64, officialID: String, officialName: String, date: PartialDate,
                                      texts: [String: String], at time: Date, _ db: Database) throws -> ResponseOutcome {
        let sql = statements(db)
        let stamp = CampaignStore.timestamp(time)
        let encoded = try CampaignStore.encodeFiles(texts)
        if let id = try db.value(sql.findResponse, [campaignID, officialID], as: Int64.self) {
            try db.execute(sql.replaceResponse, [officialName, date.description, encoded, stamp, id])
            return .replaced(id: id)
        }
        guard let id = try db.value(sql.insertResponse, [campaignID, officialID, officialName, date.description, encoded, stamp, stamp],
                                    as: Int64.self) else {
            throw DatabaseError.noRow(sql: sql.insertResponse)
        }
        return .added(id: id)
    }

    /// A campaign's deliveries (oldest first) and responses (newest first).
    public static func record(campaignID: Int64, _ db: Database) throws -> CampaignRecord {
        let sql = statements(db)
        let deliveries = try db.rows(sql.deliveries, [campaignID]).map { row in
            CampaignRecord.Delivery(
                id: try row.decode("id"), officialID: try row.decode("official_id"), officialName: try row.decode("official_name"),
                date: try day(row, "delivered_on"), signatures: try row.decode("signatures"), possible: try row.decode("possible"),
                note: try row.decode("note"), packetName: try row.decode("packet_name"), packetSHA256: try row.decode("packet_sha256"),
                recordedAt: try row.decode("recorded_at"))
        }
        let responses = try db.rows(sql.responses, [campaignID]).map { row in
            CampaignRecord.Response(id: try row.decode("id"), officialID: try row.decode("official_id"), officialName: try row.decode("official_name"),
                                    date: try day(row, "responded_on"), texts: try CampaignStore.decodeFiles(try row.decode("texts")))
        }
        return CampaignRecord(deliveries: deliveries, responses: responses)
    }

    /// Every campaign's record that has one, by campaign id: what the site loads.
    public static func records(_ db: Database) throws -> [Int64: CampaignRecord] {
        let ids = try db.rows(statements(db).campaignsWithRecords).map { try $0.decode("campaign_id", as: Int64.self) }
        return try Dictionary(uniqueKeysWithValues: ids.map { ($0, try record(campaignID: $0, db)) })
    }

    private static func day(_ row: Row, _ column: String) throws -> PartialDate {
        let text: String = try row.decode(column)
        guard let date = PartialDate(text) else { throw InputError("\(column): a stored day that does not read as one") }
        return date
    }

    // MARK: - Who hears of a response

    /// A signer to tell of a response: counted, agreed to hear about the
    /// campaign, and not unsubscribed since.
    public struct Subscriber: Sendable {
        public let signatureID: Int64
        public let name: String
        public let email: String
        public let locale: String
    }

    /// The campaign's signers who may be sent updates now, in signing order.
    public static func subscribers(campaignID: Int64, _ db: Database) throws -> [Subscriber] {
        try db.rows(statements(db).subscribers, [campaignID]).map { row in
            Subscriber(signatureID: try row.decode("id"), name: try row.decode("name"), email: try row.decode("email"), locale: try row.decode("locale"))
        }
    }

    /// Keeps the hash of a new unsubscribe token for a signature's mail.
    public static func addMailToken(_ token: String, signatureID: Int64, _ db: Database) throws {
        try db.execute(statements(db).addMailToken, [SignerToken.storedHash(token), signatureID])
    }
}

// MARK: - SQL

extension DeliveryStore {
    /// Every statement the store runs, in one SQL dialect.
    struct Statements: StoreStatements {
        let insertDelivery: String
        let findResponse: String
        let insertResponse: String
        let replaceResponse: String
        let deliveries: String
        let responses: String
        let campaignsWithRecords: String
        let subscribers: String
        let addMailToken: String
    }

    static func statements(_ db: Database) -> Statements { db.statements(Statements.self) }
}

extension DeliveryStore.Statements {
    static let sqlite = DeliveryStore.Statements(
        insertDelivery: """
            INSERT INTO deliveries (campaign_id, official_id, official_name, delivered_on, signatures, possible, note, packet_name, packet_sha256, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """,
        findResponse: "SELECT id FROM responses WHERE campaign_id = ? AND official_id = ?",
        insertResponse: """
            INSERT INTO responses (campaign_id, official_id, official_name, responded_on, texts, recorded_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
            """,
        replaceResponse: "UPDATE responses SET official_name = ?, responded_on = ?, texts = ?, updated_at = ? WHERE id = ?",
        deliveries: """
            SELECT id, official_id, official_name, delivered_on, signatures, possible, note, packet_name, packet_sha256, recorded_at
            FROM deliveries WHERE campaign_id = ? ORDER BY delivered_on, id
            """,
        responses: """
            SELECT id, official_id, official_name, responded_on, texts FROM responses
            WHERE campaign_id = ? ORDER BY responded_on DESC, id DESC
            """,
        campaignsWithRecords: "SELECT campaign_id FROM deliveries UNION SELECT campaign_id FROM responses",
        subscribers: """
            SELECT id, name, email, locale FROM signatures
            WHERE campaign_id = ? AND consent_updates = TRUE AND unsubscribed_at IS NULL AND validated_seq IS NOT NULL AND email <> ''
            ORDER BY id
            """,
        addMailToken: "INSERT INTO signer_mail_tokens (token_hash, signature_id) VALUES (?, ?)"
    )
}

extension DeliveryStore.Statements {
    /// Nothing in these statements is SQLite's own: PostgreSQL runs them as they are.
    static let postgres = DeliveryStore.Statements.sqlite
}
