import CSQLite
import Foundation
import Synchronization
import Testing
@testable import Campaign

@Suite struct DatabasePoolTests {
    @Test(.enabled(if: TestSupport.onSQLite, "SQLite's own")) func opensInWALModeWithForeignKeysAndFullSync() throws {
        let pool = try TestSupport.temporaryDatabase()
        let (journal, foreignKeys, synchronous) = try pool.withWriterConnection { db in
            (try db.value("PRAGMA journal_mode", as: String.self), try db.value("PRAGMA foreign_keys", as: Int.self),
             try db.value("PRAGMA synchronous", as: Int.self))
        }
        #expect(journal == "wal")
        #expect(foreignKeys == 1)
        #expect(synchronous == 2)
    }

    @Test func appliesMigrationsOnOpenAndRecordsTheVersion() throws {
        let pool = try TestSupport.temporaryDatabase()
        let version = try pool.read { try Migrator.version(of: $0) }
        #expect(version == Migrator.campaign.latestVersion)
        let tables = try pool.read { db in
            try db.rows(db.dialect == .sqlite ? "SELECT name FROM sqlite_master WHERE type = 'table'"
                        : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'").compactMap { $0["name"] as String? }
        }
        #expect(Set(tables).isSuperset(of: ["jurisdictions", "offices", "officials", "contacts", "districts"]))
    }

    /// A PostgreSQL URL is shown without its password, wherever it was given.
    @Test(arguments: [
        ("campaign.sqlite", "campaign.sqlite"),
        ("postgres://campaign@db.internal/campaign", "postgres://campaign@db.internal/campaign"),
        ("postgres://campaign:s3cret@db.internal:5432/campaign", "postgres://campaign@db.internal:5432/campaign"),
        ("postgresql://campaign:p@ss@db1,db2/campaign?target_session_attrs=read-write",
         "postgresql://campaign@db1,db2/campaign?target_session_attrs=read-write"),
        ("postgres://db.internal/campaign?user=campaign&password=s3cret&sslmode=require", "postgres://db.internal/campaign?user=campaign&sslmode=require"),
    ])
    func aPostgreSQLURLIsShownWithoutItsPassword(location: String, shown: String) {
        #expect(DatabasePool.displayName(of: location) == shown)
    }

    @Test func writeRollsBackEverythingWhenTheBlockThrows() throws {
        let pool = try TestSupport.temporaryDatabase()
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try pool.write { db in
                try db.execute("INSERT INTO jurisdictions (id, name, kind) VALUES (?, ?, ?)", ["ocd-division/country:us", "United States", "country"])
                throw Abort()
            }
        }
        #expect(try pool.read { try $0.value("SELECT count(*) FROM jurisdictions", as: Int.self) } == 0)
    }

    @Test func writeTakesTheWriteLockAtTheStart() throws {
        let path = TestSupport.temporaryDatabasePath()
        let pool = try DatabasePool(path: path, busyTimeout: .milliseconds(50))
        let other = try DatabasePool(path: path, busyTimeout: .milliseconds(50))
        try pool.write { _ -> Void in
            // BEGIN IMMEDIATE (on PostgreSQL, the writers' advisory lock) holds
            // the lock even before anything is written, so a second writer is
            // refused at its start, after the busy timeout, not half-way through.
            #expect(throws: (any Error).self) { try other.write { _ -> Void in } }
        }
        try other.write { _ in }
    }

    @Test func readersSeeCommittedDataWhileTheWriterHoldsATransaction() throws {
        let pool = try TestSupport.temporaryDatabase()
        try pool.write { db in
            try db.execute("INSERT INTO jurisdictions (id, name, kind) VALUES (?, ?, ?)", ["ocd-division/country:us", "United States", "country"])
        }
        try pool.write { db in
            try db.execute("UPDATE jurisdictions SET name = ?", ["Changed"])
            let seen = try pool.read { try $0.value("SELECT name FROM jurisdictions", as: String.self) }
            #expect(seen == "United States")
        }
        #expect(try pool.read { try $0.value("SELECT name FROM jurisdictions", as: String.self) } == "Changed")
    }

