import Foundation
import Testing
@testable import Campaign

/// The writer's WAL frames are held and written at once when SQLite syncs
/// the WAL (`WALGatheringVFS`); what reaches the file, and when readers see
/// it, must not change.
@Suite struct WALGatheringTests {
    /// Write system calls this thread has made (`syscw` in /proc): a write
    /// transaction runs on the calling thread, and other tests' threads do
    /// not count.
    static func writeCalls() throws -> Int {
        let io = try String(contentsOfFile: "/proc/thread-self/io", encoding: .utf8)
        let line = try #require(io.split(separator: "\n").first { $0.hasPrefix("syscw:") })
        return try #require(Int(line.dropFirst("syscw:".count).trimmingCharacters(in: .whitespaces)))
    }

    static func makeTable(_ pool: DatabasePool) throws {
        try pool.writeWithoutTransaction { try $0.execute("CREATE TABLE load (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)") }
    }

    static func payload(_ seed: Int, bytes: Int = 3000) -> DatabaseValue {
        .blob((0..<bytes).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed) })
    }

    @Test func aCommitOfManyPagesReachesTheWALInAFewWritesNotTwoAPage() throws {
        let pool = try TestSupport.temporaryDatabase()
        try Self.makeTable(pool)
        try pool.write { try $0.execute("INSERT INTO load (payload) VALUES (?)", [Self.payload(0)]) }
        let before = try Self.writeCalls()
        try pool.write { db in
            for seed in 1...40 { try db.execute("INSERT INTO load (payload) VALUES (?)", [Self.payload(seed)]) }
        }
        let calls = try Self.writeCalls() - before
        // 40 rows of 3000 bytes fill about 40 pages; SQLite alone writes
        // each page's frame as a header and a page, over 80 calls.
        #expect(calls <= 4, "\(calls) write calls for a commit of about 40 pages")
        let stored = try pool.read { try $0.value("SELECT COUNT(*) FROM load", as: Int.self) }
        #expect(stored == 41)
    }

    @Test func framesBeyondTheLargestSingleWriteAndPagesSpilledMidTransactionAllArrive() throws {
        let pool = try TestSupport.temporaryDatabase()
        try Self.makeTable(pool)
        // A small page cache makes SQLite spill frames to the WAL before the
        // commit and then write some of them again; 1.2 MB of rows passes
        // both the default VFS's largest write (128 KiB) and the most held.
        try pool.write { db in
            try db.execute("PRAGMA cache_size = 20")
            for seed in 1...400 { try db.execute("INSERT INTO load (id, payload) VALUES (?, ?)", [seed, Self.payload(seed)]) }
            try db.execute("UPDATE load SET payload = ? WHERE id <= 40", [Self.payload(-1)])
        }
        try pool.writeWithoutTransaction { try $0.execute("PRAGMA cache_size = -2000") }
        let reopened = try DatabasePool(path: pool.path)
        for reader in [pool, reopened] {
            #expect(try reader.read { try $0.value("PRAGMA integrity_check", as: String.self) } == "ok")
            let rows = try reader.read { try $0.rows("SELECT id, payload FROM load ORDER BY id") }
            #expect(rows.count == 400)
            let wrong = rows.filter { row in
                let id: Int = row["id"] ?? 0
                let payload: DatabaseValue? = row["payload"]
                return payload != Self.payload(id <= 40 ? -1 : id)
            }
            #expect(wrong.isEmpty, "rows read back different: \(wrong.count)")
        }
    }

    @Test func aCommitThatIsNotSyncedIsInTheFileBeforeReadersSeeIt() throws {
        let pool = try TestSupport.temporaryDatabase()
        try Self.makeTable(pool)
        // Readers share one connection here and read each commit the
        // moment it returns: a frame still held would read as an old page.
        for seed in 1...30 {
            try pool.writeUnsynced { db in
                for row in 0..<5 { try db.execute("INSERT INTO load (id, payload) VALUES (?, ?)", [seed * 10 + row, Self.payload(seed)]) }
            }
            let seen = try pool.read { try $0.value("SELECT COUNT(*) FROM load WHERE payload = ?", [Self.payload(seed)], as: Int.self) }
            #expect(seen == 5, "commit \(seed) read back \(seen ?? 0) of its 5 rows")
        }
        try pool.write { try $0.execute("DELETE FROM load WHERE id < 100") }
        #expect(try pool.read { try $0.value("SELECT COUNT(*) FROM load", as: Int.self) } == 150 - 45)
        #expect(try pool.read { try $0.value("PRAGMA integrity_check", as: String.self) } == "ok")
    }
}
