import CSQLite
import Foundation

/// The way into a database file: one writer connection, whose `write`
/// blocks are `BEGIN IMMEDIATE` transactions run one at a time, and a small
/// pool of reader connections, which WAL lets read while the writer writes.
/// Opening applies pending migrations.
public final class DatabasePool: Sendable {
    /// The database file.
    public let path: String
    private let writer: LockedValue<Database>
    private let readers: LockedValue<[Database]>
    private let busyTimeout: Duration

    /// Opens or creates the file and migrates it to `migrator`'s latest version.
    public init(path: String, migrator: Migrator = .campaign, busyTimeout: Duration = .seconds(5)) throws {
        // SQLite gives "" and ":memory:" each connection a private database,
        // so the readers would never see what the writer wrote.
        guard !path.isEmpty, path != ":memory:", !path.hasPrefix("file::memory:") else { throw StorageError.notAFile(path: path) }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue { throw StorageError.notAFile(path: path) }
        self.path = path
        self.busyTimeout = busyTimeout
        let connection = try Database(path: path, readOnly: false, busyTimeout: busyTimeout)
        try migrator.migrate(connection)
        writer = LockedValue(connection)
        readers = LockedValue([])
    }

    /// Moves WAL checkpoints off the writer: SQLite's automatic checkpoint
    /// runs inside a commit and stalls whoever committed, so a server turns it
    /// off and checkpoints from its own thread every `interval` seconds,
    /// passively (never waiting for readers or the writer).
    public func checkpointInBackground(every interval: Double = 1) throws {
        try writeWithoutTransaction { try $0.execute("PRAGMA wal_autocheckpoint = 0") }
        let path = self.path
        let timeout = busyTimeout
        let thread = Thread {
            guard let connection = try? Database(path: path, readOnly: false, busyTimeout: timeout) else { return }
            while true {
                Thread.sleep(forTimeInterval: interval)
                try? connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
            }
        }
        thread.name = "wal-checkpoint"
        thread.start()
    }

    /// Runs `body` in a write transaction (`BEGIN IMMEDIATE`): all of it is
    /// committed, or nothing is.
    public func write<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        try writer.withLock { database in
            try database.inTransaction(immediate: true, body)
        }
    }

    /// Runs `body` in a write transaction whose commit is not synced to the
    /// disk: it survives the process crashing, not the machine losing power,
    /// and costs no fsync. Only for bookkeeping whose loss repeats work
    /// rather than losing it (the outbox marking a message sent); the next
    /// synced commit makes it durable too.
    public func writeUnsynced<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        try writer.withLock { database in
            try database.execute("PRAGMA synchronous = NORMAL")
            defer { try? database.execute("PRAGMA synchronous = FULL") }
            return try database.inTransaction(immediate: true, body)
        }
    }

    /// Runs `body` on the writer connection outside any transaction, for
    /// statements that cannot run inside one.
    public func writeWithoutTransaction<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        try writer.withLock { database in try body(database) }
    }

    /// Runs `body` in a read transaction on a reader connection: it sees one
    /// consistent snapshot and never blocks the writer.
    public func read<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        let connection = try takeReader()
        defer { readers.withLock { $0.append(connection) } }
        return try connection.inTransaction(immediate: false, body)
    }

    /// Copies the database to `destination` while it stays open for writing.
    public func backup(to destination: String) throws {
        let connection = try takeReader()
        defer { readers.withLock { $0.append(connection) } }
        try connection.backup(to: destination)
    }

    private func takeReader() throws -> Database {
        if let connection = readers.withLock({ $0.popLast() }) { return connection }
        return try Database(path: path, readOnly: true, busyTimeout: busyTimeout)
    }
}
