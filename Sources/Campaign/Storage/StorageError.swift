/// Storage failures that are neither SQLite's errors nor PostgreSQL's.
public enum StorageError: Error, CustomStringConvertible, Sendable {
    /// The file was written by a newer `campaign` whose schema this one does not know.
    case databaseTooNew(path: String, version: Int, supported: Int)
    /// The path is empty, in memory, or a folder.
    case notAFile(path: String)
    /// Every reader connection stayed busy for as long as a read may wait.
    case readersBusy(path: String, count: Int)
    /// The migrator has no PostgreSQL schema (a test's own migrator).
    case noPostgreSQLSchema
    /// Something only an SQLite file has, asked of a PostgreSQL database.
    case sqliteOnly(what: String, path: String)

    public var description: String {
        switch self {
        case let .databaseTooNew(path, version, supported):
            return "The database \(path) has schema version \(version), but this campaign binary knows versions up to \(supported). Use a newer campaign binary; this one will not touch it."
        case .notAFile(let path):
            return path.isEmpty || path.contains(":memory:")
                ? "The database path '\(path)' is not a file; give a file name such as campaign.sqlite."
                : "The database path \(path) is a folder; give a file inside it, such as \(path)/campaign.sqlite."
        case let .readersBusy(path, count):
            return "All \(count) reader connections to \(path) stayed busy; try again in a moment."
        case let .sqliteOnly(what, path):
            return "The database \(path) is PostgreSQL: \(what) works only on an SQLite file. For PostgreSQL use its own tools (pg_dump, see docs/deploy.md)."
        case .noPostgreSQLSchema:
            return "This schema has no PostgreSQL form; use an SQLite file."
        }
    }
}
