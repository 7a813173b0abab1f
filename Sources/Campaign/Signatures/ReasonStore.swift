/// Reads and writes whether signers' reasons may be shown (`ReasonState`):
/// what an organizer reviews and decides. The reasons pages, exports and
/// digests read the state through `SignatureStore`.
public enum ReasonStore {
    /// A counted signature's reason, as an organizer reviews it.
    public struct Entry: Sendable, Equatable {
        /// The signature's id, which a decision names.
        public let id: Int64
        public let state: ReasonState
        /// When it was signed (a stored timestamp).
        public let createdAt: String
        public let locale: String
        /// The name the signer chose to show beside it.
        public let publicName: String
        /// Whether the signer agreed to show it on the campaign's pages;
        /// without that it goes only into officials' packets and digests.
        public let isPublic: Bool
        public let reason: String
    }

    /// A signature a decision names, as it stands.
    struct Decidable: Sendable {
        let id: Int64
        let campaignID: Int64
        let state: ReasonState
    }

    /// The reasons of a campaign's counted signatures, oldest first; only
    /// those waiting for a decision when `heldOnly`.
    public static func reasons(campaignID: Int64, heldOnly: Bool, _ db: Database) throws -> [Entry] {
        let sql = statements(db)
        return try db.rows(heldOnly ? sql.held : sql.all, [campaignID]).map { row in
            Entry(id: try row.decode("id"), state: ReasonState(rawValue: try row.decode("reason_state")) ?? .held,
                  createdAt: try row.decode("created_at"), locale: try row.decode("locale"), publicName: try row.decode("public_name"),
                  isPublic: try row.decode("consent_public"), reason: try row.decode("reason"))
        }
    }

    /// The signature `id` if it has a reason, in any campaign.
    static func decidable(id: Int64, _ db: Database) throws -> Decidable? {
        try db.row(statements(db).decidable, [id]).map { row in
            Decidable(id: try row.decode("id"), campaignID: try row.decode("campaign_id"),
                      state: ReasonState(rawValue: try row.decode("reason_state")) ?? .held)
        }
    }

    /// Records a decision on signature `id`'s reason: its new state, when and by whom.
    static func decide(id: Int64, state: ReasonState, at stamp: String, by decider: String, _ db: Database) throws {
        try db.execute(statements(db).decide, [state.rawValue, stamp, decider, id])
    }
}

// MARK: - SQL

extension ReasonStore {
    /// Every statement the store runs, in one SQL dialect.
    struct Statements: StoreStatements {
        let all: String
        let held: String
        let decidable: String
        let decide: String
    }

    static func statements(_ db: Database) -> Statements { db.statements(Statements.self) }
}

extension ReasonStore.Statements {
    static let sqlite = ReasonStore.Statements(
        all: """
            SELECT id, reason_state, created_at, locale, public_name, consent_public, reason FROM signatures
            WHERE campaign_id = ? AND state = 'validated' AND suspect = FALSE AND reason <> '' ORDER BY id
            """,
        // The conditions begin with those of the signatures_reasons_held index, which holds just the held rows.
        held: """
            SELECT id, reason_state, created_at, locale, public_name, consent_public, reason FROM signatures
            WHERE reason_state = 'held' AND campaign_id = ? AND state = 'validated' AND suspect = FALSE AND reason <> '' ORDER BY id
            """,
        decidable: "SELECT id, campaign_id, reason_state FROM signatures WHERE id = ? AND reason <> ''",
        decide: "UPDATE signatures SET reason_state = ?, reason_decided_at = ?, reason_decided_by = ? WHERE id = ?"
    )
}

extension ReasonStore.Statements {
    /// Nothing in these statements is SQLite's own: PostgreSQL runs them as they are.
    static let postgres = ReasonStore.Statements.sqlite
}
