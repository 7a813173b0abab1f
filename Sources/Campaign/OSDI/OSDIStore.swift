/// What the OSDI documents read: counted signatures, the people who agreed
/// to hear from the organizer, counted call reports. Read-only; all of the
/// OSDI view's SQL lives here, beside the stores that write these tables.
enum OSDIStore {
    /// A counted signature as a Signature resource shows it.
    struct Signature: Sendable {
        let id: Int64
        let campaignID: Int64
        /// The key of its signer as a person; nil when they did not agree to hear from the organizer.
        let person: String?
        let reason: String
        let createdAt: String
        /// Its last change: confirmed, its signer unsubscribed or was
        /// erased, or its reason decided on; what a CRM syncing by
        /// `modified_date` looks for.
        let modifiedAt: String

        init(id: Int64, campaignID: Int64, person: String?, reason: String, createdAt: String, changes: [String?]) {
            self.id = id
            self.campaignID = campaignID
            self.person = person
            self.reason = reason
            self.createdAt = createdAt
            // Stored timestamps are ISO 8601 in UTC: as text they sort as times do.
            modifiedAt = changes.compactMap { $0 }.max().map { max($0, createdAt) } ?? createdAt
        }
    }

    /// One signature of a person, as their Person resource reads it.
    struct PersonSignature: Sendable {
        let name: String
        let email: String
        let zip: String
        let locale: String
        let createdAt: String
        let validatedAt: String?
    }

    /// A counted call report: what was called and how it ended, nothing of the caller.
    struct Outreach: Sendable {
        let id: Int64
        let target: String
        let outcome: String
        let createdAt: String
    }

    // MARK: - People

    /// How many people agreed to hear from the organizer; with a campaign, those who did on it.
    static func countPeople(campaignID: Int64?, _ db: Database) throws -> Int {
        let sql = statements(db)
        if let campaignID { return try db.value(sql.countPeopleOfCampaign, [campaignID], as: Int.self) ?? 0 }
        return try db.value(sql.countPeople, as: Int.self) ?? 0
    }

    /// A page of people, in the order they first agreed, each with their
    /// agreeing signatures, oldest first; keyed by canonical e-mail.
    static func people(campaignID: Int64?, limit: Int, offset: Int, _ db: Database) throws -> [(key: String, signatures: [PersonSignature])] {
        let sql = statements(db)
        let rows = try campaignID.map { try db.rows(sql.peoplePageOfCampaign, [$0, limit, offset]) } ?? db.rows(sql.peoplePage, [limit, offset])
        var people: [(key: String, signatures: [PersonSignature])] = []
        for row in rows {
            let key: String = try row.decode("canonical_email")
            let signature = try personSignature(row)
            if people.last?.key == key { people[people.count - 1].signatures.append(signature) } else { people.append((key, [signature])) }
        }
        return people
    }

    /// Calls `body` with each person's key until it returns true; that key, or nil.
    static func firstPerson(where body: (String) -> Bool, _ db: Database) throws -> String? {
        var found: String?
        try db.scan(statements(db).personKeys) { cursor in
            guard found == nil else { return }
            let key = try cursor.text("canonical_email")
            if body(key) { found = key }
        }
        return found
    }

    /// The agreeing signatures of the person with this key, oldest first.
    static func person(key: String, _ db: Database) throws -> [PersonSignature] {
        try db.rows(statements(db).person, [key]).map(personSignature)
    }

    private static func personSignature(_ row: Row) throws -> PersonSignature {
        PersonSignature(name: try row.decode("name"), email: try row.decode("email"), zip: try row.decode("zip"), locale: try row.decode("locale"),
                        createdAt: try row.decode("created_at"), validatedAt: try row.decode("validated_at"))
    }

    // MARK: - Signatures

    /// How many signatures of a campaign count.
    static func countSignatures(campaignID: Int64, _ db: Database) throws -> Int {
        try db.value(statements(db).countSignatures, [campaignID], as: Int.self) ?? 0
    }

    /// A page of a campaign's counted signatures, in the order they were made.
    static func signatures(campaignID: Int64, limit: Int, offset: Int, _ db: Database) throws -> [Signature] {
        try db.rows(statements(db).signaturesPage, [campaignID, limit, offset]).map(signature)
    }

    /// Calls `body` with each of a campaign's counted signatures, a row at a time.
    static func forEachSignature(campaignID: Int64, _ db: Database, _ body: (Signature) throws -> Void) throws {
        try db.scan(statements(db).allSignatures, [campaignID]) { cursor in
            let agreed = try cursor.bool("consent_updates") && cursor.isNull("unsubscribed_at")
            try body(Signature(id: try cursor.int64("id"), campaignID: try cursor.int64("campaign_id"),
                               person: agreed ? try cursor.text("canonical_email") : nil, reason: try cursor.text("reason"),
                               createdAt: try cursor.text("created_at"),
                               changes: try Self.changeColumns.map { try cursor.optionalText($0) }))
        }
    }

    /// One counted signature of a campaign, or nil.
    static func signature(id: Int64, campaignID: Int64, _ db: Database) throws -> Signature? {
        try db.row(statements(db).signature, [id, campaignID]).map(signature)
    }

    private static func signature(_ row: Row) throws -> Signature {
        let agreed = try row.decode("consent_updates", as: Bool.self) && row.decode("unsubscribed_at", as: String?.self) == nil
        return Signature(id: try row.decode("id"), campaignID: try row.decode("campaign_id"), person: agreed ? try row.decode("canonical_email") : nil,
                         reason: try row.decode("reason"), createdAt: try row.decode("created_at"),
                         changes: try changeColumns.map { try row.decode($0, as: String?.self) })
    }

