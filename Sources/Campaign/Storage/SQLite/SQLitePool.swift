import Dispatch
import Foundation
import Synchronization

/// The connections to an SQLite file behind a `DatabasePool`: the writer,
/// whose `write` blocks are `BEGIN IMMEDIATE` transactions run one at a
/// time, and a bounded pool of reader connections, which WAL lets read
/// while the writer writes. Opening applies pending migrations.
///
/// The writer is two connections behind one lock, each with its own
/// durability for good: `write` commits with synchronous=FULL, and
/// `writeUnsynced` with NORMAL. Neither is ever switched, so no failure to
/// switch one back can leave a commit that was promised a sync without one.
final class SQLitePool: Sendable {
    /// The database file.
    let path: String
    private let writers: Mutex<Writers>
    private let readers: Mutex<[PooledConnection]>
    /// One permit per reader connection that may be open at once.
    private let readerSlots: DispatchSemaphore
    /// How many reader connections may be open at once.
    let maximumReaders: Int
    private let busyTimeout: Duration
    /// Set by the checkpointer when the WAL has grown past its limit: the
    /// writer finishes the checkpoint after its next commit.
    private let restartWanted = Atomic<Bool>(false)

    /// The writer's connections and what the pool knows of their commits.
    /// Connections are not `Sendable`; these are touched only while the
    /// `writers` lock is held, by one thread at a time.
    private struct Writers: @unchecked Sendable {
        let synced: Database
        /// Opened on first use: most programs never write unsynced.
        var unsynced: Database?
        /// Settings every writer connection gets (the checkpointer's).
        var settings: [String] = []
        /// Commits of the unsynced connection that wrote something and that
        /// no synced commit has carried to the disk yet.
        var commitsAwaitingSync = 0
    }

    /// A connection on its way in or out of the pool. The pool hands each
    /// one to one borrower at a time, which is what makes moving it between
    /// threads safe; nothing else may hold one.
    private struct PooledConnection: @unchecked Sendable {
        let database: Database
    }

    /// Opens or creates the file and migrates it to `migrator`'s latest
    /// version. At most `maximumReaders` reads run at once; more wait for
    /// one to end, up to `busyTimeout`.
    init(path: String, migrator: Migrator = .campaign, busyTimeout: Duration = .seconds(5), maximumReaders: Int = 16) throws {
        // SQLite gives "" and ":memory:" each connection a private database,
        // so the readers would never see what the writer wrote.
        guard !path.isEmpty, path != ":memory:", !path.hasPrefix("file::memory:") else { throw StorageError.notAFile(path: path) }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue { throw StorageError.notAFile(path: path) }
        precondition(maximumReaders > 0, "a pool needs at least one reader")
        self.path = path
        self.busyTimeout = busyTimeout
        self.maximumReaders = maximumReaders
        let connection = try Database(path: path, readOnly: false, busyTimeout: busyTimeout)
        try migrator.migrate(connection)
        writers = Mutex(Writers(synced: connection))
        readers = Mutex([])
        readerSlots = DispatchSemaphore(value: maximumReaders)
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
    func checkpointInBackground(every interval: Double = 0.2, restartPages: Int = 4096, keptWALBytes: Int = 64 << 20) throws {
        try takeOverCheckpoints(keptWALBytes: keptWALBytes)
        let path = self.path
        let timeout = busyTimeout
        let thread = Thread { [self] in
            guard let connection = try? Database(path: path, readOnly: false, busyTimeout: timeout) else { return }
            while true {
                Thread.sleep(forTimeInterval: interval)
                checkpointPass(connection, restartPages: restartPages)
            }
        }
        thread.name = "wal-checkpoint"
        thread.start()
    }

    /// Turns SQLite's automatic checkpoints off on the writer's connections
    /// and keeps a WAL of up to `keptWALBytes` when it starts over.
    func takeOverCheckpoints(keptWALBytes: Int) throws {
        try writers.withLock { writers in
            writers.settings = ["PRAGMA wal_autocheckpoint = 0", "PRAGMA journal_size_limit = \(keptWALBytes)"]
            for database in [writers.synced] + (writers.unsynced.map { [$0] } ?? []) {
                for setting in writers.settings { try database.execute(setting) }
            }
        }
    }

    /// One pass of the checkpointer, on its own `connection`: copies what it
    /// can of the WAL without waiting, and asks the writer to finish the
    /// checkpoint when the WAL holds more than `restartPages`.
    func checkpointPass(_ connection: Database, restartPages: Int) {
        // The row is (busy, pages in the WAL, pages checkpointed) as the pass
        // began: the writer may have added more since.
        if let row = try? connection.row("PRAGMA wal_checkpoint(PASSIVE)"), let pages = try? row.decode(at: 1, as: Int.self), pages > restartPages {
            askWriterToFinishCheckpoint()
        }
    }

    /// Has the writer finish a checkpoint after its next commit.
    func askWriterToFinishCheckpoint() { restartWanted.store(true, ordering: .relaxed) }

    /// After a commit, the rest of a checkpoint the checkpointer asked for;
    /// passive, so a long reader (an export) delays the restart rather than
    /// the writer.
    private func finishCheckpoint(_ database: Database) {
        guard restartWanted.exchange(false, ordering: .relaxed) else { return }
        // Busy (the checkpointer is mid-pass) or cut short by a reader: again after the next commit.
        guard let row = try? database.row("PRAGMA wal_checkpoint(PASSIVE)"), let busy = try? row.decode(at: 0, as: Int.self),
              let pages = try? row.decode(at: 1, as: Int.self), let done = try? row.decode(at: 2, as: Int.self),
              busy == 0, done == pages else {
            restartWanted.store(true, ordering: .relaxed)
            return
        }
    }

    /// Runs `body` in a write transaction (`BEGIN IMMEDIATE`): all of it is
    /// committed, or nothing is. It returns once the commit is on the disk,
    /// with every unsynced commit before it.
    func write<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        try writers.withLock { writers in
            let database = writers.synced
            defer { finishCheckpoint(database) }
            let before = database.sqlite.totalChangedRows
            let result = try database.inTransaction(immediate: true, body)
            // A commit that wrote nothing wrote nothing to the WAL, and synced nothing.
            if database.sqlite.totalChangedRows != before { writers.commitsAwaitingSync = 0 }
            return result
        }
    }

