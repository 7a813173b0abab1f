import CSQLite

/// The current row of a query being read a row at a time (`Database.scan`),
/// read by column name. On SQLite it is the statement being stepped, read
/// in place: text comes as the bytes SQLite holds, valid only until the next
/// step, for exports of millions of rows where a `Row` per row would cost
/// too much. On PostgreSQL it is one row of a batch fetched from a cursor.
/// Like `Row`, it refuses a column the query does not have, a NULL where a
/// value is needed, and a value of another type.
struct Cursor {
    private enum Source {
        case statement(OpaquePointer, columns: [String: Int32])
        case row(Row)
    }

    private let source: Source
    let sql: String

    init(statement: OpaquePointer, columns: [String: Int32], sql: String) {
        source = .statement(statement, columns: columns)
        self.sql = sql
    }

    init(row: Row) {
        source = .row(row)
        sql = row.sql
    }

    private func index(_ handle: OpaquePointer, _ columns: [String: Int32], _ column: String, _ type: Int32) throws -> Int32 {
        guard let index = columns[column] else { throw DatabaseError.missingColumn(column, sql: sql) }
        let stored = sqlite3_column_type(handle, index)
        guard stored == type else {
            throw stored == SQLITE_NULL ? DatabaseError.nullColumn(column, sql: sql)
                : DatabaseError.mistypedColumn(column, holds: DatabaseValue.typeName(sqliteType: stored), expected: DatabaseValue.typeName(sqliteType: type), sql: sql)
        }
        return index
    }

    /// The integer in `column`.
    func int64(_ column: String) throws -> Int64 {
        switch source {
        case let .statement(handle, columns): sqlite3_column_int64(handle, try index(handle, columns, column, SQLITE_INTEGER))
        case .row(let row): try row.decode(column)
        }
    }

    /// The integer in `column`, as an Int.
    func int(_ column: String) throws -> Int { Int(try int64(column)) }

    /// The true-or-false in `column` (stored as 0 or 1).
    func bool(_ column: String) throws -> Bool { try int64(column) != 0 }

    /// Whether `column` is NULL.
    func isNull(_ column: String) throws -> Bool {
        switch source {
        case let .statement(handle, columns):
            guard let index = columns[column] else { throw DatabaseError.missingColumn(column, sql: sql) }
            return sqlite3_column_type(handle, index) == SQLITE_NULL
        case .row(let row):
            if case .null = try row.value(column) { return true }
            return false
        }
    }

    /// The text of `column`.
    func text(_ column: String) throws -> String {
        switch source {
        case let .statement(handle, columns):
            let index = try index(handle, columns, column, SQLITE_TEXT)
            guard let text = sqlite3_column_text(handle, index) else { return "" }
            return String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, index))), as: UTF8.self)
        case .row(let row):
            return try row.decode(column)
        }
    }

    /// The value of `column`, whatever it holds.
    func value(_ column: String) throws -> DatabaseValue {
        switch source {
        case let .statement(handle, columns):
            guard let index = columns[column] else { throw DatabaseError.missingColumn(column, sql: sql) }
            switch sqlite3_column_type(handle, index) {
            case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
            case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
            case SQLITE_TEXT: return .text(try text(column))
            case SQLITE_BLOB:
                let length = Int(sqlite3_column_bytes(handle, index))
                guard let bytes = sqlite3_column_blob(handle, index), length > 0 else { return .blob([]) }
                return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: length)))
            default: return .null
            }
        case .row(let row):
            return try row.value(column)
        }
    }

    /// The text of `column`, or nil when it is NULL.
    func optionalText(_ column: String) throws -> String? { try isNull(column) ? nil : text(column) }
}
