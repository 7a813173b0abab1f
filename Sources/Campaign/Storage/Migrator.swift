/// Versioned schema changes, applied in order on open. The version lives in
/// `PRAGMA user_version`; each migration runs in its own transaction
/// together with the version bump, so a crash leaves a whole version.
public struct Migrator: Sendable {
    /// One schema change.
    public struct Migration: Sendable {
        /// The version the database is at once this has run.
        public let version: Int
        /// What it changes, for messages.
        public let name: String
        /// The change itself.
        public let apply: @Sendable (Database) throws -> Void

        /// A migration made of SQL statements.
        public init(version: Int, name: String, sql: String) {
            self.version = version
            self.name = name
            self.apply = { try $0.execute(sql) }
        }

        /// A migration made of code.
        public init(version: Int, name: String, apply: @escaping @Sendable (Database) throws -> Void) {
            self.version = version
            self.name = name
            self.apply = apply
        }
    }

    /// The migrations, in version order.
    public let migrations: [Migration]

    /// Makes a migrator; versions must rise by one from 1.
    public init(_ migrations: [Migration]) {
        precondition(migrations.enumerated().allSatisfy { $0.offset + 1 == $0.element.version },
                     "migration versions must be 1, 2, 3…")
        self.migrations = migrations
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
                try migration.apply(database)
                try database.execute("PRAGMA user_version = \(migration.version)")
            }
        }
        return pending
    }
}

/// Storage failures that are not SQLite errors.
public enum StorageError: Error, CustomStringConvertible, Sendable {
    /// The file was written by a newer `campaign` whose schema this one does not know.
    case databaseTooNew(path: String, version: Int, supported: Int)
    /// The path is empty, in memory, or a folder.
    case notAFile(path: String)

    public var description: String {
        switch self {
        case let .databaseTooNew(path, version, supported):
            return "The database \(path) has schema version \(version), but this campaign binary knows versions up to \(supported). Use a newer campaign binary; this one will not touch the file."
        case .notAFile(let path):
            return path.isEmpty || path.contains(":memory:")
                ? "The database path '\(path)' is not a file; give a file name such as campaign.sqlite."
                : "The database path \(path) is a folder; give a file inside it, such as \(path)/campaign.sqlite."
        }
    }
}
