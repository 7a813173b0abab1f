import CSQLite
import Foundation

/// One SQLite connection, behind a `Database` for the stores. It owns its
/// handle and closes it when released; it is not `Sendable`, and is used
/// on one thread at a time.
final class SQLiteConnection {
    /// The file the connection is open on.
    let path: String
    let handle: OpaquePointer
    private var statementCache: [String: SQLiteStatement] = [:]

    /// Set up once, before the first connection: SQLite's memory statistics
    /// are off (with them on, every allocation takes a process-wide mutex).
    private static let configured: Void = { _ = campaign_sqlite3_disable_memory_statistics() }()

    /// How a connection commits.
    enum Durability {
        /// Each commit waits until the WAL is on the disk (synchronous=FULL).
        case synced
        /// A commit reaches the operating system, not the disk
        /// (synchronous=NORMAL); the next synced commit carries it down.
        case unsynced
    }

    /// Opens (and creates, unless `readOnly`) the database file. A writable
    /// connection is put in WAL mode with `durability`, which is checked by
    /// reading it back: a connection that would acknowledge writes without
    /// the sync it was asked for is never handed out.
    init(path: String, readOnly: Bool, busyTimeout: Duration, durability: Durability = .synced) throws {
        _ = Self.configured
        var connection: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
            | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let error = DatabaseError.from(connection, code: code)
            sqlite3_close_v2(connection)
            throw DatabaseError(code: error.code, extendedCode: error.extendedCode, message: "cannot open \(path): \(error.message)")
        }
        self.path = path
        self.handle = connection
        let milliseconds = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(connection, Int32(clamping: milliseconds))
        try execute("PRAGMA foreign_keys = ON")
        try registerFunctions()
        if !readOnly {
            try execute("PRAGMA journal_mode = WAL")
            let level = durability == .synced ? 2 : 1
            try execute("PRAGMA synchronous = \(level)")
            guard try rows("PRAGMA synchronous").first?.decode(at: 0, as: Int.self) == level else {
                throw DatabaseError(code: SQLITE_ERROR, message: "cannot open \(path): synchronous=\(level) did not take effect", sql: "PRAGMA synchronous")
            }
        }
    }

    /// SQL functions of the program's own that migrations use:
    /// `sha256_hex(text)`, the lowercase hex SHA-256 of the text's UTF-8
    /// (`SHA256.tokenHash`), with which a migration stores tokens hashed.
    private func registerFunctions() throws {
        let code = sqlite3_create_function_v2(handle, "sha256_hex", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nil,
                                              sha256HexFunction, nil, nil, nil)
        guard code == SQLITE_OK else { throw DatabaseError.from(handle, code: code) }
    }

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that take no arguments.
    func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        guard code == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_free(errorMessage)
            throw DatabaseError(code: code & 0xff, extendedCode: sqlite3_extended_errcode(handle), message: message, sql: sql)
        }
    }

    /// Runs one statement with arguments.
    func execute(_ sql: String, _ arguments: [any DatabaseValueConvertible]) throws {
        try cachedStatement(sql).execute(arguments)
    }

    /// Every row of a query.
    func rows(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> [Row] {
        try cachedStatement(sql).rows(arguments)
    }

    /// Runs a query and calls `body` with each row in place (see `Cursor`),
    /// so a large result never sits in memory at once.
    func scan(_ sql: String, _ arguments: [any DatabaseValueConvertible] = [], _ body: (Cursor) throws -> Void) throws {
        try cachedStatement(sql).scan(arguments, body)
    }

    /// A statement prepared once per connection and reused; while it is
    /// being stepped (the same SQL run inside its own `scan`), a fresh one,
    /// so the outer iteration is not reset.
    func cachedStatement(_ sql: String) throws -> SQLiteStatement {
        if let statement = statementCache[sql] {
            if sqlite3_stmt_busy(statement.handle) == 0 { return statement }
            return try SQLiteStatement(database: self, sql: sql)
        }
        let statement = try SQLiteStatement(database: self, sql: sql)
        statementCache[sql] = statement
        return statement
    }

    /// How many rows the last statement changed.
    var changedRowCount: Int { Int(sqlite3_changes(handle)) }

    /// Whether a transaction is open.
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Rows changed on this connection since it opened: a transaction that
    /// leaves it as it was wrote nothing, and its commit synced nothing.
    var totalChangedRows: Int64 { sqlite3_total_changes64(handle) }

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

/// `sha256_hex(text)`: NULL for NULL, else the hex SHA-256 of the value as UTF-8 text.
private let sha256HexFunction: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = { context, _, arguments in
    guard let value = arguments?[0], sqlite3_value_type(value) != SQLITE_NULL else {
        sqlite3_result_null(context)
        return
    }
    // The text first, then its length in bytes, as SQLite asks.
    let text = sqlite3_value_text(value)
    let count = Int(sqlite3_value_bytes(value))
    let digest = SHA256.hex(SHA256.hash(UnsafeBufferPointer(start: text, count: text == nil ? 0 : count)))
    campaign_sqlite3_result_text_transient(context, digest, Int32(digest.utf8.count))
}
