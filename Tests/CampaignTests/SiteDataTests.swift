@testable import Campaign
@testable import CampaignWeb
import Foundation
import Synchronization
import Testing

/// The server's in-memory copy of campaigns and the directory: read again
/// only when the database's site generation says something changed.
struct SiteDataTests {
    static let seattle = "seattle-thank-welcoming-city"

    @Test func campaignsAndTheDirectoryAreReadAgainOnlyAfterTheyChange() throws {
        let pool = try TestSupport.seededDatabase()
        let site = try SiteData(pool: pool, clock: ManualClock().clock)
        #expect(site.campaign(Self.seattle)?.status == .live)

        // Signatures, call reports and mail are not what the site's copy holds.
        try pool.write { db in
            try db.execute("INSERT INTO signature_counts (campaign_id, count) VALUES (1, 5) ON CONFLICT (campaign_id) DO UPDATE SET count = 5")
            try db.execute("INSERT INTO call_reports (campaign_id, target, outcome, suspect, created_at) VALUES (1, 'x', 'reached', FALSE, '2026-01-01T00:00:00Z')")
        }
        site.refreshNow()
        #expect(site.loads.withLock { $0 } == 1, "nothing the site shows changed")

        _ = try pool.write { try CampaignStore.setStatus(.closed, of: Self.seattle, at: Date(), $0) }
        site.refreshNow()
        #expect(site.campaign(Self.seattle)?.status == .closed, "a closed campaign shows as closed")
        #expect(site.loads.withLock { $0 } == 2)

        // A change to the directory counts too.
        try pool.write { try $0.execute("UPDATE officials SET name = name || ' Jr.' WHERE id = (SELECT MIN(id) FROM officials)") }
        site.refreshNow()
        #expect(site.loads.withLock { $0 } == 3, "the directory was read again")
    }

    /// The watching thread notices a commit by another connection (here
    /// another pool on the file, as `campaign close` would be) with a pragma,
    /// and reads everything again only when the site generation moved:
    /// within a second, with no request needed. Signatures do not move it.
    @Test func theWatcherReadsAChangeFromAnotherProgramWithinASecond() throws {
        let pool = try TestSupport.seededDatabase()
        let site = try SiteData(pool: pool, clock: ManualClock().clock)
        let reloads = Mutex(0)
        try site.watch(every: 0.02) { reloads.withLock { $0 += 1 } }
        defer { site.stopWatching() }
        let other = try DatabasePool(path: pool.path)
        try other.write { db in
            try db.execute("INSERT INTO signature_counts (campaign_id, count) VALUES (1, 5) ON CONFLICT (campaign_id) DO UPDATE SET count = 5")
        }
        Thread.sleep(forTimeInterval: 0.2)
        #expect(site.loads.withLock { $0 } == 1, "nothing the site shows changed")

        _ = try other.write { try CampaignStore.setStatus(.closed, of: Self.seattle, at: Date(), $0) }
        let started = Date()
        // Loaded on a thread of its own, which a loaded machine may start late.
        while site.campaign(Self.seattle)?.status != .closed && Date().timeIntervalSince(started) < 20 { Thread.sleep(forTimeInterval: 0.005) }
        let seconds = Date().timeIntervalSince(started)
        #expect(site.campaign(Self.seattle)?.status == .closed)
        #expect(seconds < 1, "closed after \(seconds) s")
        #expect(site.loads.withLock { $0 } == 2)
        #expect(reloads.withLock { $0 } == 1)
    }

    /// A commit watcher sees commits by any other connection, never its own
    /// looks: the pool's writer, and another pool on the same database. (On
    /// PostgreSQL it hears of them at their commit, a moment later.)
    @Test func aCommitWatcherSeesCommitsByOtherConnections() throws {
        let pool = try TestSupport.temporaryDatabase()
        let watcher = try pool.commitWatcher()
        func changedWithinASecond() throws -> Bool {
            let started = Date()
            repeat {
                if try watcher.changed() { return true }
                Thread.sleep(forTimeInterval: 0.01)
            } while Date().timeIntervalSince(started) < 1
            return false
        }
        #expect(try watcher.changed(), "the first look has nothing to compare with")
        #expect(try !watcher.changed())
        try pool.write { try $0.execute("INSERT INTO jurisdictions (id, name, kind) VALUES ('ocd-organization/a', 'A', 'organization')") }
        #expect(try changedWithinASecond())
        #expect(try !watcher.changed())
        try DatabasePool(path: pool.path).write { try $0.execute("UPDATE jurisdictions SET name = 'B' WHERE id = 'ocd-organization/a'") }
        #expect(try changedWithinASecond())
        _ = try pool.read { try SiteGenerationStore.current($0) }
        #expect(try !watcher.changed(), "reads are not commits")
    }

    @Test(.enabled(if: TestSupport.onSQLite, "SQLite's query plan")) func aPageOfPublicReasonsIsReadFromAnIndexOfJustThoseRows() throws {
        let pool = try TestSupport.seededDatabase()
        let plan = try pool.read { db in
            try db.rows("EXPLAIN QUERY PLAN " + SignatureStore.Statements.sqlite.publicReasons, [Int64(1), 21, 0]).map { ($0["detail"] as String?) ?? "" }
        }
        #expect(plan.contains { $0.contains("USING INDEX signatures_reasons") }, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "sorted without a second pass: \(plan)")
    }
}