    @Test func errorsNameTheSQLAndMessageButNeverBoundValues() throws {
        let pool = try TestSupport.temporaryDatabase()
        let secret = "signer@example.org"
        try pool.write { db in
            try db.execute("INSERT INTO jurisdictions (id, name, kind) VALUES (?, ?, ?)", [secret, "x", "city"])
        }
        do {
            try pool.write { db in
                try db.execute("INSERT INTO jurisdictions (id, name, kind) VALUES (?, ?, ?)", [secret, "x", "city"])
            }
            Issue.record("a duplicate primary key was accepted")
        } catch let error as DatabaseError {
            #expect(error.isConstraintViolation)
            #expect(error.description.contains("UNIQUE constraint failed: jurisdictions.id"))
            #expect(error.description.contains("INSERT INTO jurisdictions (id, name, kind) VALUES (?, ?, ?)"))
            #expect(!error.description.contains(secret))
        } catch let error as PostgresError {
            // PostgreSQL's detail ("Key (id)=(…) already exists") would name the value; only its message is kept.
            #expect(error.isConstraintViolation)
            #expect(error.description.contains("duplicate key value violates unique constraint \"jurisdictions_pkey\""), "\(error)")
            #expect(error.description.contains("INSERT INTO jurisdictions (id, name, kind) VALUES (?, ?, ?)"))
            #expect(!error.description.contains(secret))
        }
    }

    @Test(.enabled(if: TestSupport.onSQLite, "SQLite's own")) func refusesADatabaseFromANewerBinaryAndLeavesItAlone() throws {
        let path = TestSupport.temporaryDatabasePath()
        try DatabasePool(path: path).withWriterConnection { try $0.execute("PRAGMA user_version = 99") }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            _ = try DatabasePool(path: path)
            Issue.record("a database at version 99 was opened")
        } catch let error as StorageError {
            #expect(error.description == "The database \(path) has schema version 99, but this campaign binary knows versions up to \(Migrator.campaign.latestVersion). Use a newer campaign binary; this one will not touch it.")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test(.enabled(if: !TestSupport.onSQLite, "PostgreSQL's own")) func refusesAPostgreSQLDatabaseFromANewerBinaryAndLeavesItAlone() throws {
        let path = TestSupport.temporaryDatabasePath()
        try DatabasePool(path: path).write { try $0.execute("UPDATE campaign_schema SET version = 99") }
        do {
            _ = try DatabasePool(path: path)
            Issue.record("a database at version 99 was opened")
        } catch let error as StorageError {
            #expect(error.description == "The database \(path) has schema version 99, but this campaign binary knows versions up to \(Migrator.campaign.latestVersion). Use a newer campaign binary; this one will not touch it.")
        }
        let connection = try PostgresConnection(url: path)
        #expect(try connection.rows("SELECT version FROM campaign_schema").first?.decode("version", as: Int.self) == 99)
        #expect(try connection.rows("SELECT count(*) AS n FROM jurisdictions").first?.decode("n", as: Int.self) == 0)
    }

    @Test(.enabled(if: TestSupport.onSQLite, "SQLite's own")) func aFailingMigrationLeavesTheVersionWhereItWas() throws {
        let path = TestSupport.temporaryDatabasePath()
        let migrator = Migrator([
            .init(version: 1, name: "one", sql: "CREATE TABLE one (x)"),
            .init(version: 2, name: "broken", sql: "CREATE TABLE two (x); CREATE TABLE one (y)"),
        ])
        #expect(throws: DatabaseError.self) { _ = try DatabasePool(path: path, migrator: migrator) }
        let plain = try DatabasePool(path: path, migrator: Migrator([.init(version: 1, name: "one", sql: "CREATE TABLE one (x)")]))
        let (version, two) = try plain.read { db in
            (try Migrator.version(of: db), try db.value("SELECT count(*) FROM sqlite_master WHERE name = 'two'", as: Int.self))
        }
        #expect(version == 1)
        #expect(two == 0)
    }

    @Test(.enabled(if: TestSupport.onSQLite, "SQLite's own")) func bindsAndReadsEveryType() throws {
        let pool = try TestSupport.temporaryDatabase()
        let row = try pool.read { db in
            try db.row("SELECT ? AS i, ? AS r, ? AS t, ? AS b, ? AS n, ? AS flag",
                       [Int64(1) << 40, 2.5, "González ✓", DatabaseValue.blob([0, 1, 255]), String?.none, true])
        }
        #expect(row?["i"] as Int64? == 1 << 40)
        #expect(row?["r"] as Double? == 2.5)
        #expect(row?["t"] as String? == "González ✓")
        #expect(row?.values[3] == .blob([0, 1, 255]))
        #expect(row?["n"] as String? == nil)
        #expect(row?["flag"] as Bool? == true)
    }

    @Test(.enabled(if: TestSupport.onSQLite, "SQLite's own")) func bindsTextOfEveryShapeByteForByte() throws {
        let pool = try TestSupport.temporaryDatabase()
        // Empty (not NULL), small enough to live inline, long, and with NUL characters.
        let texts = ["", "a", "fifteen bytes!!", "a\u{0}b", String(repeating: "Señora Núñez ", count: 40)]
        for text in texts {
            let row = try pool.read { db in try db.row("SELECT ? AS t, typeof(?) AS type, length(CAST(? AS BLOB)) AS bytes", [text, text, text]) }
            #expect(row?["t"] as String? == text)
            #expect(row?["type"] as String? == "text")
            #expect(row?["bytes"] as Int? == text.utf8.count)
        }
    }

