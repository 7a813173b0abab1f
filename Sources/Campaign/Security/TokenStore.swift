/// Reads and writes organizer tokens, kept only as hashes. All token SQL
/// lives here; `OrganizerTokens` says what a token is.
enum TokenStore {
    /// Whether a live (unrevoked) token has this name.
    static func hasLive(name: String, _ db: Database) throws -> Bool {
        try db.row(statements(db).live, [name]) != nil
    }

    /// Frees a revoked token's name for a new token.
    static func deleteRevoked(name: String, _ db: Database) throws {
        try db.execute(statements(db).deleteRevoked, [name])
    }

    /// Stores a new token's hash under its name.
    static func insert(name: String, hash: String, at stamp: String, _ db: Database) throws {
        try db.execute(statements(db).insert, [name, hash, stamp])
    }

    /// The name of the live token with this hash, or nil.
    static func liveName(hash: String, _ db: Database) throws -> String? {
        try db.row(statements(db).liveByHash, [hash]).map { try $0.decode("name") }
    }

    /// Notes that a token was used.
    static func touch(name: String, at stamp: String, _ db: Database) throws {
        try db.execute(statements(db).touch, [stamp, name])
    }

    /// Every token, oldest first.
    static func all(_ db: Database) throws -> [OrganizerTokens.Entry] {
        try db.rows(statements(db).all).map { row in
            OrganizerTokens.Entry(name: try row.decode("name"), createdAt: try row.decode("created_at"), lastUsedAt: try row.decode("last_used_at"),
                                  revokedAt: try row.decode("revoked_at"))
        }
    }

    /// Revokes the token called `name`; false when there is none.
    static func revoke(name: String, at stamp: String, _ db: Database) throws -> Bool {
        try db.execute(statements(db).revoke, [stamp, name])
        return db.changedRowCount == 1
    }
}

// MARK: - SQL

extension TokenStore {
    /// Every statement the store runs, in one SQL dialect.
    struct Statements: StoreStatements {
        let live: String
        let deleteRevoked: String
        let insert: String
        let liveByHash: String
        let touch: String
        let all: String
        let revoke: String
    }

    static func statements(_ db: Database) -> Statements { db.statements(Statements.self) }
}

extension TokenStore.Statements {
    static let sqlite = TokenStore.Statements(
        live: "SELECT name FROM organizer_tokens WHERE name = ? AND revoked_at IS NULL",
        deleteRevoked: "DELETE FROM organizer_tokens WHERE name = ? AND revoked_at IS NOT NULL",
        insert: "INSERT INTO organizer_tokens (name, token_hash, created_at) VALUES (?, ?, ?)",
        liveByHash: "SELECT name FROM organizer_tokens WHERE token_hash = ? AND revoked_at IS NULL",
        touch: "UPDATE organizer_tokens SET last_used_at = ? WHERE name = ?",
        all: "SELECT name, created_at, last_used_at, revoked_at FROM organizer_tokens ORDER BY created_at, name",
        revoke: "UPDATE organizer_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE name = ?"
    )
}

extension TokenStore.Statements {
    /// Nothing in these statements is SQLite's own: PostgreSQL runs them as they are.
    static let postgres = TokenStore.Statements.sqlite
}
