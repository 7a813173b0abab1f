/// One connection, as the stores see it inside `DatabasePool.read` and
/// `DatabasePool.write`: to SQLite or to PostgreSQL. Outside this module it
/// is only a handle to pass to a store: running SQL is the stores' business,
/// so that every statement lives in one store, in each dialect (`SQLDialect`).
/// Statements mark their arguments with `?` (or `?1`, `?2`…) in both.
/// It is not `Sendable`, and is used on one thread at a time.
public final class Database {
    enum Connection {
        case sqlite(SQLiteConnection)
        case postgres(PostgresConnection)
    }

    let connection: Connection
    /// The file, or the PostgreSQL URL without its password, for messages.
    public let path: String

    init(_ connection: SQLiteConnection) {
        self.connection = .sqlite(connection)
        path = connection.path
    }

    init(_ connection: PostgresConnection) {
        self.connection = .postgres(connection)
        path = connection.location
    }

    /// Opens an SQLite file (see `SQLiteConnection.init`).
    convenience init(path: String, readOnly: Bool, busyTimeout: Duration, durability: SQLiteConnection.Durability = .synced) throws {
        self.init(try SQLiteConnection(path: path, readOnly: readOnly, busyTimeout: busyTimeout, durability: durability))
    }

    /// The dialect this connection speaks.
    var dialect: SQLDialect {
        switch connection {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// The SQLite connection, for what only SQLite has (pragmas, backups).
    var sqlite: SQLiteConnection {
        guard case .sqlite(let connection) = connection else { preconditionFailure("an SQLite operation on a PostgreSQL connection") }
        return connection
    }

    /// Runs one or more statements that take no arguments.
    func execute(_ sql: String) throws {
        switch connection {
        case .sqlite(let connection): try connection.execute(sql)
        case .postgres(let connection): try connection.execute(sql)
        }
    }

    /// Runs one statement with arguments.
    func execute(_ sql: String, _ arguments: [any DatabaseValueConvertible]) throws {
        switch connection {
        case .sqlite(let connection): try connection.execute(sql, arguments)
        case .postgres(let connection): try connection.run(sql, arguments.map(\.databaseValue))
        }
    }

    /// Runs one statement once for each list of arguments, in order, and
    /// returns how many rows each run changed: for a batch of rows written
    /// alike. On PostgreSQL the runs go in one pipeline, one round trip
    /// for all; a failed run throws, and the runs after it are not made.
    @discardableResult
    func executeEach(_ sql: String, _ argumentLists: [[any DatabaseValueConvertible]]) throws -> [Int] {
        switch connection {
        case .sqlite(let connection):
            let statement = try connection.cachedStatement(sql)
            return try argumentLists.map { arguments in
                try statement.execute(arguments)
                return connection.changedRowCount
            }
        case .postgres(let connection):
            return try connection.runEach(sql, argumentLists.map { $0.map(\.databaseValue) })
        }
    }

    /// Every row of a query.
    func rows(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> [Row] {
        switch connection {
        case .sqlite(let connection): try connection.rows(sql, arguments)
        case .postgres(let connection): try connection.rows(sql, arguments.map(\.databaseValue))
        }
    }

    /// The first row of a query, or nil.
    func row(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> Row? {
        try rows(sql, arguments).first
    }

    /// The only column of the first row, as `T`; nil when there is no row.
    func value<T: DatabaseValueConvertible>(_ sql: String, _ arguments: [any DatabaseValueConvertible] = [], as type: T.Type = T.self) throws -> T? {
        guard let row = try row(sql, arguments) else { return nil }
        return try row.decode(at: 0, as: T.self)
    }

    /// Runs a query and calls `body` with each row (see `Cursor`), so a
    /// large result never sits in memory at once. `body` may run other
    /// statements on the same connection.
    func scan(_ sql: String, _ arguments: [any DatabaseValueConvertible] = [], _ body: (Cursor) throws -> Void) throws {
        switch connection {
        case .sqlite(let connection): try connection.scan(sql, arguments, body)
        case .postgres(let connection): try connection.scan(sql, arguments.map(\.databaseValue)) { row in try body(Cursor(row: row)) }
        }
    }

    /// How many rows the last statement changed.
    var changedRowCount: Int {
        switch connection {
        case .sqlite(let connection): connection.changedRowCount
        case .postgres(let connection): connection.changedRowCount
        }
    }

    /// Whether a transaction is open.
    var isInTransaction: Bool {
        switch connection {
        case .sqlite(let connection): connection.isInTransaction
        case .postgres(let connection): connection.isInTransaction
        }
    }

    /// Runs `body` in a transaction; commits when it returns, rolls back
    /// when it throws. A `writing` transaction takes the write lock at the
    /// start: SQLite's (`BEGIN IMMEDIATE`), so a writer never fails half-way
    /// with SQLITE_BUSY on upgrade; on PostgreSQL one advisory lock that
    /// every program's writers take (`PostgresConnection.writeLock`), so
    /// writes from many servers follow one another as they do on one file,
    /// and what a store reads in a write stays true until its commit. A
    /// reading transaction sees one snapshot, on PostgreSQL too.
    func inTransaction<T>(immediate writing: Bool, _ body: (Database) throws -> T) throws -> T {
        switch connection {
        case .sqlite(let connection): try connection.execute(writing ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
        case .postgres(let connection): try connection.begin(writing: writing)
        }
        do {
            let result = try body(self)
            try execute("COMMIT")
            return result
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }
}
