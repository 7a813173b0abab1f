import Foundation

/// What each server counted per client and window, shared through the
/// database so that servers on one database hold a client to one limit.
/// Clients are keyed hashes of their networks. Each count is stamped with
/// the database's clock when stored, so a server reads only what changed
/// since it last looked. All rate-limit SQL lives here.
public enum RateLimitStore {
    /// One client's count in one window.
    public struct Count: Sendable, Equatable, Codable {
        public let client: String
        public let windowStart: Int64
        public let count: Int

        public init(client: String, windowStart: Int64, count: Int) {
            self.client = client
            self.windowStart = windowStart
            self.count = count
        }
    }

    /// A count as another server stored it.
    public struct ServerCount: Sendable, Equatable {
        public let server: String
        public let count: Count

        public init(server: String, count: Count) {
            self.server = server
            self.count = count
        }
    }

    /// The database's clock, in milliseconds since 1970: the one clock
    /// every server on the database shares.
    public static func now(_ db: Database) throws -> Int64 {
        try db.value(statements(db).now, as: Int64.self) ?? 0
    }

    /// Stores this server's counts (each the whole count of its window so
    /// far), stamped `now` (`now(_:)`, in the same write transaction): one
    /// statement for all, the counts passed as one JSON array.
    public static func publish(_ counts: [Count], scope: String, server: String, at now: Int64, _ db: Database) throws {
        guard !counts.isEmpty else { return }
        let json = String(decoding: try JSONEncoder().encode(counts), as: UTF8.self)
        try db.execute(statements(db).save, [scope, server, now, json])
    }

    /// Forgets every server's windows that started before `since`.
    public static func forget(scope: String, before since: Int64, _ db: Database) throws {
        try db.execute(statements(db).forget, [scope, since])
    }

    /// What the other servers stored at `changedSince` or later, for the
    /// windows from `since` on.
    public static func others(scope: String, server: String, since: Int64, changedSince: Int64, _ db: Database) throws -> [ServerCount] {
        try db.rows(statements(db).others, [scope, changedSince, server, since]).map { row in
            ServerCount(server: try row.decode("server"),
                        count: Count(client: try row.decode("client"), windowStart: try row.decode("window_start"), count: try row.decode("count")))
        }
    }
}

// MARK: - SQL

extension RateLimitStore {
    /// Every statement the store runs, in one SQL dialect.
    struct Statements: StoreStatements {
        let now: String
        let save: String
        let forget: String
        let others: String
    }

    static func statements(_ db: Database) -> Statements { db.statements(Statements.self) }
}

extension RateLimitStore.Statements {
    static let sqlite = RateLimitStore.Statements(
        now: "SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)",
        // `WHERE true` tells SQLite's parser that ON CONFLICT belongs to the INSERT, not to the join.
        save: """
            INSERT INTO rate_limit_counts (scope, client, window_start, server, count, changed_at)
            SELECT ?1, json_extract(value, '$.client'), json_extract(value, '$.windowStart'), ?2, json_extract(value, '$.count'), ?3
            FROM json_each(?4) WHERE true
            ON CONFLICT (scope, client, window_start, server) DO UPDATE SET count = excluded.count, changed_at = excluded.changed_at
            """,
        forget: "DELETE FROM rate_limit_counts WHERE scope = ? AND window_start < ?",
        others: """
            SELECT server, client, window_start, count FROM rate_limit_counts
            WHERE scope = ? AND changed_at >= ? AND server <> ? AND window_start >= ?
            """
    )

    static let postgres = RateLimitStore.Statements(
        now: "SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)",
        save: """
            INSERT INTO rate_limit_counts (scope, client, window_start, server, count, changed_at)
            SELECT ?1, client, "windowStart", ?2, count, ?3 FROM json_to_recordset(CAST(?4 AS json))
                AS counted (client TEXT, "windowStart" BIGINT, count BIGINT)
            ON CONFLICT (scope, client, window_start, server) DO UPDATE SET count = excluded.count, changed_at = excluded.changed_at
            """,
        forget: sqlite.forget,
        others: sqlite.others
    )
}
