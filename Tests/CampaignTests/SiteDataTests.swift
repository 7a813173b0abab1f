@testable import Campaign
@testable import CampaignWeb
import Foundation
import Testing

/// The server's in-memory copy of campaigns and the directory: read again
/// only when the database's site generation says something changed.
struct SiteDataTests {
    static let seattle = "seattle-thank-welcoming-city"

    @Test func campaignsAndTheDirectoryAreReadAgainOnlyAfterTheyChange() throws {
        let pool = try TestSupport.seededDatabase()
        let site = try SiteData(pool: pool, lifetime: 5, clock: ManualClock().clock)
        #expect(site.campaign(Self.seattle)?.status == .live)

        // Signatures, call reports and mail are not what the site's copy holds.
        try pool.write { db in
            try db.execute("INSERT INTO signature_counts (campaign_id, count) VALUES (1, 5) ON CONFLICT (campaign_id) DO UPDATE SET count = 5")
            try db.execute("INSERT INTO call_reports (campaign_id, target, outcome, suspect, created_at) VALUES (1, 'x', 'reached', 0, '2026-01-01T00:00:00Z')")
        }
        site.refreshNow()
        #expect(site.loads.withLock { $0 } == 1, "nothing the site shows changed")

        _ = try pool.write { try CampaignStore.setStatus(.closed, of: Self.seattle, at: Date(), $0) }
        site.refreshNow()
        #expect(site.campaign(Self.seattle)?.status == .closed, "a closed campaign shows as closed")
        #expect(site.loads.withLock { $0 } == 2)

        // A change to the directory counts too.
        try pool.write { try $0.execute("UPDATE officials SET name = name || ' Jr.' WHERE rowid = (SELECT MIN(rowid) FROM officials)") }
        site.refreshNow()
        #expect(site.loads.withLock { $0 } == 3, "the directory was read again")
    }

    /// Requests within the lifetime use what is loaded without a look at
    /// the database; the first one after it starts a look in the background
    /// and is answered from what is loaded meanwhile.
    @Test func aRequestAfterTheLifetimeLooksForChangesInTheBackground() throws {
        let pool = try TestSupport.seededDatabase()
        let clock = ManualClock()
        let site = try SiteData(pool: pool, lifetime: 5, clock: clock.clock)
        _ = try pool.write { try CampaignStore.setStatus(.closed, of: Self.seattle, at: Date(), $0) }
        clock.advance(by: 4.9)
        for _ in 0..<100 { #expect(site.campaign(Self.seattle)?.status == .live) }
        #expect(site.loads.withLock { $0 } == 1)
        clock.advance(by: 0.2)
        #expect(site.campaign(Self.seattle)?.status == .live, "answered at once from what is loaded")
        // The look runs on a thread of its own, which a loaded machine may start late.
        let deadline = ContinuousClock.now + .seconds(20)
        while site.loads.withLock({ $0 }) == 1 && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(site.campaign(Self.seattle)?.status == .closed)
    }

    @Test func aPageOfPublicReasonsIsReadFromAnIndexOfJustThoseRows() throws {
        let pool = try TestSupport.seededDatabase()
        let plan = try pool.read { db in
            try db.rows("EXPLAIN QUERY PLAN " + SignatureStore.Statements.sqlite.publicReasons, [Int64(1), 21, 0]).map { ($0["detail"] as String?) ?? "" }
        }
        #expect(plan.contains { $0.contains("USING INDEX signatures_reasons") }, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "sorted without a second pass: \(plan)")
    }
}
