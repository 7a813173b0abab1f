import CSQLite
import Foundation
import Synchronization

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
    /// Set by the checkpointer when the WAL has grown past its limit: the
    /// writer finishes the checkpoint after its next commit.
    private let restartWanted = Atomic<Bool>(false)

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
    ///
    /// Under a steady stream of commits a passive checkpoint never catches
    /// up with the writer, and SQLite only starts the WAL over once one has,
    /// so the WAL would grow without end (seen: 1.3 GB in a minute of
    /// signing). When the WAL holds more than `restartPages`, the writer
    /// itself checkpoints after its next commit: only the pages written
    /// since the passive pass began are left to copy, and the commit after
    /// that starts the WAL over. (The checkpointer taking the writer's lock
    /// instead would wait behind a busy writer for as long as it stays busy.)
    ///
    /// A WAL started over is written from its beginning again, over blocks
    /// the file already has. `journal_size_limit` (`keptWALBytes`) trims it
    /// only past what a busy spell fills between passes: a trimmed file
    /// grows back a block at a time, and every commit that grows it waits
    /// for the file's size to reach the disk as well as its pages (seen:
    /// signing's p99 at 16 ms trimming to 32 MB after passes once a second,
    /// 7 ms keeping 64 MB with passes every 0.2 s).
    public func checkpointInBackground(every interval: Double = 0.2, restartPages: Int = 4096, keptWALBytes: Int = 64 << 20) throws {
        try writeWithoutTransaction { database in
            try database.execute("PRAGMA wal_autocheckpoint = 0")
            try database.execute("PRAGMA journal_size_limit = \(keptWALBytes)")
        }
        let path = self.path
        let timeout = busyTimeout
        let thread = Thread { [self] in
            guard let connection = try? Database(path: path, readOnly: false, busyTimeout: timeout) else { return }
            while true {
                Thread.sleep(forTimeInterval: interval)
                // The row is (busy, pages in the WAL, pages checkpointed) as
                // the pass began: the writer may have added more since.
                if let row = try? connection.row("PRAGMA wal_checkpoint(PASSIVE)"), let pages: Int = row[1], pages > restartPages {
                    restartWanted.store(true, ordering: .relaxed)
                }
            }
        }
        thread.name = "wal-checkpoint"
        thread.start()
    }

    /// After a commit, the rest of a checkpoint the checkpointer asked for;
    /// passive, so a long reader (an export) delays the restart rather than
    /// the writer.
    private func finishCheckpoint(_ database: Database) {
        guard restartWanted.exchange(false, ordering: .relaxed) else { return }
        // Busy (the checkpointer is mid-pass) or cut short by a reader: again after the next commit.
        guard let row = try? database.row("PRAGMA wal_checkpoint(PASSIVE)"), let busy: Int = row[0], let pages: Int = row[1],
              let done: Int = row[2], busy == 0, done == pages else {
            restartWanted.store(true, ordering: .relaxed)
            return
        }
    }

    /// Runs `body` in a write transaction (`BEGIN IMMEDIATE`): all of it is
    /// committed, or nothing is.
    public func write<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        try writer.withLock { database in
            defer { finishCheckpoint(database) }
            return try database.inTransaction(immediate: true, body)
        }
    }

    /// Runs `body` in a write transaction whose commit is not synced to the
    /// disk: it survives the process crashing, not the machine losing power,
    /// and costs no fsync. Only for bookkeeping whose loss repeats work
    /// rather than losing it (the outbox marking a message sent); the next
    /// synced commit makes it durable too.
    public func writeUnsynced<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        try writer.withLock { database in
            try database.syncsEveryCommit(false)
            defer {
                try? database.syncsEveryCommit(true)
                finishCheckpoint(database)
            }
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
