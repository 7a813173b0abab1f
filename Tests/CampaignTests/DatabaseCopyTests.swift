@testable import Campaign
import Foundation
import Testing

/// `campaign db copy`: every row from SQLite into PostgreSQL and back, each
/// table's rows and checksum compared, into an empty database only.
@Suite(.enabled(if: PostgresCluster.isInstalled, "needs PostgreSQL (apt-get install postgresql)"))
struct DatabaseCopyTests {
    /// The demo data with a few rows of everything the demo lacks:
    /// signatures (with their true-or-false columns), call reports, counts,
    /// a queued mail (bytes), a server secret and an organizer token.
    static func sourceDatabase() throws -> String {
        let path = TestSupport.temporarySQLitePath()
        let pool = try DatabasePool(path: path)
        try DemoDataLoader.load(from: TestSupport.dataFolder, into: pool)
        try pool.write { db in
            let campaign = try #require(try CampaignStore.id(of: E2E.seattle, db))
            for number in 1...3 {
                try db.execute("""
                    INSERT INTO signatures (campaign_id, name, email, canonical_email, zip, locale, state, suspect, consent_public, created_at,
                        unsubscribe_token, reason, validated_seq, district_method, districts)
                    VALUES (?, ?, ?, ?, '98104', 'es', 'validated', ?, TRUE, '2026-12-01T12:00:0\(number)Z', ?, 'Porque sí — ✓', ?, 'zip', '')
                    """, [campaign, "Señora \(number)", "s\(number)@example.org", "s\(number)@example.org", number == 3, "u\(number)", Int64(number)])
            }
            try db.execute("INSERT INTO signature_counts (campaign_id, count) VALUES (?, 2)", [campaign])
            try db.execute("INSERT INTO call_reports (campaign_id, target, outcome, suspect, created_at) VALUES (?, 'wa-x', 'reached', FALSE, '2026-12-01T12:00:00Z')", [campaign])
            try db.execute("""
                INSERT INTO outbox (key, kind, campaign_id, sender, recipient, subject, message, state, next_attempt_at, created_at)
                VALUES ('k1', 'test', ?, 'a@example.org', 'b@example.org', 'Asunto', ?, 'queued', '2026-12-01T12:00:00Z', '2026-12-01T12:00:00Z')
                """, [campaign, DatabaseValue.blob([0, 13, 10, 255, 65])])
            try db.execute("INSERT INTO server_secrets (name, value) VALUES ('csrf', ?)", [DatabaseValue.blob(Array(0...31))])
            try db.execute("UPDATE sequences SET value = 3 WHERE name = 'validated_seq'")
        }
        return path
    }

    @Test func theDemoDatabaseGoesToPostgreSQLAndBackWithEveryRowAndChecksum() throws {
        let source = try Self.sourceDatabase()
        let postgres = try PostgresCluster.shared().database()
        let there = TestSupport.campaignInProcess(["db", "copy", "--from", source, "--to", postgres])
        #expect(there.status == 0, "\(there.errors)")
        #expect(there.output.hasSuffix("every row count and checksum matches.\n"), "\(there.output)")
        #expect(there.output.contains("signatures                3 rows"), "\(there.output)")
        let back = TestSupport.temporarySQLitePath()
        let returned = TestSupport.campaignInProcess(["db", "copy", "--from", postgres, "--to", back])
        #expect(returned.status == 0, "\(returned.errors)")
        #expect(try TestSupport.snapshot(back) == TestSupport.snapshot(source), "the round trip changed a row")
        // What the copy holds works: a new signature takes the next id and the next number in the counting order.
        let copied = try DatabasePool(path: postgres)
        let next = try copied.write { db in
            try db.value("""
                INSERT INTO signatures (campaign_id, name, email, canonical_email, zip, locale, state, created_at, unsubscribe_token)
                VALUES (1, 'N', 'n@example.org', 'n@example.org', '98104', 'en', 'pending', '2026-12-02T00:00:00Z', 'u-next') RETURNING id
                """, as: Int64.self)
        }
        #expect(next == 4)
        #expect(try copied.read { try SignatureStore.lastValidatedSeq($0) } == 3)
    }

    @Test func aDatabaseThatHoldsDataIsNotCopiedInto() throws {
        let source = try Self.sourceDatabase()
        let target = TestSupport.temporarySQLitePath()
        try DemoDataLoader.load(from: TestSupport.dataFolder, into: DatabasePool(path: target))
        let before = try TestSupport.snapshot(target)
        let refused = TestSupport.campaignInProcess(["db", "copy", "--from", source, "--to", target])
        #expect(refused.status == 65)
        #expect(refused.errors == "Error: \(target) already holds data (19 rows in jurisdictions); copy into a new, empty database\n", "\(refused.errors)")
        #expect(try TestSupport.snapshot(target) == before)
        let same = TestSupport.campaignInProcess(["db", "copy", "--from", source, "--to", source])
        #expect(same.status == 65 && same.errors.hasPrefix("Error: --from and --to name the same database"), "\(same.errors)")
    }
}
