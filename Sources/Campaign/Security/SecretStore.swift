/// Keys the server signs with (the CSRF tokens' secret), kept so that forms
/// opened before a restart still work after it. All secret SQL lives here.
public enum SecretStore {
    /// The secret called `name`, stored first as `make()` gives it when there is none.
    public static func secret(named name: String, orStore make: () -> [UInt8], _ db: Database) throws -> [UInt8] {
        let sql = statements(db)
        if let row = try db.row(sql.find, [name]) { return try row.decode("value") }
        let secret = make()
        try db.execute(sql.insert, [name, secret])
        return secret
    }
}

// MARK: - SQL

extension SecretStore {
    /// Every statement the store runs, in one SQL dialect.
    struct Statements: StoreStatements {
        let find: String
        let insert: String
    }

    static func statements(_ db: Database) -> Statements { db.statements(Statements.self) }
}

extension SecretStore.Statements {
    static let sqlite = SecretStore.Statements(
        find: "SELECT value FROM server_secrets WHERE name = ?",
        insert: "INSERT INTO server_secrets (name, value) VALUES (?, ?)"
    )
}

extension SecretStore.Statements {
    /// Nothing in these statements is SQLite's own: PostgreSQL runs them as they are.
    static let postgres = SecretStore.Statements.sqlite
}
