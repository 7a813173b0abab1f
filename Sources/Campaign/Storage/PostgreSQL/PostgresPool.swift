import Dispatch
import Synchronization

/// The connections to a PostgreSQL database behind a `DatabasePool`: one
/// writer, whose `write` blocks run one at a time in this program and, by
/// the advisory lock each takes, one at a time across every program on the
/// database; and a bounded pool of readers, each transaction one snapshot.
/// A connection the server dropped (a restart, a failover) is opened again
/// on next use; a transaction that could not begin on it begins once more
/// on a fresh one, since nothing of it had run.
final class PostgresPool: Sendable {
    /// The connection string; never shown, as it may hold a password.
    private let url: String
    /// The database and server, for messages.
    let description: String
    private let writer: Mutex<Writer>
    private let readers: Mutex<[PooledConnection]>
    private let readerSlots: DispatchSemaphore
    let maximumReaders: Int
    private let busyTimeout: Duration

    /// The writer's connection, when open, and what the pool knows of its
    /// commits. Touched only while the lock is held.
    private struct Writer: @unchecked Sendable {
        var database: Database?
        var commitsAwaitingSync = 0
    }

    /// A connection on its way in or out of the pool, held by one borrower at a time.
    private struct PooledConnection: @unchecked Sendable {
        let database: Database
    }

    init(url: String, migrator: Migrator, busyTimeout: Duration, maximumReaders: Int) throws {
        precondition(maximumReaders > 0, "a pool needs at least one reader")
        let connection = try PostgresConnection(url: url)
        let database = Database(connection)
        try migrator.migrate(database)
        self.url = url
        description = connection.description
        self.busyTimeout = busyTimeout
        self.maximumReaders = maximumReaders
        writer = Mutex(Writer(database: database))
        readers = Mutex([])
        readerSlots = DispatchSemaphore(value: maximumReaders)
    }

    /// A new connection to the database.
    func connect() throws -> PostgresConnection { try PostgresConnection(url: url) }

    func write<T: Sendable>(synced: Bool, _ body: (Database) throws -> T) throws -> T {
        try writer.withLock { writer in
            // A transaction that wrote nothing flushes nothing at its commit;
            // whether one did is asked only when the answer changes the count.
            let asks = !synced || writer.commitsAwaitingSync > 0
            let (result, wrote) = try transaction(on: &writer.database, writing: true, synced: synced, askingWhetherItWrote: asks, body)
            if wrote { if synced { writer.commitsAwaitingSync = 0 } else { writer.commitsAwaitingSync += 1 } }
            return result
        }
    }

    var commitsAwaitingSync: Int { writer.withLock { $0.commitsAwaitingSync } }

    func read<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        let seconds = Double(busyTimeout.components.seconds) + Double(busyTimeout.components.attoseconds) / 1e18
        guard readerSlots.wait(timeout: .now() + seconds) == .success else {
            throw StorageError.readersBusy(path: description, count: maximumReaders)
        }
        defer { readerSlots.signal() }
        var slot = readers.withLock { $0.popLast() }?.database
        defer { if let slot { readers.withLock { $0.append(PooledConnection(database: slot)) } } }
        return try transaction(on: &slot, writing: false, synced: true, body).result
    }

    /// Runs `body` in a transaction on the connection in `slot`, opening
    /// one when there is none; leaves nil there when the connection is lost.
    /// Says, when asked, whether a writing transaction wrote anything.
    private func transaction<T>(on slot: inout Database?, writing: Bool, synced: Bool, askingWhetherItWrote asks: Bool = false,
                                _ body: (Database) throws -> T) throws -> (result: T, wrote: Bool) {
        var attempt = 0
        while true {
            attempt += 1
            let database = try slot ?? Database(connect())
            slot = database
            guard case .postgres(let connection) = database.connection else { preconditionFailure("a PostgreSQL pool holds PostgreSQL connections") }
            do {
                try connection.begin(writing: writing, synced: synced, lockTimeout: busyTimeout)
            } catch {
                if connection.isBroken {
                    slot = nil
                    if attempt == 1 { continue }
                } else if connection.isInTransaction {
                    // The lock was not had in time: the transaction is aborted.
                    try? connection.execute("ROLLBACK")
                }
                throw error
            }
            do {
                let result = try body(database)
                // A transaction id is assigned at the first write, and only then.
                let wrote = try asks && connection.rows("SELECT txid_current_if_assigned() IS NOT NULL AS wrote").first?.decode("wrote", as: Bool.self) == true
                try connection.execute("COMMIT")
                return (result, wrote)
            } catch {
                if connection.isBroken {
                    slot = nil
                } else if connection.isInTransaction {
                    try? connection.execute("ROLLBACK")
                }
                throw error
            }
        }
    }
}
