/// The way into the database: an SQLite file (`SQLitePool`) or a
/// PostgreSQL database shared by several servers (`PostgresPool`), chosen
/// by what `--db` or `CAMPAIGN_DB` names. `write` blocks run one at a time
/// and commit whole; `read` blocks each see one snapshot and never hold up
/// the writer. Opening applies pending migrations, and refuses a database
/// a newer binary made.
public final class DatabasePool: Sendable {
    enum Engine: Sendable {
        case sqlite(SQLitePool)
        case postgres(PostgresPool)
    }

    let engine: Engine
    /// The database file, or the PostgreSQL URL without its password
    /// (`displayName`), which libpq completes from `PGPASSWORD` or `~/.pgpass`.
    public let path: String
    /// How many reads may run at once.
    public let maximumReaders: Int

    /// Opens `location`: a PostgreSQL URL (`postgres://` or `postgresql://`,
    /// see `isPostgreSQL`), else an SQLite file, created if missing. At
    /// most `maximumReaders` reads run at once; more wait for one to end, up
    /// to `busyTimeout`.
    public init(path location: String, migrator: Migrator = .campaign, busyTimeout: Duration = .seconds(5), maximumReaders: Int = 16) throws {
        if Self.isPostgreSQL(location) {
            let pool = try PostgresPool(url: location, migrator: migrator, busyTimeout: busyTimeout, maximumReaders: maximumReaders)
            engine = .postgres(pool)
            path = Self.displayName(of: location)
        } else {
            engine = .sqlite(try SQLitePool(path: location, migrator: migrator, busyTimeout: busyTimeout, maximumReaders: maximumReaders))
            path = location
        }
        self.maximumReaders = maximumReaders
    }

    /// Whether `location` names a PostgreSQL database rather than a file.
    public static func isPostgreSQL(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// `location` as messages may show it: a PostgreSQL URL without its
    /// password (in the user part or a `password=` parameter).
    public static func displayName(of location: String) -> String {
        guard isPostgreSQL(location), let scheme = location.range(of: "://") else { return location }
        var rest = String(location[scheme.upperBound...])
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        if let at = rest[..<authorityEnd].lastIndex(of: "@") {
            let user = rest[..<at].split(separator: ":", maxSplits: 1).first ?? ""
            rest = String(user + rest[at...])
        }
        if let question = rest.firstIndex(of: "?") {
            let kept = rest[rest.index(after: question)...].split(separator: "&").filter { !$0.lowercased().hasPrefix("password=") }
            rest = String(rest[..<question]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        }
        return String(location[..<scheme.upperBound]) + rest
    }

    /// Whether the database is PostgreSQL.
    public var isPostgreSQL: Bool {
        if case .postgres = engine { return true }
        return false
    }

    /// Runs `body` in a write transaction: all of it is committed, or
    /// nothing is. It returns once the commit is durable, with every
    /// unsynced commit before it.
    public func write<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        switch engine {
        case .sqlite(let pool): try pool.write(body)
        case .postgres(let pool): try pool.write(synced: true, body)
        }
    }

    /// Runs `body` in a write transaction whose commit does not wait for
    /// the disk: it survives the program crashing, not the machine losing
    /// power. Only for bookkeeping whose loss repeats work rather than
    /// losing it (the outbox marking a message sent), and only where a
    /// synced `write` follows before the work is reported done.
    public func writeUnsynced<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        switch engine {
        case .sqlite(let pool): try pool.writeUnsynced(body)
        case .postgres(let pool): try pool.write(synced: false, body)
        }
    }

    /// Runs `body` in a synced write transaction that erases: on SQLite
    /// what it frees is overwritten and the WAL emptied after it
    /// (`SQLitePool.writeErasing`); on PostgreSQL, whose backups are dumps of
    /// the rows as they are, it is an ordinary `write`.
    public func writeErasing<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        switch engine {
        case .sqlite(let pool): try pool.writeErasing(body)
        case .postgres(let pool): try pool.write(synced: true, body)
        }
    }

    /// Unsynced commits that wrote something and that no synced commit has
    /// carried to the disk yet: what a power cut now could lose.
    public var commitsAwaitingSync: Int {
        switch engine {
        case .sqlite(let pool): pool.commitsAwaitingSync
        case .postgres(let pool): pool.commitsAwaitingSync
        }
    }

    /// Runs `body` in a read transaction: it sees one consistent snapshot
    /// and never blocks the writer.
    public func read<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        switch engine {
        case .sqlite(let pool): try pool.read(body)
        case .postgres(let pool): try pool.read(body)
        }
    }

    /// A watcher of commits by any connection but its own: this program's
    /// writer, or another program's.
    public func commitWatcher() throws -> CommitWatcher {
        switch engine {
        case .sqlite(let pool): try pool.commitWatcher()
        case .postgres(let pool): try CommitWatcher(listeningOn: pool)
        }
    }

    /// Moves SQLite's WAL checkpoints off the writer (see
    /// `SQLitePool.checkpointInBackground`); PostgreSQL checkpoints by itself.
    public func checkpointInBackground(every interval: Double = 0.2, restartPages: Int = 4096, keptWALBytes: Int = 64 << 20) throws {
        guard case .sqlite(let pool) = engine else { return }
        try pool.checkpointInBackground(every: interval, restartPages: restartPages, keptWALBytes: keptWALBytes)
    }

    /// The SQLite pool, for what only a file has (checkpoints, backups, tests of its connections).
    func sqliteOnly(_ what: String) throws -> SQLitePool {
        guard case .sqlite(let pool) = engine else { throw StorageError.sqliteOnly(what: what, path: path) }
        return pool
    }

    /// Copies an SQLite database to `destination` while it stays open for writing.
    public func backup(to destination: String) throws {
        try sqliteOnly("a backup by copying the file").backup(to: destination)
    }

    /// Runs `body` on the synced writer connection outside any transaction:
    /// for tests that look at its settings.
    func withWriterConnection<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        try sqliteOnly("reading the writer's connection settings").withWriterConnection(body)
    }
}