    /// Runs `body` in a write transaction whose commit is not synced to the
    /// disk: it survives the process crashing, not the machine losing power,
    /// and costs no fsync. Only for bookkeeping whose loss repeats work
    /// rather than losing it (the outbox marking a message sent), and only
    /// where a synced `write` follows before the work is reported done.
    func writeUnsynced<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        try writers.withLock { writers in
            let database: Database
            if let open = writers.unsynced {
                database = open
            } else {
                database = try Database(path: path, readOnly: false, busyTimeout: busyTimeout, durability: .unsynced)
                for setting in writers.settings { try database.execute(setting) }
                writers.unsynced = database
            }
            defer { finishCheckpoint(database) }
            let before = database.sqlite.totalChangedRows
            let result = try database.inTransaction(immediate: true, body)
            if database.sqlite.totalChangedRows != before { writers.commitsAwaitingSync += 1 }
            return result
        }
    }

    /// Unsynced commits that wrote something and that no synced commit has
    /// carried to the disk yet: what a power cut now could lose.
    var commitsAwaitingSync: Int { writers.withLock { $0.commitsAwaitingSync } }

    /// Runs `body` in a synced write transaction with `secure_delete` on,
    /// so that the cells and pages it frees are overwritten with zeros,
    /// then checkpoints the WAL and truncates it: the bytes it replaced
    /// stay neither in the file (nor so in a backup of it) nor in the log.
    func writeErasing<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        try writers.withLock { writers in
            let database = writers.synced
            let before = try database.value("PRAGMA secure_delete", as: Int.self) ?? 0
            try database.execute("PRAGMA secure_delete = ON")
            defer { try? database.execute("PRAGMA secure_delete = \(before)") }
            let result = try database.inTransaction(immediate: true, body)
            writers.commitsAwaitingSync = 0
            // A reader still in an older snapshot keeps the old frames; the next erasure or checkpoint clears them.
            _ = try? database.row("PRAGMA wal_checkpoint(TRUNCATE)")
            return result
        }
    }

    /// Runs `body` in a read transaction on a reader connection: it sees one
    /// consistent snapshot and never blocks the writer.
    func read<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        let connection = try takeReader()
        defer { giveBack(connection) }
        return try connection.database.inTransaction(immediate: false, body)
    }

    /// A watcher of commits to this file by any connection but its own:
    /// the pool's writer, or another program's.
    func commitWatcher() throws -> CommitWatcher {
        try CommitWatcher(path: path, busyTimeout: busyTimeout)
    }

    /// Copies the database to `destination` while it stays open for writing.
    func backup(to destination: String) throws {
        let connection = try takeReader()
        defer { giveBack(connection) }
        try connection.database.sqlite.backup(to: destination)
    }

    private func takeReader() throws -> PooledConnection {
        let seconds = Double(busyTimeout.components.seconds) + Double(busyTimeout.components.attoseconds) / 1e18
        guard readerSlots.wait(timeout: .now() + seconds) == .success else {
            throw StorageError.readersBusy(path: path, count: maximumReaders)
        }
        if let connection = readers.withLock({ $0.popLast() }) { return connection }
        do {
            return PooledConnection(database: try Database(path: path, readOnly: true, busyTimeout: busyTimeout))
        } catch {
            readerSlots.signal()
            throw error
        }
    }

    private func giveBack(_ connection: PooledConnection) {
        readers.withLock { $0.append(connection) }
        readerSlots.signal()
    }

    /// Runs `body` on the synced writer connection outside any transaction:
    /// for tests that look at its settings.
    func withWriterConnection<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        try writers.withLock { writers in try body(writers.synced) }
    }
}
