import CSQLite

/// An SQLite failure: the result code, SQLite's message and the SQL that
/// failed. Bound values are never part of it, so signer data cannot reach a
/// log through an error.
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    /// SQLite's primary result code (`SQLITE_CONSTRAINT`, `SQLITE_BUSY`…).
    public let code: Int32
    /// SQLite's extended result code, when there is one.
    public let extendedCode: Int32
    /// SQLite's own message.
    public let message: String
    /// The statement that failed, if the failure belongs to one.
    public let sql: String?

    /// Makes an error from explicit parts.
    public init(code: Int32, extendedCode: Int32? = nil, message: String, sql: String? = nil) {
        self.code = code
        self.extendedCode = extendedCode ?? code
        self.message = message
        self.sql = sql
    }

    /// Whether a UNIQUE, PRIMARY KEY or other constraint rejected the write.
    public var isConstraintViolation: Bool { code == SQLITE_CONSTRAINT }

    /// Whether the disk or the database size limit is full.
    public var isFull: Bool { code == SQLITE_FULL }

    public var description: String {
        var text = "SQLite error \(extendedCode): \(message)"
        if let sql { text += " — while running `\(sql.trimmingCharacters(in: .whitespacesAndNewlines))`" }
        return text
    }
}

extension DatabaseError {
    /// A query's result has no column of that name.
    static func missingColumn(_ column: String, sql: String) -> DatabaseError {
        DatabaseError(code: SQLITE_MISMATCH, message: "the result has no column '\(column)'", sql: sql)
    }

    /// A statement that always returns a row returned none.
    static func noRow(sql: String) -> DatabaseError {
        DatabaseError(code: SQLITE_MISMATCH, message: "the statement returned no row", sql: sql)
    }

    /// A column read as a value holds NULL.
    static func nullColumn(_ column: String, sql: String) -> DatabaseError {
        DatabaseError(code: SQLITE_MISMATCH, message: "column '\(column)' is NULL where a value is needed", sql: sql)
    }

    /// A column holds a value of another type than the one read.
    static func mistypedColumn(_ column: String, holds stored: String, expected: String, sql: String) -> DatabaseError {
        DatabaseError(code: SQLITE_MISMATCH, message: "column '\(column)' holds \(stored) where \(expected) is expected", sql: sql)
    }

    /// Reads the current error of a connection.
    static func from(_ handle: OpaquePointer?, code: Int32, sql: String? = nil) -> DatabaseError {
        let message = handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        let extended = handle.map { sqlite3_extended_errcode($0) } ?? code
        return DatabaseError(code: code & 0xff, extendedCode: extended, message: message, sql: sql)
    }
}
