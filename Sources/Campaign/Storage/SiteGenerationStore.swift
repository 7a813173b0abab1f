/// The site generation: a number that grows with every change to what the
/// site shows (the directory, the districts and the campaigns). Triggers
/// keep it, so a change from any program counts, and a server reloads only
/// when the number has moved.
public enum SiteGenerationStore {
    /// The number now.
    public static func current(_ db: Database) throws -> Int {
        try db.value(statements(db).current, as: Int.self) ?? 0
    }
}

// MARK: - SQL

extension SiteGenerationStore {
    /// Every statement the store runs, in one SQL dialect.
    struct Statements: StoreStatements {
        let current: String
    }

    static func statements(_ db: Database) -> Statements { db.statements(Statements.self) }
}

extension SiteGenerationStore.Statements {
    static let sqlite = SiteGenerationStore.Statements(
        current: "SELECT generation FROM site_generation WHERE id = 1"
    )
}

extension SiteGenerationStore.Statements {
    /// Nothing in these statements is SQLite's own: PostgreSQL runs them as they are.
    static let postgres = SiteGenerationStore.Statements.sqlite
}
