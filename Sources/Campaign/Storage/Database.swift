import CSQLite
import Foundation

/// One SQLite connection. It owns its handle and closes it when released.
/// It is not `Sendable`: callers reach it only inside `DatabasePool.read`
/// and `DatabasePool.write`, on one thread at a time.
public final class Database {
    /// The file the connection is open on.
    public let path: String
    let handle: OpaquePointer
    private var statementCache: [String: Statement] = [:]

    /// Set up before the first connection: SQLite's memory statistics off,
    /// then the WAL-gathering VFS registered (registering starts SQLite).
    private static let gatheringVFS: String? = {
        _ = campaign_sqlite3_disable_memory_statistics()
        return WALGatheringVFS.isRegistered ? WALGatheringVFS.name : nil
    }()

    /// Opens (and, when `create` is true, creates) the database file.
    init(path: String, readOnly: Bool, busyTimeout: Duration) throws {
        var connection: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
            | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let code = sqlite3_open_v2(path, &connection, flags, Self.gatheringVFS)
        guard code == SQLITE_OK, let connection else {
            let error = DatabaseError.from(connection, code: code)
            sqlite3_close_v2(connection)
            throw DatabaseError(code: error.code, extendedCode: error.extendedCode,
                                message: "cannot open \(path): \(error.message)")
        }
        self.path = path
        self.handle = connection
        let milliseconds = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(connection, Int32(clamping: milliseconds))
        try execute("PRAGMA foreign_keys = ON")
        if !readOnly {
            try execute("PRAGMA journal_mode = WAL")
            try syncsEveryCommit(true)
        }
    }

    /// Whether each commit waits for the disk (synchronous=FULL, the
    /// default) or only reaches the OS (NORMAL). The WAL appends of a
    /// connection that syncs every commit are held and written at once when
    /// SQLite syncs (`WALGatheringVFS`); one that does not must write them
    /// as they come, so the two are set together.
    func syncsEveryCommit(_ syncs: Bool) throws {
        if !syncs { try gatherWALWrites(false) }
        try execute(syncs ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
        if syncs { try gatherWALWrites(true) }
    }

    private func gatherWALWrites(_ gathers: Bool) throws {
        var value: Int32 = gathers ? 1 : 0
        let code = sqlite3_file_control(handle, "main", WALGatheringVFS.gatheringControl, &value)
        guard code == SQLITE_OK || code == SQLITE_NOTFOUND else { throw DatabaseError.from(handle, code: code) }
    }

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that take no arguments.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        guard code == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_free(errorMessage)
            throw DatabaseError(code: code & 0xff, extendedCode: sqlite3_extended_errcode(handle), message: message, sql: sql)
        }
    }

    /// Runs one statement with arguments.
    public func execute(_ sql: String, _ arguments: [any DatabaseValueConvertible]) throws {
        try cachedStatement(sql).execute(arguments)
    }

    /// Every row of a query.
    public func rows(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> [Row] {
        try cachedStatement(sql).rows(arguments)
    }

    /// The first row of a query, or nil.
    public func row(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> Row? {
        try rows(sql, arguments).first
    }

    /// The first column of the first row, converted to `T`.
    public func value<T: DatabaseValueConvertible>(_ sql: String, _ arguments: [any DatabaseValueConvertible] = [], as type: T.Type = T.self) throws -> T? {
        try row(sql, arguments)?[0]
    }

    /// Calls `body` for each row as it is read.
    public func forEachRow(_ sql: String, _ arguments: [any DatabaseValueConvertible] = [], _ body: (Row) throws -> Void) throws {
        try cachedStatement(sql).forEachRow(arguments, body)
    }

    /// A statement prepared once per connection and reused; while it is
    /// being stepped (the same SQL run inside its own `forEachRow`), a fresh
    /// one, so the outer iteration is not reset.
    func cachedStatement(_ sql: String) throws -> Statement {
        if let statement = statementCache[sql] {
            if sqlite3_stmt_busy(statement.handle) == 0 { return statement }
            return try Statement(database: self, sql: sql)
        }
        let statement = try Statement(database: self, sql: sql)
        statementCache[sql] = statement
        return statement
    }

    /// The rowid of the last row inserted on this connection.
    public var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// How many rows the last statement changed.
    public var changedRowCount: Int { Int(sqlite3_changes(handle)) }

    /// Runs `body` in a transaction; commits when it returns, rolls back when
    /// it throws. `immediate` takes the write lock at the start, so a writer
    /// never fails half-way with SQLITE_BUSY on upgrade.
    func inTransaction<T>(immediate: Bool, _ body: (Database) throws -> T) throws -> T {
        try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
        do {
            let result = try body(self)
            try execute("COMMIT")
            return result
        } catch {
            if sqlite3_get_autocommit(handle) == 0 { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Copies this database, page by page, into a new file with SQLite's
    /// online backup API; writers may carry on meanwhile.
    func backup(to destinationPath: String) throws {
        var destination: OpaquePointer?
        let openCode = sqlite3_open_v2(destinationPath, &destination, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
        defer { sqlite3_close_v2(destination) }
        guard openCode == SQLITE_OK, let destination else {
            throw DatabaseError(code: openCode, message: "cannot open \(destinationPath): \(String(cString: sqlite3_errstr(openCode)))")
        }
        guard let backup = sqlite3_backup_init(destination, "main", handle, "main") else {
            throw DatabaseError.from(destination, code: sqlite3_errcode(destination))
        }
        var code: Int32
        repeat {
            code = sqlite3_backup_step(backup, 256)
            if code == SQLITE_BUSY || code == SQLITE_LOCKED { sqlite3_sleep(10) }
        } while code == SQLITE_OK || code == SQLITE_BUSY || code == SQLITE_LOCKED
        let finishCode = sqlite3_backup_finish(backup)
        guard code == SQLITE_DONE, finishCode == SQLITE_OK else {
            throw DatabaseError.from(destination, code: code == SQLITE_DONE ? finishCode : code)
        }
    }
}
