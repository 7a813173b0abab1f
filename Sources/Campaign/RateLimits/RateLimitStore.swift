/// What each server counted per client and window, shared through the
/// database so that servers on one database hold a client to one limit.
/// Clients are keyed hashes of their networks. All rate-limit SQL lives here.
public enum RateLimitStore {
    /// One client's count in one window.
    public struct Count: Sendable, Equatable {
        public let client: String
        public let windowStart: Int64
        public let count: Int

        public init(client: String, windowStart: Int64, count: Int) {
            self.client = client
            self.windowStart = windowStart
            self.count = count
        }
    }

    /// Stores this server's counts (each the whole count of its window so
    /// far) and forgets every server's windows that started before `since`.
    public static func publish(_ counts: [Count], scope: String, server: String, forgetBefore since: Int64, _ db: Database) throws {
        let sql = statements(db)
        for count in counts {
            try db.execute(sql.save, [scope, count.client, count.windowStart, server, count.count])
        }
        try db.execute(sql.forget, [scope, since])
    }

    /// What the other servers counted in the windows from `since` on, summed per client and window.
    public static func others(scope: String, server: String, since: Int64, _ db: Database) throws -> [Count] {
        try db.rows(statements(db).others, [scope, server, since]).map { row in
            Count(client: try row.decode("client"), windowStart: try row.decode("window_start"), count: try row.decode("count"))
        }
    }
}

// MARK: - SQL

extension RateLimitStore {
    /// Every statement the store runs, in one SQL dialect.
    struct Statements: StoreStatements {
        let save: String
        let forget: String
        let others: String
    }

    static func statements(_ db: Database) -> Statements { db.statements(Statements.self) }
}

extension RateLimitStore.Statements {
    static let sqlite = RateLimitStore.Statements(
        save: """
            INSERT INTO rate_limit_counts (scope, client, window_start, server, count) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (scope, client, window_start, server) DO UPDATE SET count = excluded.count
            """,
        forget: "DELETE FROM rate_limit_counts WHERE scope = ? AND window_start < ?",
        others: """
            SELECT client, window_start, CAST(SUM(count) AS BIGINT) AS count FROM rate_limit_counts
            WHERE scope = ? AND server <> ? AND window_start >= ? GROUP BY client, window_start
            """
    )

    /// Nothing in these statements is SQLite's own: PostgreSQL runs them as they are.
    static let postgres = RateLimitStore.Statements.sqlite
}