    @Test(.enabled(if: TestSupport.onSQLite, "SQLite's own")) func backupCopiesTheDatabaseWhileItIsOpen() throws {
        let pool = try TestSupport.seededDatabase()
        let copy = TestSupport.temporaryFolder() + "/backup.sqlite"
        try pool.backup(to: copy)
        let original = try pool.read { try DirectoryStore.load($0) }
        let restored = try DatabasePool(path: copy).read { try DirectoryStore.load($0) }
        #expect(restored == original)
        #expect(restored.officials.count == 22)
    }

    @Test(.enabled(if: TestSupport.onSQLite, "SQLite's own")) func theWALStartsOverUnderAnEndlessStreamOfCommits() throws {
        let pool = try TestSupport.temporaryDatabase()
        try pool.withWriterConnection { try $0.execute("CREATE TABLE load (id INTEGER PRIMARY KEY, payload BLOB)") }
        // The checkpointer's passes, made here every 50 commits rather than
        // on its thread's timer, so the test does not hang on the scheduler.
        try try pool.sqliteOnly("checkpoints").takeOverCheckpoints(keptWALBytes: 1 << 20)
        let checkpointer = try Database(path: pool.path, readOnly: false, busyTimeout: .seconds(5))
        let wal = pool.path + "-wal"
        func walSize() throws -> Int { (try FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0 }
        // The WAL header's checkpoint sequence number (bytes 12 to 15, big
        // endian) goes up each time SQLite starts the log over.
        func restartCount() throws -> UInt32 {
            let header = try #require(FileHandle(forReadingAtPath: wal)).readData(ofLength: 16)
            return header.count == 16 ? header.suffix(4).reduce(0) { $0 << 8 | UInt32($1) } : 0
        }
        // Commits back to back, which without help would never let the WAL start over.
        let payload = DatabaseValue.blob([UInt8](repeating: 7, count: 3000))
        let commits = 3000
        var largest = 0
        let firstCount = try restartCount()
        for commit in 1...commits {
            try pool.writeUnsynced { try $0.execute("INSERT INTO load (payload) VALUES (?)", [payload]) }
            if commit % 50 == 0 { try pool.sqliteOnly("checkpoints").checkpointPass(checkpointer, restartPages: 64) }
            if commit % 100 == 0 { largest = max(largest, try walSize()) }
        }
        let restarts = try restartCount() &- firstCount
        #expect(restarts >= 3, "the WAL started over \(restarts) times in \(commits) commits")
        // Each commit adds a page or two; started over, the file stays far
        // smaller than all of them together.
        #expect(largest < commits * 4096 / 4, "the WAL grew to \(largest) bytes over \(commits) commits")
    }

    /// When the checkpointer cannot catch up with a busy writer, it asks the
    /// writer to finish the checkpoint after its next commit; the commit
    /// after that starts the WAL over.
    @Test(.enabled(if: TestSupport.onSQLite, "SQLite's own")) func theWriterFinishesACheckpointItIsAskedForAndTheWALStartsOver() throws {
        let pool = try TestSupport.temporaryDatabase()
        try pool.withWriterConnection { try $0.execute("CREATE TABLE load (id INTEGER PRIMARY KEY, payload BLOB)") }
        try try pool.sqliteOnly("checkpoints").takeOverCheckpoints(keptWALBytes: 1 << 20)
        let header = { try #require(FileHandle(forReadingAtPath: pool.path + "-wal")).readData(ofLength: 16).suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
        func commit() throws { try pool.writeUnsynced { try $0.execute("INSERT INTO load (payload) VALUES (zeroblob(3000))") } }
        for _ in 0..<100 { try commit() }
        let before = try header()
        try commit()
        try commit()
        #expect(try header() == before, "nothing checkpoints on its own")
        try pool.sqliteOnly("checkpoints").askWriterToFinishCheckpoint()
        try commit()
        try commit()
        #expect(try header() == before &+ 1, "the WAL started over once")
    }

    // MARK: - Durability

    @Test(.enabled(if: TestSupport.onSQLite, "SQLite's own")) func unsyncedWritesNeverLeaveTheWriterWithoutItsSync() throws {
        let pool = try TestSupport.temporaryDatabase()
        try pool.writeUnsynced { try $0.execute("INSERT INTO jurisdictions (id, name, kind) VALUES ('ocd-organization/a', 'A', 'organization')") }
        // The synced writer is another connection, set once when opened: nothing switches it back and forth.
        let synchronous = try pool.withWriterConnection { try $0.value("PRAGMA synchronous", as: Int.self) }
        #expect(synchronous == 2)
        let inTransaction = try pool.write { try $0.value("PRAGMA synchronous", as: Int.self) }
        #expect(inTransaction == 2)
    }

    @Test func unsyncedCommitsWaitForTheNextSyncedCommitThatWritesSomething() throws {
        let pool = try TestSupport.temporaryDatabase()
        #expect(pool.commitsAwaitingSync == 0)
        for letter in ["a", "b"] {
            try pool.writeUnsynced { try $0.execute("INSERT INTO jurisdictions (id, name, kind) VALUES (?, ?, 'organization')", ["ocd-organization/" + letter, letter]) }
        }
        // A transaction that writes nothing commits nothing, and syncs nothing.
        try pool.writeUnsynced { _ in }
        #expect(pool.commitsAwaitingSync == 2)
        try pool.write { _ in }
        #expect(pool.commitsAwaitingSync == 2)
        try pool.write { try $0.execute("UPDATE jurisdictions SET name = 'A2' WHERE id = 'ocd-organization/a'") }
        #expect(pool.commitsAwaitingSync == 0)
    }

    // MARK: - Readers

    @Test func readsBeyondTheReaderBoundWaitForOneToEnd() throws {
        let pool = try DatabasePool(path: TestSupport.temporaryDatabasePath(), busyTimeout: .seconds(5), maximumReaders: 2)
        let inside = Mutex(0)
        let most = Mutex(0)
        let finished = DispatchGroup()
        for _ in 0..<8 {
            finished.enter()
            Thread.detachNewThread {
                _ = try? pool.read { _ in
                    let now = inside.withLock { $0 += 1; return $0 }
                    most.withLock { $0 = max($0, now) }
                    usleep(50_000)
                    inside.withLock { $0 -= 1 }
                }
                finished.leave()
            }
        }
        finished.wait()
        #expect(most.withLock { $0 } == 2)
    }

    @Test func aReadThatWaitsLongerThanTheBusyTimeoutIsRefusedWithTheReason() throws {
        let pool = try DatabasePool(path: TestSupport.temporaryDatabasePath(), busyTimeout: .milliseconds(50), maximumReaders: 1)
        try pool.read { _ -> Void in
            #expect(throws: StorageError.self) { try pool.read { _ in } }
        }
        try pool.read { _ in }
    }

    // MARK: - Rows

    @Test func aRowRefusesAMissingANullOrAMistypedColumnNamingItAndTheQuery() throws {
        let pool = try TestSupport.temporaryDatabase()
        let secret = "signer@example.org"
        let sql = "SELECT ? AS email, NULL AS gone, 7 AS count"
        let row = try #require(try pool.read { try $0.row(sql, [secret]) })
        #expect(try row.decode("email", as: String.self) == secret)
        #expect(try row.decode("gone", as: String?.self) == nil)
        for (column, message) in [("name", "the result has no column 'name'"), ("gone", "column 'gone' is NULL where a value is needed"),
                                  ("email", "column 'email' holds text where an integer is expected")] {
            do {
                _ = try row.decode(column, as: Int.self)
                Issue.record("column \(column) was read")
            } catch let error as DatabaseError {
                #expect(error.description.contains(message), "\(error)")
                #expect(error.description.contains(sql))
                #expect(!error.description.contains(secret))
            }
        }
        #expect(throws: DatabaseError.self) { _ = try row.decode("count", as: String.self) }
        #expect(throws: DatabaseError.self) { _ = try row.decode("count", as: Bool.self) }
    }

    @Test func aCursorRefusesAMissingANullOrAMistypedColumnToo() throws {
        let pool = try TestSupport.temporaryDatabase()
        try pool.read { db in
            try db.scan("SELECT 'x' AS text, NULL AS gone, 1 AS flag") { (row: Cursor) throws in
                #expect(try row.text("text") == "x")
                #expect(try row.optionalText("gone") == nil)
                #expect(try row.bool("flag"))
                #expect(throws: DatabaseError.self) { _ = try row.text("missing") }
                #expect(throws: DatabaseError.self) { _ = try row.text("gone") }
                #expect(throws: DatabaseError.self) { _ = try row.int64("text") }
            }
        }
    }

    @Test func aStoreReadingABadStoredValueSaysWhichColumnAndQuery() throws {
        let pool = try TestSupport.temporaryDatabase()
        try pool.write { try $0.execute("INSERT INTO jurisdictions (id, name, kind) VALUES ('ocd-organization/a', 'A', 'galaxy')") }
        do {
            _ = try pool.read { try DirectoryStore.load($0) }
            Issue.record("a jurisdiction of an unknown kind was read")
        } catch let error as DatabaseError {
            #expect(error.description.contains("column 'kind'"))
            #expect(error.description.contains("FROM jurisdictions"))
        }
    }
}
