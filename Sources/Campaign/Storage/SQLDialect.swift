/// A dialect of SQL a store writes its statements in. Each store keeps its
/// statements in one `Statements` value per dialect and picks by the
/// connection's, so the stores' callers never see which one they run on.
enum SQLDialect: Sendable {
    case sqlite
    case postgres
}

/// A store's statements, one value per dialect.
protocol StoreStatements: Sendable {
    /// The statements in SQLite's dialect.
    static var sqlite: Self { get }
    /// The statements in PostgreSQL's dialect.
    static var postgres: Self { get }
}

extension Database {
    /// A store's statements in this connection's dialect.
    func statements<Statements: StoreStatements>(_ type: Statements.Type) -> Statements {
        switch dialect {
        case .sqlite: Statements.sqlite
        case .postgres: Statements.postgres
        }
    }
}
