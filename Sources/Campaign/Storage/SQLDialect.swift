/// A dialect of SQL a store writes its statements in. Each store keeps its
/// statements in one `Statements` value per dialect and picks by the
/// connection's, so a second dialect is added beside the first without
/// touching the stores' callers.
enum SQLDialect: Sendable {
    case sqlite
}

extension Database {
    /// The dialect this connection speaks.
    var dialect: SQLDialect { .sqlite }
}
