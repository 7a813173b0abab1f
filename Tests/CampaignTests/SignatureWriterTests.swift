import Foundation
import Testing
@testable import Campaign

@Suite struct SignatureWriterTests {
    struct Fixture {
        let pool: DatabasePool
        let counts: SignatureCounts
        let writer: SignatureWriter
        let campaign: Int64
    }

    func fixture() throws -> Fixture {
        let pool = try TestSupport.seededDatabase()
        let counts = try SignatureCounts(pool: pool)
        let campaign = try #require(try pool.read { try CampaignStore.id(of: "dc-protect-residents-from-ice", $0) })
        return Fixture(pool: pool, counts: counts, writer: SignatureWriter(pool: pool, counts: counts), campaign: campaign)
    }

    func signature(_ email: String, campaign: Int64, suspect: Bool = false, confirmed: Bool = true, mailing secret: String? = nil,
                   unsubscribeToken: String = SignerToken.make(.live, at: Date())) -> NewSignature {
        NewSignature(campaignID: campaign, form: SignatureForm(name: "Ana Pérez", email: email, zip: "20001", reason: "Because",
                                                            consent: [.public]),
                     locale: "es", suspect: suspect, confirmed: confirmed, confirmationHash: secret.map(ConfirmationLink.hash(secret:)),
                     unsubscribeToken: unsubscribeToken, createdAt: Date(), mailedConfirmationSecret: secret)
    }

    static let confirmURL = "https://act.example.org/c/dc-protect-residents-from-ice/confirm?token="

    /// Signs `email` pending, with `secret` to mail and `unsubscribeToken`.
    @discardableResult
    func signPending(_ email: String, _ fixture: Fixture, mailing secret: String, unsubscribeToken: String = SignerToken.make(.live, at: Date())) async -> SignatureWriter.Outcome {
        await submit(.signature(signature(email, campaign: fixture.campaign, confirmed: false, mailing: secret, unsubscribeToken: unsubscribeToken)),
                     to: fixture.writer)
    }

    /// A pending signature as stored before links carried the unsubscribe
    /// token: the whole token's hash in `confirmation_token`.
    func storeOldStylePending(_ email: String, token: String, waiting: String?, unsubscribeToken: String = SignerToken.make(.live, at: Date()), _ fixture: Fixture) throws {
        try fixture.pool.write { db in
            try db.execute("""
                INSERT INTO signatures (campaign_id, name, email, canonical_email, zip, locale, state, created_at, confirmation_token,
                    unsubscribe_token, confirmation_mail)
                VALUES (?, 'Ana Pérez', ?, ?, '20001', 'es', 'pending', '2026-11-01T12:00:00Z', ?, ?, ?)
                """, [fixture.campaign, email, email, SignerToken.storedHash(token), SignerToken.storedHash(unsubscribeToken), waiting])
        }
    }


    /// The site's composer, from the shipped templates and catalogs.
    static func composer() throws -> MailComposer {
        let templates = TestSupport.repository.appendingPathComponent("templates").path
        return MailComposer(settings: MailSettings(from: try MailAddress(name: "Campaña DC", address: "act@example.org"), baseURL: "https://act.example.org"),
                            localizer: try Localizer.load(folder: templates + "/locales"), library: TemplateLibrary(folders: [templates]))
    }