    /// When a signature changed after it was made.
    fileprivate static let changeColumns = ["validated_at", "unsubscribed_at", "erased_at", "reason_decided_at"]

    // MARK: - Outreaches

    /// How many call reports of a campaign count.
    static func countOutreaches(campaignID: Int64, _ db: Database) throws -> Int {
        try db.value(statements(db).countOutreaches, [campaignID], as: Int.self) ?? 0
    }

    /// A page of a campaign's counted call reports, in the order they were made.
    static func outreaches(campaignID: Int64, limit: Int, offset: Int, _ db: Database) throws -> [Outreach] {
        try db.rows(statements(db).outreachesPage, [campaignID, limit, offset]).map(outreach)
    }

    /// One counted call report of a campaign, or nil.
    static func outreach(id: Int64, campaignID: Int64, _ db: Database) throws -> Outreach? {
        try db.row(statements(db).outreach, [id, campaignID]).map(outreach)
    }

    private static func outreach(_ row: Row) throws -> Outreach {
        Outreach(id: try row.decode("id"), target: try row.decode("target"), outcome: try row.decode("outcome"), createdAt: try row.decode("created_at"))
    }
}

// MARK: - SQL

extension OSDIStore {
    /// Every statement the store runs, in one SQL dialect.
    struct Statements: StoreStatements {
        let countPeople: String
        let countPeopleOfCampaign: String
        let peoplePage: String
        let peoplePageOfCampaign: String
        let personKeys: String
        let person: String
        let countSignatures: String
        let signaturesPage: String
        let allSignatures: String
        let signature: String
        let countOutreaches: String
        let outreachesPage: String
        let outreach: String
    }

    static func statements(_ db: Database) -> Statements { db.statements(Statements.self) }
}

extension OSDIStore.Statements {
    /// A signature that counts, of a signer who agreed to hear from the organizer and has not unsubscribed.
    private static func agreed(_ prefix: String = "") -> String {
        "\(prefix)state = 'validated' AND \(prefix)suspect = FALSE AND \(prefix)consent_updates = TRUE AND \(prefix)unsubscribed_at IS NULL AND \(prefix)erased_at IS NULL"
    }
    private static let counted = "state = 'validated' AND suspect = FALSE"
    private static let personColumns = "s.canonical_email, s.name, s.email, s.zip, s.locale, s.created_at, s.validated_at"
    /// A signature's columns; its reason only while shown (not held or hidden
    /// by the organizers), and its signer as agreeing only until erased.
    private static let signatureColumns = """
        id, campaign_id, canonical_email, CASE WHEN reason_state = 'shown' THEN reason ELSE '' END AS reason, created_at, validated_at,
        consent_updates = TRUE AND erased_at IS NULL AS consent_updates, unsubscribed_at, erased_at, reason_decided_at
        """

    /// A page of people: their keys in the order they first agreed, then
    /// each one's agreeing signatures.
    private static func peoplePage(_ campaign: String) -> String {
        """
        SELECT \(personColumns) FROM signatures s JOIN (
            SELECT canonical_email, MIN(id) AS first_id FROM signatures WHERE \(agreed())\(campaign)
            GROUP BY canonical_email ORDER BY first_id LIMIT ? OFFSET ?
        ) p ON p.canonical_email = s.canonical_email
        WHERE \(agreed("s."))
        ORDER BY p.first_id, s.id
        """
    }

    private static let ofCampaign = " AND canonical_email IN (SELECT canonical_email FROM signatures WHERE campaign_id = ? AND \(agreed()))"

    static let sqlite = OSDIStore.Statements(
        countPeople: "SELECT COUNT(DISTINCT canonical_email) FROM signatures WHERE \(agreed())",
        countPeopleOfCampaign: "SELECT COUNT(DISTINCT canonical_email) FROM signatures WHERE campaign_id = ? AND \(agreed())",
        peoplePage: peoplePage(""),
        peoplePageOfCampaign: peoplePage(ofCampaign),
        personKeys: "SELECT DISTINCT canonical_email FROM signatures WHERE \(agreed())",
        person: "SELECT \(personColumns) FROM signatures s WHERE s.canonical_email = ? AND \(agreed("s.")) ORDER BY s.id",
        countSignatures: "SELECT COUNT(*) FROM signatures WHERE campaign_id = ? AND \(counted)",
        signaturesPage: "SELECT \(signatureColumns) FROM signatures WHERE campaign_id = ? AND \(counted) ORDER BY id LIMIT ? OFFSET ?",
        allSignatures: "SELECT \(signatureColumns) FROM signatures WHERE campaign_id = ? AND \(counted) ORDER BY id",
        signature: "SELECT \(signatureColumns) FROM signatures WHERE id = ? AND campaign_id = ? AND \(counted)",
        countOutreaches: "SELECT COUNT(*) FROM call_reports WHERE campaign_id = ? AND suspect = FALSE",
        outreachesPage: "SELECT id, target, outcome, created_at FROM call_reports WHERE campaign_id = ? AND suspect = FALSE ORDER BY id LIMIT ? OFFSET ?",
        outreach: "SELECT id, target, outcome, created_at FROM call_reports WHERE id = ? AND campaign_id = ? AND suspect = FALSE"
    )
}

extension OSDIStore.Statements {
    /// Nothing in these statements is SQLite's own: PostgreSQL runs them as they are.
    static let postgres = OSDIStore.Statements.sqlite
}
