import CSQLite

/// A prepared statement. It owns its handle and finalizes it when released;
/// it lives only inside a `read` or `write` block of its connection.
final class SQLiteStatement {
    /// The SQL the statement was prepared from, for error messages.
    let sql: String
    let handle: OpaquePointer
    private unowned let database: SQLiteConnection
    /// The result's column names and their positions, read once.
    private(set) lazy var columns: [String: Int32] = {
        var columns: [String: Int32] = [:]
        for index in 0..<sqlite3_column_count(handle) {
            columns[String(cString: sqlite3_column_name(handle, index))] = index
        }
        return columns
    }()

    init(database: SQLiteConnection, sql: String) throws {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(database.handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw DatabaseError.from(database.handle, code: code, sql: sql)
        }
        self.sql = sql
        self.handle = statement
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    /// Replaces the bound values; the statement is reset first, so it can be
    /// run again.
    func bind(_ arguments: [any DatabaseValueConvertible]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard arguments.count == expected else {
            throw DatabaseError(code: SQLITE_RANGE, message: "\(arguments.count) arguments given for \(expected) parameters", sql: sql)
        }
        for (offset, argument) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch argument.databaseValue {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let value): code = sqlite3_bind_int64(handle, index, value)
            case .real(let value): code = sqlite3_bind_double(handle, index, value)
            case .text(var value):
                // The byte length, not -1: text may hold NUL characters. The
                // bytes are lent in place (a small string's from the stack);
                // passing the String itself made a C string copy of each.
                code = value.withUTF8 { bytes in
                    guard let base = bytes.baseAddress, !bytes.isEmpty else { return campaign_sqlite3_bind_text_transient(handle, index, "", 0) }
                    return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                        campaign_sqlite3_bind_text_transient(handle, index, $0, Int32(clamping: bytes.count))
                    }
                }
            case .blob(let bytes):
                code = bytes.withUnsafeBytes { campaign_sqlite3_bind_blob_transient(handle, index, $0.baseAddress, Int32($0.count)) }
            }
            guard code == SQLITE_OK else { throw DatabaseError.from(database.handle, code: code, sql: sql) }
        }
    }

    /// Runs the statement to completion, ignoring rows.
    func execute(_ arguments: [any DatabaseValueConvertible] = []) throws {
        try bind(arguments)
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    /// Runs the statement and returns every row.
    func rows(_ arguments: [any DatabaseValueConvertible] = []) throws -> [Row] {
        try bind(arguments)
        defer { sqlite3_reset(handle) }
        var rows: [Row] = []
        let columns = self.columns
        while try step() { rows.append(Row(columns: columns, values: currentValues(), sql: sql)) }
        return rows
    }

    /// Runs the statement and calls `body` with each row in place.
    func scan(_ arguments: [any DatabaseValueConvertible] = [], _ body: (Cursor) throws -> Void) throws {
        try bind(arguments)
        // A reset statement holds no read snapshot, even when `body` throws.
        defer { sqlite3_reset(handle) }
        let cursor = Cursor(statement: handle, columns: columns, sql: sql)
        while try step() { try body(cursor) }
    }

    /// Advances to the next row; false when done.
    private func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw DatabaseError.from(database.handle, code: code, sql: sql)
        }
    }

    private func currentValues() -> [DatabaseValue] {
        (0..<sqlite3_column_count(handle)).map { index in
            switch sqlite3_column_type(handle, index) {
            case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
            case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
            case SQLITE_TEXT:
                guard let text = sqlite3_column_text(handle, index) else { return .text("") }
                let length = Int(sqlite3_column_bytes(handle, index))
                return .text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
            case SQLITE_BLOB:
                let length = Int(sqlite3_column_bytes(handle, index))
                guard let bytes = sqlite3_column_blob(handle, index), length > 0 else { return .blob([]) }
                return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: length)))
            default: return .null
            }
        }
    }
}