    /// Signing stores the confirmation's secret with the signature, not a
    /// mail; the queue later writes the mail into the outbox, oldest first,
    /// a batch at a time, and takes each off the queue once. The link is the
    /// signature's unsubscribe token and the secret.
    @Test func confirmationsWaitOnTheirSignaturesUntilTheQueueWritesThemIntoTheOutbox() async throws {
        let fixture = try fixture()
        let secrets = (0..<3).map { _ in ConfirmationLink.makeSecret(.live) }
        let unsubscribeTokens = (0..<3).map { _ in SignerToken.make(.live, at: Date()) }
        for index in 0..<3 {
            await signPending("pending\(index)@example.org", fixture, mailing: secrets[index], unsubscribeToken: unsubscribeTokens[index])
        }
        _ = await submit(.signature(signature("suspect@example.org", campaign: fixture.campaign, suspect: true, confirmed: false)), to: fixture.writer)
        fixture.writer.stop()
        func waiting() throws -> Int { try fixture.pool.read { try ConfirmationQueue.waiting($0) } }
        #expect(try waiting() == 3, "the three with a link to mail, not the suspect one")
        #expect(try fixture.pool.read { try $0.value("SELECT COUNT(*) FROM outbox", as: Int.self) } == 0, "no mail composed while signing")
        let listed = try TestSupport.campaign(["outbox", "list"], database: fixture.pool.path)
        #expect(listed.errors.contains("3 confirmations waiting for the server to write into the outbox"), "\(listed.errors)")

        let composer = try Self.composer()
        var campaigns = ConfirmationQueue.Campaigns()
        let first = try fixture.pool.write { try ConfirmationQueue.moveToOutbox(limit: 2, composer: composer, campaigns: &campaigns, at: Date(), $0) }
        #expect(first == ConfirmationQueue.Moved(written: 2, dropped: 0))
        #expect(try waiting() == 1)
        let rest = try fixture.pool.write { try ConfirmationQueue.moveToOutbox(limit: 2, composer: composer, campaigns: &campaigns, at: Date(), $0) }
        #expect(rest == ConfirmationQueue.Moved(written: 1, dropped: 0))
        #expect(try fixture.pool.write { try ConfirmationQueue.moveToOutbox(limit: 2, composer: composer, campaigns: &campaigns, at: Date(), $0) } == ConfirmationQueue.Moved())

        let rows = try fixture.pool.read { try $0.rows("SELECT recipient, draft, subject FROM outbox WHERE kind = 'confirmation' ORDER BY id") }
        #expect(rows.map { $0[0] as String? } == ["pending0@example.org", "pending1@example.org", "pending2@example.org"], "oldest first, once each")
        for (index, row) in rows.enumerated() {
            let draft = try MailDraft(json: row[1] ?? "", source: "test")
            #expect(draft.locale == "es" && draft.from.address == "act@example.org")
            #expect(draft.values["confirm_url"] == Self.confirmURL + unsubscribeTokens[index] + "~" + secrets[index])
            #expect(draft.values["unsubscribe_url"] == "https://act.example.org/unsubscribe?token=" + unsubscribeTokens[index])
            #expect((row[2] as String?)?.hasPrefix("Confirma tu firma") == true, "the subject in the signer's language")
        }
    }

