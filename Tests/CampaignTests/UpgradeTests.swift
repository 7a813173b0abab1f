import Foundation
import Testing
@testable import Campaign

/// Real databases made by each shipped schema version (Fixtures/schemas,
/// whose README lists their rows), migrated to the latest version and read
/// back through the stores, which refuse any column that is missing or of
/// the wrong type.
@Suite(.enabled(if: TestSupport.onSQLite, "upgrades of SQLite files")) struct UpgradeTests {
    /// A migrated copy of the fixture made at `version`.
    static func upgraded(_ version: Int) throws -> DatabasePool {
        let path = TestSupport.temporaryDatabasePath()
        try FileManager.default.copyItem(atPath: TestSupport.fixture("schemas/v\(version).sqlite"), toPath: path)
        return try DatabasePool(path: path)
    }

    static let petition: Int64 = 1
    static let open: Int64 = 2

    @Test(arguments: 1...11)
    func aDatabaseFromEachVersionUpgradesWithEveryRow(version: Int) throws {
        let pool = try Self.upgraded(version)
        #expect(try pool.read { try Migrator.version(of: $0) } == Migrator.campaign.latestVersion)

        let directory = try pool.read { try DirectoryStore.load($0) }
        #expect(directory.jurisdictions.map(\.name).sorted() == ["King County", "Seattle", "Tacoma", "Washington"])
        #expect(directory.offices.count == 5)
        #expect(directory.officials.map(\.name).sorted() == ["Ana Muñoz", "Jorunn Øberg", "Li Wei", "Sam Rivera"])
        #expect(directory.officials.flatMap(\.contacts).count + directory.offices.flatMap(\.contacts).count == 8)
        let ana = try #require(directory.officials.first { $0.id == "seattle-ana-munoz" })
        #expect(ana.language == (version >= 5 ? "es" : nil))
        #expect(ana.titles["es"] == "Alcaldesa")
        #expect(ana.contacts.map(\.display) == ["(206) 555-0100", "mayor@seattle.example.org"])
        let districts = try pool.read { try DistrictStore.all($0) }
        #expect(districts.map(\.district.name) == ["Council District 1", "Council District 2"])
        #expect(districts.map(\.zips) == [["98106", "98108", "98136"], ["98108", "98144"]])

        let campaigns = try pool.read { try CampaignStore.list($0) }
        guard version >= 2 else {
            #expect(campaigns.isEmpty)
            #expect(try pool.read { try SignatureStore.lastValidatedSeq($0) } == 0)
            return
        }
        #expect(campaigns.map(\.slug) == ["fixture-open", "fixture-petition"])
        #expect(campaigns.map(\.status) == [.closed, .live])
        #expect(campaigns.map(\.version) == [1, 2])
        #expect(try pool.read { try CampaignStore.current("fixture-petition", $0) }?.folder.definition.title["es"] == "Petición de prueba: calles seguras")
        guard version >= 3 else { return }

        var signers: [String: SignatureStore.Exported] = [:]
        try pool.read { db in
            for campaign in [Self.petition, Self.open] {
                try SignatureStore.forEachConfirmed(campaignID: campaign, onlyCounted: false, since: nil, db, include: { _, _, _ in true }) {
                    signers[$0.name] = $0
                }
            }
        }
        let counts = try pool.read { try CountStore.all($0) }
        let last = try pool.read { try SignatureStore.lastValidatedSeq($0) }
        if version >= 5 {
            #expect(Set(signers.keys) == ["Zoë Ångström", "Mei Chen 陈美", "Ali Hassan", "Renée O'Brien"])
            #expect(signers["Zoë Ångström"]?.district == "1")
            #expect(signers["Mei Chen 陈美"]?.unsubscribed == true)
            #expect(counts.signatures == [Self.petition: 2, Self.open: 2])
            #expect(last == 4)
        } else {
            // Before delivery, signatures waiting for their link stayed pending.
            #expect(Set(signers.keys) == ["Ali Hassan", "Renée O'Brien"])
            #expect(counts.signatures == [Self.open: 2])
            #expect(last == 5)
        }
        #expect(signers["Ali Hassan"]?.email == "Ali.Hassan+petition@Gmail.com")
        // Signatures from before the choice show the first word of the name, as they did.
        let shown = try pool.read { db in try db.rows("SELECT public_name FROM signatures ORDER BY id").map { $0["public_name"] as String? ?? "?" } }
        #expect(shown == ["Zoë", "José", "Mei", "Ali", "Renée", "Ünal"])
        if version >= 5 {
            let reasons = try pool.read { try SignatureStore.publicReasons(campaignID: Self.petition, limit: 10, offset: 0, $0) }
            #expect(reasons.map(\.publicName) == ["Zoë"])
        }
        #expect(signers["Renée O'Brien"]?.locale == "es")
        // Migration 12: consent to updates has the time it was given (when
        // signing); a signer who unsubscribed before it had lost theirs.
        for name in ["Ali Hassan", "Renée O'Brien"] {
            #expect(signers[name]?.consentUpdates == false && signers[name]?.consentUpdatesAt == "" && signers[name]?.unsubscribedAt == "", "\(name)")
        }
        if version >= 5 {
            let zoe = try #require(signers["Zoë Ångström"])
            #expect(zoe.consentUpdates && zoe.consentUpdatesAt == zoe.createdAt && zoe.unsubscribedAt.isEmpty)
            let mei = try #require(signers["Mei Chen 陈美"])
            #expect(!mei.consentUpdates && mei.consentUpdatesAt.isEmpty && mei.unsubscribedAt.count == 20)
        }
        let given = try pool.read { db in
            try db.rows("SELECT name, consent_updates_at = created_at AS given FROM signatures WHERE consent_updates_at IS NOT NULL ORDER BY id")
                .map { "\($0["name"] as String? ?? "") \($0["given"] as Int? ?? 0)" }
        }
        #expect(given == (version >= 5 ? ["Zoë Ångström 1", "José Núñez 1"] : ["Zoë Ångström 1", "José Núñez 1", "Mei Chen 陈美 1"]))
        // Ünal, over the limit, waits for his confirmation; none waits for an organizer.
        #expect(try pool.read { try SignatureStore.suspects(campaignID: Self.petition, $0) }.isEmpty)
        #expect(try pool.read { try SignatureStore.suspectsAwaitingConfirmation(campaignID: Self.petition, $0) } == 1)
        #expect(counts.calls.map { "\($0.target) \($0.outcome.rawValue) \($0.count)" }.sorted() == [
            "ocd-division/country:us/state:wa/place:seattle/office:councilmember/seat:position-9 skipped 1",
            "seattle-ana-munoz reached 1", "seattle-li-wei voicemail 1",
        ])
        guard version >= 5 else { return }

        let outbox = try pool.read { try OutboxStore.list($0) }
        #expect(outbox.map(\.kind) == ["official-digest", "organizer-digest", "confirmation", "confirmation", "confirmation", "test", "test"])
        #expect(outbox.map(\.state) == [.queued, .queued, .queued, .queued, .queued, .failed, .sent])
        let tokens = try pool.read { try OrganizerTokens.list($0) }
        #expect(tokens.map(\.name) == ["fixture-exports", "fixture-revoked"])
        #expect(tokens.map { $0.revokedAt != nil } == [false, true])
        let organizers = try #require(try pool.read { try DigestStore.latest(campaignID: Self.petition, audience: "organizers", $0) })
        #expect((organizers.afterSeq, organizers.throughSeq, organizers.afterCall, organizers.throughCall) == (0, 4, 0, 4))
    }

    /// A signature made after the upgrade continues the counting order
    /// where the stored one ended, and a confirmation link mailed before the
    /// upgrade still confirms its signer. The closed campaign takes none.
    @Test(arguments: 6...11)
    func signingAndConfirmingCarryOnAfterTheUpgrade(version: Int) async throws {
        let pool = try Self.upgraded(version)
        let counts = try SignatureCounts(pool: pool)
        let writer = SignatureWriter(pool: pool, counts: counts)
        defer { writer.stop() }
        func signature(_ campaign: Int64) -> NewSignature {
            NewSignature(campaignID: campaign, form: SignatureForm(name: "New Signer", email: "new@example.org", zip: "98104"),
                         locale: "en", suspect: false, confirmed: true, confirmationHash: nil,
                         unsubscribeToken: SignerToken.make(.live, at: Date()), createdAt: Date())
        }
        #expect(await submit(.signature(signature(Self.open)), to: writer) == .closed)
        #expect(await submit(.signature(signature(Self.petition)), to: writer) == .stored(duplicate: false))
        #expect(counts.signatures(of: Self.petition) == 3)

        // José's link, as mailed in the draft of his confirmation.
        let draft = try #require(try pool.read { db in
            try db.value("SELECT draft FROM outbox WHERE kind = 'confirmation' AND recipient = 'jose.nunez@example.org'", as: String.self)
        })
        let values = try #require(try JSONSerialization.jsonObject(with: Data(draft.utf8)) as? [String: Any])
        let link = try #require((values["values"] as? [String: Any])?["confirm_url"] as? String)
        let token = try #require(URLComponents(string: link)?.queryItems?.first { $0.name == "token" }?.value)
        let confirmed = await submit(.confirmation(campaignID: Self.petition, link: ConfirmationLink(token: token)), to: writer)
        #expect(confirmed == .confirmed(locale: "es", alreadyConfirmed: false))
        #expect(counts.signatures(of: Self.petition) == 4)
        #expect(counts.signatures(of: Self.open) == 2)
        let order = try pool.read { db in
            try db.rows("SELECT name, validated_seq FROM signatures WHERE validated_seq > 4 ORDER BY validated_seq").map {
                "\($0["name"] as String? ?? "") \($0["validated_seq"] as Int64? ?? 0)"
            }
        }
        #expect(order == ["New Signer 5", "José Núñez 6"])
    }

    /// Migration 13 keeps only hashes of the unsubscribe tokens, and the
    /// links already mailed (whole messages in v5, drafts from v6) still
    /// unsubscribe their signers.
    @Test(arguments: 3...11)
    func unsubscribeTokensAreHashedAndMailedLinksStillWork(version: Int) async throws {
        let path = TestSupport.temporaryDatabasePath()
        try FileManager.default.copyItem(atPath: TestSupport.fixture("schemas/v\(version).sqlite"), toPath: path)
        var before: [Int64: String] = [:]
        var mailed: [String] = []
        do {
            let old = try Database(path: path, readOnly: false, busyTimeout: .seconds(1))
            for row in try old.rows("SELECT id, unsubscribe_token FROM signatures") { before[row["id"] ?? 0] = row["unsubscribe_token"] }
            if version == 5 {
                for row in try old.rows("SELECT message FROM outbox WHERE kind = 'confirmation'") {
                    let message = String(decoding: row["message"] as [UInt8]? ?? [], as: UTF8.self)
                        .replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=")
                    mailed += message.matches(of: /unsubscribe\?token=([A-Za-z0-9._~-]+)/).map { String($0.output.1) }
                }
            } else if version >= 6 {
                for row in try old.rows("SELECT json_extract(draft, '$.unsubscribe_url') AS link FROM outbox WHERE kind = 'confirmation'") {
                    let link: String = try #require(row["link"])
                    mailed += link.matches(of: /unsubscribe\?token=([A-Za-z0-9._~-]+)/).map { String($0.output.1) }
                }
            }
        }
        #expect(before.count == 6)
        let pool = try DatabasePool(path: path)
        let after = try pool.read { db in
            try db.rows("SELECT id, unsubscribe_token FROM signatures").map { ($0["id"] as Int64? ?? 0, $0["unsubscribe_token"] as String? ?? "") }
        }
        for (id, stored) in after {
            let token = try #require(before[id])
            #expect(stored == SignerToken.storedHash(token) && stored != token, "signature \(id)")
        }
        guard version >= 5 else { return }
        // Zoë's, José's and Mei's confirmation mail, each with its link.
        #expect(Set(mailed).count == 3, "\(mailed)")
        let counts = try SignatureCounts(pool: pool)
        let writer = SignatureWriter(pool: pool, counts: counts)
        defer { writer.stop() }
        for token in Set(mailed) {
            guard case .unsubscribed = await submit(.unsubscribe(token: token), to: writer) else {
                Issue.record("the mailed link \(token) no longer unsubscribes")
                continue
            }
        }
        #expect(try pool.read { try $0.value("SELECT COUNT(*) FROM signatures WHERE unsubscribed_at IS NOT NULL", as: Int.self) } == 3)
        #expect(await submit(.unsubscribe(token: try #require(after.first?.1)), to: writer) == .unknownToken, "a stored hash unsubscribes")
    }

    /// A confirmation still waiting for its mail at the upgrade, of today's
    /// shape or from before links carried the unsubscribe token, is mailed
    /// afterwards with links that confirm and unsubscribe its signer.
    @Test func confirmationsWaitingAtTheUpgradeAreMailedWithWorkingLinks() async throws {
        let path = TestSupport.temporaryDatabasePath()
        try FileManager.default.copyItem(atPath: TestSupport.fixture("schemas/v10.sqlite"), toPath: path)
        let (secret, old) = (ConfirmationLink.makeSecret(.live), SignerToken.make(.live, byteCount: 24, at: Date()))
        let (newShape, oldShape) = (SignerToken.make(.live, at: Date()), SignerToken.make(.live, at: Date()))
        do {
            let twelve = try DatabasePool(path: path, migrator: Migrator(Array(Migrator.campaign.migrations.prefix(12))))
            try twelve.write { db in
                let insert = """
                    INSERT INTO signatures (campaign_id, name, email, canonical_email, zip, locale, state, created_at,
                        confirmation_hash, confirmation_token, unsubscribe_token, confirmation_mail)
                    VALUES (1, 'Waiting Signer', ?, ?, '98104', 'en', 'pending', '2026-11-20T12:00:00Z', ?, ?, ?, ?)
                    """
                try db.execute(insert, ["new.shape@example.org", "new.shape@example.org", ConfirmationLink.hash(secret: secret), nil as String?,
                                        newShape, secret])
                try db.execute(insert, ["old.shape@example.org", "old.shape@example.org", nil as String?, SignerToken.storedHash(old),
                                        oldShape, old])
            }
        }
        let pool = try DatabasePool(path: path)
        var campaigns = ConfirmationQueue.Campaigns()
        let composer = try SignatureWriterTests.composer()
        #expect(try pool.write { try ConfirmationQueue.moveToOutbox(limit: 10, composer: composer, campaigns: &campaigns, at: Date(), $0) }
                    == ConfirmationQueue.Moved(written: 2))
        let counts = try SignatureCounts(pool: pool)
        let writer = SignatureWriter(pool: pool, counts: counts)
        defer { writer.stop() }
        for (email, unsubscribeToken, secret) in [("new.shape@example.org", newShape, secret), ("old.shape@example.org", oldShape, old)] {
            let draft = try MailDraft(json: try #require(try pool.read { try $0.value("SELECT draft FROM outbox WHERE recipient = ?", [email], as: String.self) }),
                                      source: "test")
            let confirm = try #require(draft.values["confirm_url"])
            #expect(confirm == "https://act.example.org/c/fixture-petition/confirm?token=" + unsubscribeToken + "~" + secret, "\(email)")
            #expect(draft.unsubscribeURL == "https://act.example.org/unsubscribe?token=" + unsubscribeToken, "\(email)")
            let link = ConfirmationLink(token: ConfirmationLink.token(unsubscribeToken: unsubscribeToken, secret: secret))
            #expect(await submit(.confirmation(campaignID: Self.petition, link: link), to: writer) == .confirmed(locale: "en", alreadyConfirmed: false))
            #expect(await submit(.unsubscribe(token: unsubscribeToken), to: writer) == .unsubscribed(locale: "en"))
        }
        #expect(try pool.read { try $0.value("SELECT COUNT(*) FROM signatures WHERE confirmation_mail IS NOT NULL OR confirmation_token IS NOT NULL",
                                             as: Int.self) } == 0)
    }

    func submit(_ item: SignatureWriter.Item, to writer: SignatureWriter) async -> SignatureWriter.Outcome {
        await withCheckedContinuation { continuation in writer.submit(item) { continuation.resume(returning: $0) } }
    }

    /// A build from before migration 5 gained `officials.language` made
    /// databases at version 5 without it; opening one mends it.
    @Test func aDatabaseFromABuildWhoseMigrationChangedSinceIsMended() throws {
        let path = TestSupport.temporaryDatabasePath()
        try FileManager.default.copyItem(atPath: TestSupport.fixture("schemas/v5.sqlite"), toPath: path)
        let drifted = try Database(path: path, readOnly: false, busyTimeout: .seconds(1))
        try drifted.execute("ALTER TABLE officials DROP COLUMN language")
        try drifted.execute("DROP INDEX signatures_campaign_seq; CREATE INDEX signatures_campaign_seq ON signatures(campaign_id, validated_seq)")
        let pool = try DatabasePool(path: path)
        let directory = try pool.read { try DirectoryStore.load($0) }
        #expect(directory.officials.count == 4)
        #expect(directory.officials.allSatisfy { $0.language == nil })
        let index = try pool.read { try $0.value("SELECT sql FROM sqlite_master WHERE name = 'signatures_campaign_seq'", as: String.self) }
        #expect(index?.hasSuffix("WHERE validated_seq IS NOT NULL") == true)
    }
}
