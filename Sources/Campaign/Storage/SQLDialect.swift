/// A dialect of SQL a store writes its statements in. Each store keeps its
/// statements in one `Statements` value per dialect and picks by the
/// connection's, so a second dialect is added beside the first without
/// touching the stores' callers.
enum SQLDialect: Sendable {
    case sqlite
}

/// A store's statements, one value per dialect.
protocol StoreStatements: Sendable {
    /// The statements in SQLite's dialect.
    static var sqlite: Self { get }
}

extension Database {
    /// The dialect this connection speaks.
    var dialect: SQLDialect { .sqlite }

    /// A store's statements in this connection's dialect.
    func statements<Statements: StoreStatements>(_ type: Statements.Type) -> Statements {
        switch dialect {
        case .sqlite: Statements.sqlite
        }
    }
}
