/// Reads and writes call reports. All call-report SQL lives here.
public enum CallStore {
    /// How many calls to a target ended one way.
    struct OutcomeCount: Sendable {
        let target: String
        let outcome: String
        let count: Int
    }

    /// A call report whose districts may be found anew: known only by the caller's ZIP code.
    struct Unresolved: Sendable {
        let id: Int64
        let zip: String
        let resolution: DistrictResolution
    }

    /// Stores a report.
    static func insert(_ report: CallReport, _ db: Database) throws {
        try db.execute(statements(db).insert, [report.campaignID, report.target, report.outcome.rawValue, report.suspect,
                                               CampaignStore.timestamp(report.createdAt), report.zip, report.resolution.method.rawValue,
                                               report.resolution.storedDistricts])
    }

    /// The id of the newest report of any campaign; reports are numbered in the order they were stored.
    static func lastID(_ db: Database) throws -> Int64 {
        try db.value(statements(db).lastID, as: Int64.self) ?? 0
    }

    /// Counted reports of a campaign with ids after `afterID` up to `throughID`, by target and outcome.
    static func outcomes(campaignID: Int64, afterID: Int64, throughID: Int64, _ db: Database) throws -> [OutcomeCount] {
        try db.rows(statements(db).outcomes, [campaignID, afterID, throughID]).map { row in
            OutcomeCount(target: try row.decode("target"), outcome: try row.decode("outcome"), count: try row.decode("count"))
        }
    }

    /// Up to `limit` of a campaign's call reports known only by a ZIP code
    /// the caller gave, with ids after `afterID`, in id order.
    static func unresolved(campaignID: Int64, afterID: Int64, limit: Int, _ db: Database) throws -> [Unresolved] {
        try db.rows(statements(db).unresolved, [campaignID, afterID, limit]).map { row in
            Unresolved(id: try row.decode("id"), zip: try row.decode("zip"),
                       resolution: DistrictResolution(storedMethod: try row.decode("district_method"), storedDistricts: try row.decode("districts")))
        }
    }

    /// Stores how a call report's districts are known now.
    static func setResolution(id: Int64, _ resolution: DistrictResolution, _ db: Database) throws {
        try db.execute(statements(db).setResolution, [resolution.method.rawValue, resolution.storedDistricts, id])
    }

    /// One campaign's call reports by outcome: those that count, and those
    /// kept as suspect (over the per-address limit).
    public static func tally(campaignID: Int64, _ db: Database) throws -> (counted: [CallReport.Outcome: Int], suspect: Int) {
        var counted: [CallReport.Outcome: Int] = [:]
        var suspect = 0
        for row in try db.rows(statements(db).tally, [campaignID]) {
            let count: Int = try row.decode("count")
            if try row.decode("suspect", as: Bool.self) {
                suspect += count
            } else if let outcome = CallReport.Outcome(rawValue: try row.decode("outcome")) {
                counted[outcome, default: 0] += count
            }
        }
        return (counted, suspect)
    }
}

// MARK: - SQL

extension CallStore {
    /// Every statement the store runs, in one SQL dialect.
    struct Statements: StoreStatements {
        let insert: String
        let lastID: String
        let outcomes: String
        let tally: String
        let unresolved: String
        let setResolution: String
    }

    static func statements(_ db: Database) -> Statements { db.statements(Statements.self) }
}

extension CallStore.Statements {
    static let sqlite = CallStore.Statements(
        insert: """
            INSERT INTO call_reports (campaign_id, target, outcome, suspect, created_at, zip, district_method, districts)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
        lastID: "SELECT COALESCE(MAX(id), 0) FROM call_reports",
        outcomes: """
            SELECT target, outcome, COUNT(*) AS count FROM call_reports
            WHERE campaign_id = ? AND suspect = FALSE AND id > ? AND id <= ? GROUP BY target, outcome
            """,
        tally: "SELECT outcome, suspect, COUNT(*) AS count FROM call_reports WHERE campaign_id = ? GROUP BY outcome, suspect",
        unresolved: """
            SELECT id, zip, district_method, districts FROM call_reports
            WHERE campaign_id = ? AND id > ? AND district_method = 'zip' AND zip <> '' ORDER BY id LIMIT ?
            """,
        setResolution: "UPDATE call_reports SET district_method = ?, districts = ? WHERE id = ?"
    )
}

extension CallStore.Statements {
    /// Nothing in these statements is SQLite's own: PostgreSQL runs them as they are.
    static let postgres = CallStore.Statements.sqlite
}
