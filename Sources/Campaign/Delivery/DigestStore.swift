/// Reads and writes the record of digests sent. All digest SQL lives here.
public enum DigestStore {
    /// The newest digest recorded for an audience of a campaign.
    struct Recorded: Sendable {
        /// Its window of signatures (by counting order) and call reports (by id).
        let afterSeq: Int64
        let throughSeq: Int64
        let afterCall: Int64
        let throughCall: Int64
        let createdAt: String
    }

    /// The newest digest for `audience` ("organizers" or an official's id), or nil before the first.
    static func latest(campaignID: Int64, audience: String, _ db: Database) throws -> Recorded? {
        try db.row(statements(db).latest, [campaignID, audience]).map { row in
            Recorded(afterSeq: try row.decode("after_seq"), throughSeq: try row.decode("through_seq"), afterCall: try row.decode("after_call"),
                     throughCall: try row.decode("through_call"), createdAt: try row.decode("created_at"))
        }
    }

    /// Records a digest and the window it covers.
    static func record(campaignID: Int64, audience: String, window: DigestPlan.Window, at stamp: String, _ db: Database) throws {
        try db.execute(statements(db).record, [campaignID, audience, window.afterSeq, window.throughSeq, window.afterCall, window.throughCall, stamp])
    }
}

// MARK: - SQL

extension DigestStore {
    /// Every statement the store runs, in one SQL dialect.
    struct Statements: StoreStatements {
        let latest: String
        let record: String
    }

    static func statements(_ db: Database) -> Statements { db.statements(Statements.self) }
}

extension DigestStore.Statements {
    static let sqlite = DigestStore.Statements(
        latest: """
            SELECT after_seq, through_seq, after_call, through_call, created_at FROM digests
            WHERE campaign_id = ? AND audience = ? ORDER BY id DESC LIMIT 1
            """,
        record: """
            INSERT INTO digests (campaign_id, audience, after_seq, through_seq, after_call, through_call, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """
    )
}

extension DigestStore.Statements {
    /// Nothing in these statements is SQLite's own: PostgreSQL runs them as they are.
    static let postgres = DigestStore.Statements.sqlite
}