    /// The spooler writes mail on a reader, outside the write lock: a link
    /// replaced meanwhile (the signer signed again) is not mailed stale, and
    /// the next pass mails the new secret, with the unsubscribe token of
    /// the second signing (only the first one's hash was kept).
    @Test func aLinkReplacedWhileItsMailIsWrittenIsMailedNew() async throws {
        let fixture = try fixture()
        let (old, new) = (ConfirmationLink.makeSecret(.live), ConfirmationLink.makeSecret(.live))
        let (unsubscribeToken, renewed) = (SignerToken.make(.live, at: Date()), SignerToken.make(.live, at: Date()))
        await signPending("race@example.org", fixture, mailing: old, unsubscribeToken: unsubscribeToken)
        let composer = try Self.composer()
        var campaigns = ConfirmationQueue.Campaigns()
        let prepared = try fixture.pool.read { try ConfirmationQueue.prepare(limit: 10, composer: composer, campaigns: &campaigns, at: Date(), $0) }
        await signPending("race@example.org", fixture, mailing: new, unsubscribeToken: renewed)
        #expect(try fixture.pool.write { try ConfirmationQueue.store(prepared, at: Date(), $0) } == ConfirmationQueue.Moved())
        #expect(try fixture.pool.write { try ConfirmationQueue.moveToOutbox(limit: 10, composer: composer, campaigns: &campaigns, at: Date(), $0) }
                    == ConfirmationQueue.Moved(written: 1))
        let drafts = try fixture.pool.read { try $0.rows("SELECT draft FROM outbox") }.map { $0["draft"] as String? ?? "" }
        let links = try drafts.map { draft in
            ((try JSONSerialization.jsonObject(with: Data(draft.utf8)) as? [String: Any])?["values"] as? [String: Any])?["confirm_url"] as? String
        }
        #expect(links == [Self.confirmURL + renewed + "~" + new])
        fixture.writer.stop()
    }

    /// A second signature before confirming replaces the waiting link and
    /// the unsubscribe token: the old link finds nothing, the new one
    /// confirms, and once confirmed nothing is left to mail. Opened again (a
    /// mail scanner opened it first), the link that confirmed finds its
    /// signature confirmed and counts nothing more; the replaced one still
    /// finds nothing.
    @Test func signingAgainReplacesTheWaitingLinkAndTheLinkThatConfirmedStaysConfirmed() async throws {
        let fixture = try fixture()
        let (old, new) = (ConfirmationLink.makeSecret(.live), ConfirmationLink.makeSecret(.live))
        let (unsubscribeToken, renewed) = (SignerToken.make(.live, at: Date()), SignerToken.make(.live, at: Date()))
        await signPending("again@example.org", fixture, mailing: old, unsubscribeToken: unsubscribeToken)
        let second = await signPending("Again@example.org", fixture, mailing: new, unsubscribeToken: renewed)
        #expect(second == .stored(duplicate: true))
        func stored() throws -> Row? {
            try fixture.pool.read { try $0.row("SELECT confirmation_mail, confirmation_hash, confirmation_token, unsubscribe_token FROM signatures") }
        }
        #expect(try stored()?[0] == ConfirmationLink.token(unsubscribeToken: renewed, secret: new), "the link to mail, until it is written")
        #expect(try stored()?[1] == ConfirmationLink.hash(secret: new), "the secret's hash, not the secret")
        #expect(try stored()?[2] as String? == nil, "no entry in the index of links from before")
        #expect(try stored()?[3] == SignerToken.storedHash(renewed), "the new unsubscribe token's hash, not the token")
        func confirm(_ secret: String, token: String = renewed, campaign: Int64 = fixture.campaign) async -> SignatureWriter.Outcome {
            await submit(.confirmation(campaignID: campaign, link: ConfirmationLink(token: ConfirmationLink.token(unsubscribeToken: token, secret: secret))),
                         to: fixture.writer)
        }
        #expect(await confirm(old, token: unsubscribeToken) == .unknownToken, "the replaced link")
        #expect(await confirm(new, token: unsubscribeToken) == .unknownToken, "the new secret with the replaced unsubscribe token")
        #expect(await confirm(new, campaign: fixture.campaign + 1) == .unknownToken, "another campaign's confirmation page")
        #expect(await confirm(new) == .confirmed(locale: "es", alreadyConfirmed: false))
        #expect(fixture.counts.signatures(of: fixture.campaign) == 1)
        #expect(try stored()?[0] as String? == nil, "nothing left to mail")
        #expect(await confirm(new) == .confirmed(locale: "es", alreadyConfirmed: true), "opened again")
        #expect(await confirm(new) == .confirmed(locale: "es", alreadyConfirmed: true), "and again")
        #expect(fixture.counts.signatures(of: fixture.campaign) == 1, "counted once")
        #expect(try fixture.pool.read { try CountStore.signatures(campaignID: fixture.campaign, $0) } == 1)
        #expect(await confirm(old) == .unknownToken, "the replaced link")
        #expect(try fixture.pool.read { try ConfirmationQueue.waiting($0) } == 0)
        fixture.writer.stop()
    }

    /// A confirmation mailed before links carried the unsubscribe token (its
    /// whole token's hash in `confirmation_token`) still confirms. (One
    /// still waiting for its mail then is one migration 13 turned into a
    /// link of today's shape: `UpgradeTests`.)
    @Test func aLinkFromBeforeStillConfirms() async throws {
        let fixture = try fixture()
        let mailed = SignerToken.make(.live, byteCount: 24, at: Date())
        try storeOldStylePending("mailed@example.org", token: mailed, waiting: nil, fixture)
        #expect(ConfirmationLink(token: mailed) == .storedHash(SignerToken.storedHash(mailed)))
        #expect(await submit(.confirmation(campaignID: fixture.campaign, link: ConfirmationLink(token: mailed)), to: fixture.writer)
                    == .confirmed(locale: "es", alreadyConfirmed: false))
        #expect(fixture.counts.signatures(of: fixture.campaign) == 1)
        fixture.writer.stop()
    }

    /// Signing again while a link from before waits replaces it with a link
    /// of the current shape: the old one finds nothing, the new one confirms.
    @Test func signingAgainReplacesALinkFromBefore() async throws {
        let fixture = try fixture()
        let (old, secret, unsubscribeToken) = (SignerToken.make(.live, byteCount: 24, at: Date()), ConfirmationLink.makeSecret(.live), SignerToken.make(.live, at: Date()))
        try storeOldStylePending("old@example.org", token: old, waiting: nil, fixture)
        let again = await signPending("OLD@example.org", fixture, mailing: secret, unsubscribeToken: unsubscribeToken)
        #expect(again == .stored(duplicate: true))
        let row = try fixture.pool.read { try $0.row("SELECT confirmation_token, confirmation_hash, confirmation_mail FROM signatures") }
        #expect(row?[0] as String? == nil && row?[1] == ConfirmationLink.hash(secret: secret)
                    && row?[2] == ConfirmationLink.token(unsubscribeToken: unsubscribeToken, secret: secret))
        #expect(await submit(.confirmation(campaignID: fixture.campaign, link: ConfirmationLink(token: old)), to: fixture.writer) == .unknownToken)
        let link = ConfirmationLink(token: ConfirmationLink.token(unsubscribeToken: unsubscribeToken, secret: secret))
        #expect(await submit(.confirmation(campaignID: fixture.campaign, link: link), to: fixture.writer) == .confirmed(locale: "es", alreadyConfirmed: false))
        fixture.writer.stop()
    }

    func submit(_ item: SignatureWriter.Item, to writer: SignatureWriter) async -> SignatureWriter.Outcome {
        await withCheckedContinuation { continuation in writer.submit(item) { continuation.resume(returning: $0) } }
    }

    @Test func hundredIdenticalSubmissionsAtOnceCountOnce() async throws {
        let fixture = try fixture()
        let outcomes = await withTaskGroup(of: SignatureWriter.Outcome.self) { group in
            for index in 0..<100 {
                // The same person, written differently: case, Gmail dots and +tags.
                let email = ["Ana.Perez@gmail.com", "anaperez+dc@gmail.com", "ANAPEREZ@googlemail.com", "a.n.a.perez@Gmail.com"][index % 4]
                group.addTask { await self.submit(.signature(self.signature(email, campaign: fixture.campaign)), to: fixture.writer) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == .stored(duplicate: false) }.count == 1)
        #expect(outcomes.filter { $0 == .stored(duplicate: true) }.count == 99)
        #expect(fixture.counts.signatures(of: fixture.campaign) == 1)
        let rows = try fixture.pool.read { try $0.value("SELECT count(*) FROM signatures", as: Int.self) }
        #expect(rows == 1)
        fixture.writer.stop()
    }

    @Test func countsInMemoryMatchRowsAndSurviveARestart() async throws {
        let fixture = try fixture()
        for index in 0..<30 {
            _ = await submit(.signature(signature("signer\(index)@example.org", campaign: fixture.campaign)), to: fixture.writer)
        }
        _ = await submit(.signature(signature("suspect@example.org", campaign: fixture.campaign, suspect: true)), to: fixture.writer)
        _ = await submit(.signature(signature("pending@example.org", campaign: fixture.campaign, confirmed: false)), to: fixture.writer)
        _ = await submit(.call(CallReport(campaignID: fixture.campaign, target: "dc-muriel-bowser", outcome: .voicemail, suspect: false, createdAt: Date())), to: fixture.writer)
        fixture.writer.stop()
        #expect(fixture.counts.signatures(of: fixture.campaign) == 30, "suspect and unconfirmed signatures are stored but not counted")
        let (rows, stored) = try fixture.pool.read { db in
            (try db.value("SELECT count(*) FROM signatures WHERE state = 'validated' AND suspect = FALSE", as: Int.self),
             try db.value("SELECT count FROM signature_counts WHERE campaign_id = ?", [fixture.campaign], as: Int.self))
        }
        #expect(rows == 30 && stored == 30)
        let reloaded = try SignatureCounts(pool: fixture.pool)
        #expect(reloaded.signatures(of: fixture.campaign) == 30)
        #expect(reloaded.calls(of: fixture.campaign)["dc-muriel-bowser"]?[.voicemail] == 1)
    }

    /// Digests read windows of the order in which signatures began to
    /// count: every counted signature takes the next number, a duplicate or
    /// a signature that does not count yet takes none, confirming gives one,
    /// and the stored sequence ends where the numbers do.
    @Test func countedSignaturesTakeTheNextNumbersInTheCountingOrderWithNoGaps() async throws {
        let fixture = try fixture()
        let secret = ConfirmationLink.makeSecret(.live)
        let token = SignerToken.make(.live, at: Date())
        _ = await submit(.signature(signature("one@example.org", campaign: fixture.campaign)), to: fixture.writer)
        _ = await submit(.signature(signature("One@example.org", campaign: fixture.campaign)), to: fixture.writer)
        await signPending("later@example.org", fixture, mailing: secret, unsubscribeToken: token)
        _ = await submit(.signature(signature("suspect@example.org", campaign: fixture.campaign, suspect: true)), to: fixture.writer)
        _ = await submit(.signature(signature("two@example.org", campaign: fixture.campaign)), to: fixture.writer)
        let confirmed = await submit(.confirmation(campaignID: fixture.campaign, link: ConfirmationLink(token: ConfirmationLink.token(unsubscribeToken: token, secret: secret))),
                                     to: fixture.writer)
        #expect(confirmed == .confirmed(locale: "es", alreadyConfirmed: false))
        fixture.writer.stop()
        let (order, last) = try fixture.pool.read { db in
            (try db.rows("SELECT email, validated_seq FROM signatures WHERE validated_seq IS NOT NULL ORDER BY validated_seq").map {
                "\($0["email"] as String? ?? "") \($0["validated_seq"] as Int64? ?? 0)"
             }, try SignatureStore.lastValidatedSeq(db))
        }
        #expect(order == ["one@example.org 1", "two@example.org 2", "later@example.org 3"])
        #expect(last == 3)
    }

    /// Signatures stored together are numbered as if none repeated a
    /// signer; those after a repeat then move down, so the numbers stay
    /// without gaps, in the order they came, on both backends.
    @Test func signaturesStoredTogetherTakeNumbersWithNoGapsPastRepeats() throws {
        let fixture = try fixture()
        fixture.writer.stop()
        try fixture.pool.write { db in
            var sequence = try SignatureStore.validatedSequence(db)
            _ = try SignatureStore.insert([signature("before@example.org", campaign: fixture.campaign)], sequence: &sequence, db)
            try SignatureStore.save(sequence, db)
        }
        let batch = [
            signature("one@example.org", campaign: fixture.campaign),
            signature("Before@example.org", campaign: fixture.campaign),
            signature("two@example.org", campaign: fixture.campaign),
            signature("pending@example.org", campaign: fixture.campaign, confirmed: false),
            signature("TWO@example.org", campaign: fixture.campaign),
            signature("three@example.org", campaign: fixture.campaign),
        ]
        let inserted = try fixture.pool.write { db in
            var sequence = try SignatureStore.validatedSequence(db)
            let inserted = try SignatureStore.insert(batch, sequence: &sequence, db)
            try SignatureStore.save(sequence, db)
            return inserted
        }
        #expect(inserted == [true, false, true, true, false, true])
        let (order, last) = try fixture.pool.read { db in
            (try db.rows("SELECT email, validated_seq FROM signatures WHERE validated_seq IS NOT NULL ORDER BY validated_seq").map {
                "\($0["email"] as String? ?? "") \($0["validated_seq"] as Int64? ?? 0)"
             }, try SignatureStore.lastValidatedSeq(db))
        }
        #expect(order == ["before@example.org 1", "one@example.org 2", "two@example.org 3", "three@example.org 4"])
        #expect(last == 4)
    }

    /// The writer reads whether the campaign is open in its own
    /// transaction, so a signature or call that reaches it after `campaign
    /// close` committed is refused, whatever the page said. A signature made
    /// while it was open and confirmed after it closed still counts.
    @Test func aClosedCampaignTakesNoSignatureOrCallButConfirmationsOfEarlierOnesCount() async throws {
        let fixture = try fixture()
        let secret = ConfirmationLink.makeSecret(.live)
        let token = SignerToken.make(.live, at: Date())
        await signPending("early@example.org", fixture, mailing: secret, unsubscribeToken: token)
        _ = try fixture.pool.write { try CampaignStore.setStatus(.closed, of: "dc-protect-residents-from-ice", at: Date(), $0) }

        #expect(await submit(.signature(signature("late@example.org", campaign: fixture.campaign)), to: fixture.writer) == .closed)
        #expect(await signPending("early@example.org", fixture, mailing: ConfirmationLink.makeSecret(.live)) == .closed, "no new link either")
        let call = CallReport(campaignID: fixture.campaign, target: "dc-muriel-bowser", outcome: .reached, suspect: false, createdAt: Date())
        #expect(await submit(.call(call), to: fixture.writer) == .closed)
        let link = ConfirmationLink(token: ConfirmationLink.token(unsubscribeToken: token, secret: secret))
        #expect(await submit(.confirmation(campaignID: fixture.campaign, link: link), to: fixture.writer) == .confirmed(locale: "es", alreadyConfirmed: false))
        fixture.writer.stop()
        #expect(fixture.counts.signatures(of: fixture.campaign) == 1, "the early signature, confirmed after closing")
        let (emails, calls) = try fixture.pool.read { db in
            (try db.rows("SELECT email FROM signatures WHERE campaign_id = ?", [fixture.campaign]).map { $0["email"] as String? ?? "" },
             try db.value("SELECT COUNT(*) FROM call_reports", as: Int.self))
        }
        #expect(emails == ["early@example.org"])
        #expect(calls == 0)
        #expect(try fixture.pool.read { try $0.value("SELECT confirmation_hash FROM signatures", as: String.self) } == ConfirmationLink.hash(secret: secret),
                "the closed campaign renewed no link")
    }

    /// Over the rate limit on a campaign that confirms by e-mail, a
    /// signature is kept as suspect and gets its mail; confirming makes it
    /// count, as a confirmed address is better proof than the network it
    /// came from. Signing again over the limit renews no link (no mail), so
    /// the limit cannot be used to fill someone's inbox.
    @Test func aSuspectSignatureIsMailedAndCountsOnceConfirmedButSigningAgainOverTheLimitSendsNoNewLink() async throws {
        let fixture = try fixture()
        let secret = ConfirmationLink.makeSecret(.live)
        let token = SignerToken.make(.live, at: Date())
        let first = signature("shared@example.org", campaign: fixture.campaign, suspect: true, confirmed: false, mailing: secret, unsubscribeToken: token)
        #expect(await submit(.signature(first), to: fixture.writer) == .stored(duplicate: false))
        #expect(try fixture.pool.read { try ConfirmationQueue.waiting($0) } == 1, "its mail waits for the outbox")
        let again = signature("shared@example.org", campaign: fixture.campaign, suspect: true, confirmed: false, mailing: ConfirmationLink.makeSecret(.live))
        #expect(await submit(.signature(again), to: fixture.writer) == .stored(duplicate: true))
        #expect(try fixture.pool.read { try $0.value("SELECT confirmation_mail FROM signatures", as: String.self) } == ConfirmationLink.token(unsubscribeToken: token, secret: secret), "the first link stands")
        #expect(fixture.counts.signatures(of: fixture.campaign) == 0)

        let link = ConfirmationLink(token: ConfirmationLink.token(unsubscribeToken: token, secret: secret))
        #expect(await submit(.confirmation(campaignID: fixture.campaign, link: link), to: fixture.writer) == .confirmed(locale: "es", alreadyConfirmed: false))
        fixture.writer.stop()
        #expect(fixture.counts.signatures(of: fixture.campaign) == 1)
        let row = try #require(try fixture.pool.read { try $0.row("SELECT state, suspect, validated_seq FROM signatures") })
        #expect(row["state"] as String? == "validated" && row["suspect"] as Int? == 0 && row["validated_seq"] as Int64? == 1)
    }

    /// Where no e-mail confirms, a suspect signature waits for an organizer:
    /// approved, it takes the next place in the counting order and adds to
    /// the count; rejected, it never counts. An id that does not wait is
    /// refused and nothing is written. The writer shows the stored counts
    /// again when asked, without losing its own.
    @Test func approvedSuspectSignaturesCountAndTheWriterShowsTheStoredCountsWhenAsked() async throws {
        let fixture = try fixture()
        _ = await submit(.signature(signature("counted@example.org", campaign: fixture.campaign)), to: fixture.writer)
        for index in 0..<3 {
            _ = await submit(.signature(signature("suspect\(index)@example.org", campaign: fixture.campaign, suspect: true)), to: fixture.writer)
        }
        let suspects = try fixture.pool.read { try SignatureStore.suspects(campaignID: fixture.campaign, $0) }
        #expect(suspects.map(\.email) == ["suspect0@example.org", "suspect1@example.org", "suspect2@example.org"])
        let ids = suspects.map(\.id)

        let before = try TestSupport.snapshot(fixture.pool.path)
        #expect(throws: InputError.self) {
            try fixture.pool.write { try SuspectReview.settle(campaignID: fixture.campaign, slug: "dc", approve: .ids([ids[0], 999]), reject: nil, at: Date(), $0) }
        }
        #expect(try TestSupport.snapshot(fixture.pool.path) == before, "nothing written")

        let outcome = try fixture.pool.write { db in
            try SuspectReview.settle(campaignID: fixture.campaign, slug: "dc", approve: .ids([ids[0], ids[2]]), reject: .ids([ids[1]]), at: Date(), db)
        }
        #expect(outcome == SuspectReview.Outcome(approved: 2, rejected: 1, count: 3))
        #expect(try fixture.pool.read { try SignatureStore.suspects(campaignID: fixture.campaign, $0) }.isEmpty)
        #expect(fixture.counts.signatures(of: fixture.campaign) == 1, "the writer has not looked yet")
        fixture.writer.reloadCounts()
        _ = await submit(.signature(signature("next@example.org", campaign: fixture.campaign)), to: fixture.writer)
        fixture.writer.flush()
        #expect(fixture.counts.signatures(of: fixture.campaign) == 4)
        fixture.writer.stop()
        let order = try fixture.pool.read { db in
            try db.rows("SELECT email, validated_seq, state FROM signatures ORDER BY id").map {
                "\($0["email"] as String? ?? "") \($0["validated_seq"] as Int64? ?? 0) \($0["state"] as String? ?? "")"
            }
        }
        #expect(order == ["counted@example.org 1 validated", "suspect0@example.org 2 validated", "suspect1@example.org 0 invalidated",
                          "suspect2@example.org 3 validated", "next@example.org 4 validated"])
    }

    @Test func aStoppedWriterRefusesNewItems() async throws {
        let fixture = try fixture()
        fixture.writer.stop()
        let outcome = await submit(.signature(signature("late@example.org", campaign: fixture.campaign)), to: fixture.writer)
        #expect(outcome == .failed(reason: "the server is shutting down"))
    }

    @Test(arguments: [
        ("Ana.Perez+petitions@Gmail.com", "anaperez@gmail.com"),
        ("ana.perez@googlemail.com", "anaperez@gmail.com"),
        ("Ana.Perez+tag@Example.org", "ana.perez+tag@example.org"),
        ("  A.B@GMAIL.COM ", "ab@gmail.com"),
        ("a.b@mail.gmail.com", "a.b@mail.gmail.com"),
        ("a+b@x@Gmail.com", "a@gmail.com"),
        ("no-at-sign", "no-at-sign"),
        // Beyond ASCII, case folds the same way.
        ("José.Núñez+x@Gmail.com", "josénúñez@gmail.com"),
        ("ÉLODIE@Example.fr", "élodie@example.fr"),
    ])
    func canonicalisesEmailsAsEPetitionsDoes(address: String, canonical: String) {
        #expect(CanonicalEmail.of(address) == canonical)
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (1_795_262_704.999, "2026-11-21T12:05:04Z"),
        (951_825_600, "2000-02-29T12:00:00Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
        (-1, "1969-12-31T23:59:59Z"),
    ])
    func stampsTimesInUTCToTheSecond(seconds: Double, stamp: String) {
        #expect(CampaignStore.timestamp(Date(timeIntervalSince1970: seconds)) == stamp)
    }

    @Test func validatesEachFieldOfTheSignForm() {
        let empty = SignatureForm(name: " ", email: "", zip: "")
        #expect(empty.problems.map(\.messageKey) == ["error.name.missing", "error.email.missing", "error.zip.missing"])
        let bad = SignatureForm(name: String(repeating: "a", count: 201), email: "ana@", zip: "9810", reason: String(repeating: "r", count: 1001))
        #expect(bad.problems.map(\.field) == ["name", "email", "zip", "reason"])
        #expect(SignatureForm(name: "Ana", email: "ana@example.org", zip: "98104-1234").problems.isEmpty)
        #expect(SignatureForm(name: "Ana", email: "ana@example.org", zip: "98104-1234").normalizedZIP == "98104")
        #expect(SignatureForm(name: "Ana\u{0}", email: "ana@example.org", zip: "98104").problems.map(\.messageKey) == ["error.name.invalid"])
        // A domain IDNA refuses could never be mailed a confirmation: the signer is asked for another address.
        #expect(SignatureForm(name: "Ana", email: "ana@☃.example", zip: "98104").problems.map(\.messageKey) == ["error.email.invalid"])
        #expect(SignatureForm(name: "Ana", email: "ana@bücher.example", zip: "98104").problems.isEmpty)
    }

    @Test func aZIPIsFiveDigitsOrZIPPlusFour() {
        func normalized(_ zip: String) -> String? { SignatureForm(name: "Ana", email: "ana@example.org", zip: zip).normalizedZIP }
        #expect(normalized("98104") == "98104")
        #expect(normalized(" 98104-0001 ") == "98104")
        for bad in ["9810", "981045", "98104-123", "98104-12345", "98104 1234", "98104+1234", "9810a", "98104-12a4", "٩٨١٠٤",
                    "98104\u{301}", "98104-\u{301}1234", "-9810", "98104-"] {
            #expect(normalized(bad) == nil, "\(bad)")
        }
    }

    /// Control characters are category Cc, C0 and C1 alike; letters,
    /// combining marks and other spaces are names (whitespace at either end,
    /// NEL included, is trimmed first). Lengths count characters,
    /// not bytes.
    @Test func controlCharactersAndLengthsInNamesAndReasons() {
        func nameProblems(_ name: String) -> [String] { SignatureForm(name: name, email: "ana@example.org", zip: "98104").problems.map(\.messageKey) }
        for control in ["\u{1F}", "\u{7F}", "\u{85}", "\u{9F}"] { #expect(nameProblems("Ana" + control + "Bell") == ["error.name.invalid"], "\(control.unicodeScalars.first!.value)") }
        for fine in ["Zoë", "A\u{0301}na", "Ana\u{A0}Bell", "Ana\u{A0}\u{2028}", "李小龍"] { #expect(nameProblems(fine).isEmpty, "\(fine)") }
        #expect(nameProblems(String(repeating: "é", count: 200)).isEmpty)
        #expect(nameProblems(String(repeating: "e\u{0301}", count: 200)).isEmpty)
        #expect(nameProblems(String(repeating: "é", count: 201)) == ["error.name.long"])
        let reason = SignatureForm(name: "Ana", email: "ana@example.org", zip: "98104", reason: "line one\r\nline\u{85}two")
        #expect(reason.problems.map(\.messageKey) == ["error.reason.invalid"])
        #expect(SignatureForm(name: "Ana", email: "ana@example.org", zip: "98104", reason: "line one\r\nline\ttwo").problems.isEmpty)
    }

    /// Beside a public reason: the name the signer chose, checked like the
    /// others, else the first word of their name, whatever space ends it.
    @Test func theNameShownIsTheChosenOneOrTheFirstWord() {
        func shown(_ name: String, _ chosen: String = "") -> String {
            SignatureForm(name: name, email: "ana@example.org", zip: "98104", publicName: chosen).shownName
        }
        #expect(shown("Ana María López") == "Ana")
        #expect(shown("Ana\u{A0}María") == "Ana")
        #expect(shown("Zoë\u{3000}Ångström") == "Zoë")
        #expect(shown("Ana\u{202F}María") == "Ana")
        #expect(shown("李小龙") == "李小龙")
        #expect(shown("李小龙", " 小龙 ") == "小龙")
        #expect(shown("Nguyễn Văn An", "An") == "An")
        func problems(_ chosen: String) -> [String] {
            SignatureForm(name: "Ana", email: "ana@example.org", zip: "98104", publicName: chosen).problems.map(\.messageKey)
        }
        #expect(problems(String(repeating: "ñ", count: 50)).isEmpty)
        #expect(problems(String(repeating: "ñ", count: 51)) == ["error.public_name.long"])
        #expect(problems("Ana\u{1B}[31m") == ["error.public_name.invalid"])
        #expect(SignatureForm(name: "Ana", email: "ana@example.org", zip: "98104", publicName: "A\u{0}").problems.map(\.field) == ["public_name"])
    }
}
