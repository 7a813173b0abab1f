/// The counts pages show, stored beside the signatures and call reports
/// and changed in the same transaction, so a count is never a COUNT(*) per
/// request. All count SQL lives here.
public enum CountStore {
    /// Every stored count.
    struct Counts: Sendable {
        var signatures: [Int64: Int] = [:]
        var calls: [(campaignID: Int64, target: String, outcome: CallReport.Outcome, count: Int)] = []
    }

    /// Every stored count, signatures and call outcomes.
    static func all(_ db: Database) throws -> Counts {
        let sql = statements(db)
        var counts = Counts()
        for row in try db.rows(sql.signatureCounts) {
            counts.signatures[try row.decode("campaign_id")] = try row.decode("count")
        }
        for row in try db.rows(sql.callCounts) {
            let stored: String = try row.decode("outcome")
            // An outcome this version no longer offers is not shown.
            guard let outcome = CallReport.Outcome(rawValue: stored) else { continue }
            counts.calls.append((try row.decode("campaign_id"), try row.decode("target"), outcome, try row.decode("count")))
        }
        return counts
    }

    /// The counted signatures of one campaign.
    public static func signatures(campaignID: Int64, _ db: Database) throws -> Int {
        try db.value(statements(db).signatureCount, [campaignID], as: Int.self) ?? 0
    }

    /// Adds `delta` counted signatures to a campaign.
    static func addSignatures(_ delta: Int, campaignID: Int64, _ db: Database) throws {
        try db.execute(statements(db).addSignatures, [campaignID, delta])
    }

    /// Counts one call to `target` that ended in `outcome`.
    static func addCall(campaignID: Int64, target: String, outcome: CallReport.Outcome, _ db: Database) throws {
        try db.execute(statements(db).addCall, [campaignID, target, outcome.rawValue])
    }
}

// MARK: - SQL

extension CountStore {
    /// Every statement the store runs, in one SQL dialect.
    struct Statements: StoreStatements {
        let signatureCounts: String
        let callCounts: String
        let signatureCount: String
        let addSignatures: String
        let addCall: String
    }

    static func statements(_ db: Database) -> Statements { db.statements(Statements.self) }
}

extension CountStore.Statements {
    static let sqlite = CountStore.Statements(
        signatureCounts: "SELECT campaign_id, count FROM signature_counts",
        callCounts: "SELECT campaign_id, target, outcome, count FROM call_counts",
        signatureCount: "SELECT count FROM signature_counts WHERE campaign_id = ?",
        addSignatures: """
            INSERT INTO signature_counts (campaign_id, count) VALUES (?, ?)
            ON CONFLICT (campaign_id) DO UPDATE SET count = signature_counts.count + excluded.count
            """,
        addCall: """
            INSERT INTO call_counts (campaign_id, target, outcome, count) VALUES (?, ?, ?, 1)
            ON CONFLICT (campaign_id, target, outcome) DO UPDATE SET count = call_counts.count + 1
            """
    )
}

extension CountStore.Statements {
    /// Nothing in these statements is SQLite's own: PostgreSQL runs them as they are.
    static let postgres = CountStore.Statements.sqlite
}
