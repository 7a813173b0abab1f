@testable import Campaign
@testable import CampaignWeb
import Foundation
import Testing

/// The server's in-memory copy of campaigns and the directory: read again
/// only when the database's site generation says something changed.
struct SiteDataTests {
    static let seattle = "seattle-thank-welcoming-city"

    /// Asks for a campaign until `done` holds or `seconds` pass: a reload
    /// runs in the background, and the whole suite beside it can hold the
    /// cores for seconds.
    func poll(_ site: SiteData, seconds: Double = 20, until done: () -> Bool) {
        let deadline = Date().addingTimeInterval(seconds)
        while !done() && Date() < deadline {
            _ = site.campaign(Self.seattle)
            usleep(20_000)
        }
    }

    @Test func campaignsAndTheDirectoryAreReadAgainOnlyAfterTheyChange() throws {
        let pool = try TestSupport.seededDatabase()
        let site = try SiteData(pool: pool, lifetime: 0.05)
        #expect(site.campaign(Self.seattle)?.status == .live)

        // Signatures, call reports and mail are not what the site's copy holds.
        try pool.write { db in
            try db.execute("INSERT INTO signature_counts (campaign_id, count) VALUES (1, 5) ON CONFLICT (campaign_id) DO UPDATE SET count = 5")
            try db.execute("INSERT INTO call_reports (campaign_id, target, outcome, suspect, created_at) VALUES (1, 'x', 'reached', 0, '2026-01-01T00:00:00Z')")
        }
        poll(site, seconds: 1, until: { false })
        #expect(site.loads.withLock { $0 } == 1, "nothing the site shows changed")

        _ = try pool.write { try CampaignStore.setStatus(.closed, of: Self.seattle, at: Date(), $0) }
        poll(site, until: { site.campaign(Self.seattle)?.status == .closed })
        #expect(site.campaign(Self.seattle)?.status == .closed, "a closed campaign shows as closed")
        #expect(site.loads.withLock { $0 } == 2)

        // A change to the directory counts too.
        try pool.write { try $0.execute("UPDATE officials SET name = name || ' Jr.' WHERE rowid = (SELECT MIN(rowid) FROM officials)") }
        poll(site, until: { site.loads.withLock { $0 } == 3 })
        #expect(site.loads.withLock { $0 } == 3, "the directory was read again")
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
