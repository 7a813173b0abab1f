/// Versioned schema changes, applied in order on open. The version lives in
/// `PRAGMA user_version`; each migration runs in its own transaction
/// together with the version bump, so a crash leaves a whole version.
/// A migration is literal SQL, frozen once shipped: a database migrated
/// last year and one migrated today went through the same statements.
public struct Migrator: Sendable {
    /// One schema change.
    public struct Migration: Sendable {
        /// The version the database is at once this has run.
        public let version: Int
        /// What it changes, for messages.
        public let name: String
        /// The statements, as shipped.
        public let sql: String

        /// A migration made of SQL statements.
        public init(version: Int, name: String, sql: String) {
            self.version = version
            self.name = name
            self.sql = sql
        }
    }

    /// A mend for a database whose schema differs from what its version
    /// says: one made by a build from before a shipped migration was
    /// changed. Both parts are literal SQL; the mend runs only where the
    /// check finds something to mend.
    public struct Repair: Sendable {
        /// What it mends, for messages.
        public let name: String
        /// The first version whose migrations should have made what is checked.
        public let since: Int
        /// A query whose one value is 0 when there is nothing to mend.
        public let check: String
        /// The statements that mend it.
        public let sql: String

        public init(name: String, since: Int, check: String, sql: String) {
            self.name = name
            self.since = since
            self.check = check
            self.sql = sql
        }
    }

    /// The migrations, in version order.
    public let migrations: [Migration]
    /// The mends, checked on every open, after the migrations.
    public let repairs: [Repair]

    /// Makes a migrator; versions must rise by one from 1.
    public init(_ migrations: [Migration], repairs: [Repair] = []) {
        precondition(migrations.enumerated().allSatisfy { $0.offset + 1 == $0.element.version },
                     "migration versions must be 1, 2, 3…")
        self.migrations = migrations
        self.repairs = repairs
    }

    /// The version this binary knows.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// The database's current version.
    public static func version(of database: Database) throws -> Int {
        try database.value("PRAGMA user_version", as: Int.self) ?? 0
    }

    /// Applies every migration the database has not had; refuses a database
    /// written by a newer binary.
    @discardableResult
    public func migrate(_ database: Database) throws -> [Migration] {
        let current = try Self.version(of: database)
        guard current <= latestVersion else {
            throw StorageError.databaseTooNew(path: database.path, version: current, supported: latestVersion)
        }
        let pending = migrations.filter { $0.version > current }
        for migration in pending {
            try database.inTransaction(immediate: true) { database in
                // Another process may have migrated meanwhile; the write lock
                // is held now, so the version read here is final.
                guard try Self.version(of: database) < migration.version else { return }
                try database.execute(migration.sql)
                try database.execute("PRAGMA user_version = \(migration.version)")
            }
        }
        for repair in repairs where repair.since <= latestVersion {
            try database.inTransaction(immediate: true) { database in
                guard try database.value(repair.check, as: Int.self) != 0 else { return }
                try database.execute(repair.sql)
            }
        }
        return pending
    }
}
