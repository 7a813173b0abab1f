import CPostgres
import Synchronization

/// Tells cheaply what other connections committed since it last looked.
/// On SQLite, `PRAGMA data_version` on a connection of its own, which
/// moves with every commit made through any other connection (another
/// program's included) and reads no table: any commit may have changed
/// the site. On PostgreSQL, notifications the schema's triggers send at
/// commit (`campaign_site` when what the site shows changed,
/// `campaign_counts` when a count did), on a connection that listens,
/// so every server hears every other's commits.
public final class CommitWatcher: Sendable {
    /// What changed.
    public struct Changes: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// The site generation may have moved.
        public static let site = Changes(rawValue: 1)
        /// Stored counts moved.
        public static let counts = Changes(rawValue: 2)
    }

    /// The connection and what it last saw. Touched only with the lock
    /// held, by one thread at a time.
    private struct Watch: @unchecked Sendable {
        var source: Source
        var last: Int64?
    }

    private enum Source {
        case sqlite(Database)
        /// The listening connection (nil once lost), and how to open another.
        case postgres(PostgresConnection?, PostgresPool)
    }

    private let watch: Mutex<Watch>

    init(path: String, busyTimeout: Duration) throws {
        watch = Mutex(Watch(source: .sqlite(try Database(path: path, readOnly: true, busyTimeout: busyTimeout))))
    }

    init(listeningOn pool: PostgresPool) throws {
        watch = Mutex(Watch(source: .postgres(try Self.listen(pool), pool)))
    }

    private static func listen(_ pool: PostgresPool) throws -> PostgresConnection {
        let connection = try pool.connect()
        try connection.execute("LISTEN campaign_site; LISTEN campaign_counts")
        return connection
    }

    /// True when another connection committed since the last call; true
    /// on the first call too, when there was nothing to compare with.
    public func changed() throws -> Bool { try !changes().isEmpty }

    /// What other connections' commits changed since the last call; all
    /// of it on the first call, and after the connection was lost.
    public func changes() throws -> Changes {
        try watch.withLock { watch in
            switch watch.source {
            case .sqlite(let database):
                let version = try database.value("PRAGMA data_version", as: Int64.self)
                defer { watch.last = version }
                // The site's reload reads the counts again too (`SiteData.watch`).
                return version == nil || version != watch.last ? .site : []
            case .postgres(let listening, let pool):
                guard let connection = listening, !connection.isBroken else {
                    watch.source = .postgres(nil, pool)
                    watch.source = .postgres(try Self.listen(pool), pool)
                    return [.site, .counts]
                }
                var changes: Changes = watch.last == nil ? [.site, .counts] : []
                watch.last = 1
                guard PQconsumeInput(connection.handle) == 1 else {
                    watch.source = .postgres(nil, pool)
                    return [.site, .counts]
                }
                while let notice = PQnotifies(connection.handle) {
                    switch String(cString: notice.pointee.relname) {
                    case "campaign_site": changes.insert(.site)
                    case "campaign_counts": changes.insert(.counts)
                    default: break
                    }
                    PQfreemem(notice)
                }
                return changes
            }
        }
    }
}
