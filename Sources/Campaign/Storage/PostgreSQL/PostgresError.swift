/// A PostgreSQL failure: its SQLSTATE, the server's (or libpq's) message and
/// the SQL that failed. Bound values are never part of it, so signer data
/// cannot reach a log through an error; nor is the connection URL, which
/// may hold a password.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// The five-character SQLSTATE (`23505` for a unique violation), or
    /// empty when the failure is the connection's, not a statement's.
    public let sqlState: String
    /// The server's primary message, or libpq's.
    public let message: String
    /// The statement that failed, if the failure belongs to one.
    public let sql: String?

    public init(sqlState: String = "", message: String, sql: String? = nil) {
        self.sqlState = sqlState
        self.message = message
        self.sql = sql
    }

    /// Whether a UNIQUE, PRIMARY KEY, foreign key or CHECK constraint refused the write (class 23).
    public var isConstraintViolation: Bool { sqlState.hasPrefix("23") }

    /// Whether the server is out of disk or memory (class 53).
    public var isFull: Bool { sqlState.hasPrefix("53") }

    public var description: String {
        var text = "PostgreSQL error" + (sqlState.isEmpty ? "" : " \(sqlState)") + ": \(message)"
        if let sql { text += " — while running `\(sql.trimmingCharacters(in: .whitespacesAndNewlines))`" }
        return text
    }
}
