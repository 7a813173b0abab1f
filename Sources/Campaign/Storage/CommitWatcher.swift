import Synchronization

/// Tells cheaply whether another connection has committed to the database
/// file since it last looked: SQLite's `PRAGMA data_version` on a
/// connection of its own, which moves with every commit made through any
/// other connection (another program's included) and reads no table.
public final class CommitWatcher: Sendable {
    /// The connection and the number it last read. Touched only with the
    /// lock held, by one thread at a time.
    private struct Watch: @unchecked Sendable {
        let database: Database
        var last: Int64?
    }

    private let watch: Mutex<Watch>

    init(path: String, busyTimeout: Duration) throws {
        watch = Mutex(Watch(database: try Database(path: path, readOnly: true, busyTimeout: busyTimeout)))
    }

    /// True when another connection committed since the last call; true
    /// on the first call too, when there was nothing to compare with.
    public func changed() throws -> Bool {
        try watch.withLock { watch in
            let version = try watch.database.value("PRAGMA data_version", as: Int64.self)
            defer { watch.last = version }
            return version == nil || version != watch.last
        }
    }
}
