/// Versioned schema changes, applied in order on open. On SQLite the
/// version lives in `PRAGMA user_version`, and each migration runs in its
/// own transaction together with the version bump, so a crash leaves a
/// whole version. PostgreSQL keeps it in `campaign_schema`; a new database
/// starts from `postgresBaseline`, the schema at that version in one step,
/// and each later migration carries its PostgreSQL statements too. A
/// migration is literal SQL, frozen once shipped: a database migrated last
/// year and one migrated today went through the same statements.
public struct Migrator: Sendable {
    /// One schema change.
    public struct Migration: Sendable {
        /// The version the database is at once this has run.
        public let version: Int
        /// What it changes, for messages.
        public let name: String
        /// The statements, as shipped.
        public let sql: String
        /// The same change in PostgreSQL's dialect: every migration after
        /// the PostgreSQL baseline has one.
        public let postgres: String?

        /// A migration made of SQL statements.
        public init(version: Int, name: String, sql: String, postgres: String? = nil) {
            self.version = version
            self.name = name
            self.sql = sql
            self.postgres = postgres
        }
    }

    /// The schema as the migrations up to `version` leave it, made in one
    /// step on a new PostgreSQL database.
    public struct Baseline: Sendable {
        public let version: Int
        public let name: String
        public let sql: String
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
    /// The mends, checked on every open of an SQLite file, after the migrations.
    public let repairs: [Repair]
    /// Where a new PostgreSQL database starts; nil when the migrator has
    /// no PostgreSQL schema.
    public let postgresBaseline: Baseline?

    /// Makes a migrator; versions must rise by one from 1, and each after
    /// the PostgreSQL baseline must have PostgreSQL statements.
    public init(_ migrations: [Migration], repairs: [Repair] = [], postgresBaseline: Baseline? = nil) {
        precondition(migrations.enumerated().allSatisfy { $0.offset + 1 == $0.element.version },
                     "migration versions must be 1, 2, 3…")
        precondition(postgresBaseline.map { baseline in migrations.allSatisfy { $0.version <= baseline.version || $0.postgres != nil } } ?? true,
                     "every migration after the PostgreSQL baseline needs its PostgreSQL statements")
        self.migrations = migrations
        self.repairs = repairs
        self.postgresBaseline = postgresBaseline
    }

    /// The version this binary knows.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// The database's current version.
    public static func version(of database: Database) throws -> Int {
        switch database.dialect {
        case .sqlite:
            return try database.value("PRAGMA user_version", as: Int.self) ?? 0
        case .postgres:
            let exists = try database.value("SELECT to_regclass('campaign_schema') IS NOT NULL", as: Bool.self) ?? false
            return exists ? try database.value("SELECT version FROM campaign_schema", as: Int.self) ?? 0 : 0
        }
    }

    /// Applies every migration the database has not had; refuses a database
    /// written by a newer binary.
    @discardableResult
    public func migrate(_ database: Database) throws -> [Migration] {
        if database.dialect == .postgres { return try migratePostgreSQL(database) }
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

    /// `migrate` on PostgreSQL: in one transaction, under the writers'
    /// lock, so servers starting together migrate once.
    private func migratePostgreSQL(_ database: Database) throws -> [Migration] {
        guard let baseline = postgresBaseline else { throw StorageError.noPostgreSQLSchema }
        return try database.inTransaction(immediate: true) { database in
            let current = try Self.version(of: database)
            guard current <= latestVersion else {
                throw StorageError.databaseTooNew(path: database.path, version: current, supported: latestVersion)
            }
            guard current < latestVersion else { return [] }
            if current == 0 {
                try database.execute(baseline.sql)
                try database.execute("CREATE TABLE campaign_schema (version BIGINT NOT NULL); INSERT INTO campaign_schema (version) VALUES (\(baseline.version))")
            }
            let pending = migrations.filter { $0.version > max(current, baseline.version) }
            for migration in pending {
                try database.execute(migration.postgres ?? "")
            }
            try database.execute("UPDATE campaign_schema SET version = \(latestVersion)")
            return migrations.filter { $0.version > current }
        }
    }
}
