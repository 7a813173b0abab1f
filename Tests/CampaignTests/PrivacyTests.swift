import Foundation
import Testing
@testable import Campaign
@testable import CampaignWeb

/// Privacy requests and retention, end to end through the CLI on a seeded
/// database: what `signers find` shows, that after `signers forget` no
/// export, packet, digest, backup or copy holds a byte of the person while
/// the counts stay, that `purge` erases only campaigns past their retention,
/// and the privacy notice's date on the campaign page.
@Suite(.serialized) struct PrivacyTests {
    static let dc = "dc-protect-residents-from-ice"
    static let seattle = "seattle-thank-welcoming-city"
    /// Words found nowhere else in the database, to search bytes for.
    static let name = "Zebulon Quixotic"
    static let reason = "Marmalade-hovercraft reason 7731"
    static let email = "Zeb.Quixotic+petitions@gmail.com"
    static let storedEmail = "zeb.quixotic@gmail.com"

    /// Signs `slug` through the real writer as a confirmed signer of Ward 5
    /// who agreed to everything.
    static func sign(_ pool: DatabasePool, _ slug: String, name: String, email: String, reason: String, day: Int = 2) async throws {
        let campaignID = try #require(try pool.read { try CampaignStore.id(of: slug, $0) })
        let writer = SignatureWriter(pool: pool, counts: try SignatureCounts(pool: pool))
        defer { writer.stop() }
        let form = SignatureForm(name: name, email: email, zip: "20002", reason: reason, consent: [.public, .shareEmail, .updates], district: "5",
                                 publicName: "Zeb")
        let signature = NewSignature(campaignID: campaignID, form: form, locale: "es", suspect: false, confirmed: true, confirmationHash: nil,
                                     unsubscribeToken: SignerToken.make(.live, at: Date()), createdAt: TestSupport.noon(2026, 1, day),
                                     resolution: DistrictResolution(method: .chosen, districts: [DeliveryPacketTests.ward("5")]))
        let outcome = await withCheckedContinuation { continuation in writer.submit(.signature(signature)) { continuation.resume(returning: $0) } }
        try #require(outcome == .stored(duplicate: false), "signing \(slug): \(outcome)")
    }

    /// A seeded database where the person signed both campaigns (with two
    /// spellings of one Gmail address), someone else signed too, and a
    /// message to the person waits in the outbox.
    static func database() async throws -> DatabasePool {
        let pool = try TestSupport.seededDatabase()
        try await sign(pool, dc, name: name, email: email, reason: reason)
        try await sign(pool, seattle, name: name, email: storedEmail, reason: reason)
        try await sign(pool, dc, name: "Ana Queda", email: "ana.queda@example.org", reason: "Ella se queda", day: 3)
        let campaignID = try #require(try pool.read { try CampaignStore.id(of: dc, $0) })
        try pool.write { db in
            try OutboxStore.enqueue(OutboxMessage(key: "test:privacy", kind: .test, campaignID: campaignID, sender: "act@example.org",
                                                  recipient: "ZEB.QUIXOTIC@gmail.com", subject: "Gracias, \(name)",
                                                  body: .encoded(Array("Hola \(name)\r\n".utf8))), at: TestSupport.noon(2026, 1, 4), db)
        }
        return pool
    }

    static func run(_ arguments: [String], _ pool: DatabasePool, on day: Date = TestSupport.noon(2026, 1, 10)) throws -> TestSupport.CommandResult {
        let result = TestSupport.campaignInProcess(arguments, database: pool.path, clock: .fixed(day))
        try #require(result.status == 0, "campaign \(arguments.joined(separator: " ")): \(result.errors)")
        return result
    }

    /// Whether `bytes` hold any of the person's name, address or reason.
    static func mentions(_ bytes: [UInt8]) -> [String] {
        [name, reason, storedEmail, "Zeb.Quixotic", "Quixotic"].filter { needle in
            let pattern = Array(needle.utf8)
            return bytes.count >= pattern.count && (0...(bytes.count - pattern.count)).contains { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) }
        }
    }

    static func bytes(ofFileAndLog path: String) throws -> [UInt8] {
        var all = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        if let log = FileManager.default.contents(atPath: path + "-wal") { all += log }
        return all
    }

    static func counts(_ pool: DatabasePool) throws -> [Int] {
        try pool.read { db in try [dc, seattle].map { slug in
            let id = try #require(try CampaignStore.id(of: slug, db))
            return try SignatureStore.tally(campaignID: id, db).counted
        } }
    }

    // MARK: - Access

    @Test func findShowsEverySignatureAndMessageOfTheAddressAsCSVAndJSON() async throws {
        let pool = try await Self.database()
        let json = try Self.run(["signers", "find", "--email", "ZEB.QUIXOTIC@gmail.com", "--format", "json"], pool)
        #expect(json.errors == "2 signatures and 1 message stored about that address.\n")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let signatures = try #require(object["signatures"] as? [[String: Any]])
        #expect(signatures.map { $0["campaign"] as? String } == [Self.dc, Self.seattle])
        #expect(signatures.map { $0["email"] as? String } == [Self.email, Self.storedEmail])
        let first = try #require(signatures.first)
        #expect(first["name"] as? String == Self.name && first["public_name"] as? String == "Zeb" && first["reason"] as? String == Self.reason)
        #expect(first["zip"] as? String == "20002" && first["district"] as? String == "5" && first["language"] as? String == "es")
        #expect(first["consent_updates"] as? Bool == true && first["consent_updates_given_at"] as? String == "2026-01-02T12:00:00Z")
        #expect(first["consent_updates_withdrawn_at"] is NSNull && first["state"] as? String == "validated")
        let mail = try #require(object["mail"] as? [[String: Any]])
        #expect(mail.map { $0["subject"] as? String } == ["Gracias, \(Self.name)"])
        #expect(mail.first?["state"] as? String == "queued" && mail.first?["kind"] as? String == "test")

        let csv = try Self.run(["signers", "find", "--email", Self.storedEmail], pool)
        let records = try SignerExportTests.records(csv.output)
        #expect(records.first == ["record", "campaign", "id", "field", "value"])
        #expect(records.contains { $0[0] == "signature" && $0[1] == Self.seattle && $0[3] == "name" && $0[4] == Self.name })
        #expect(records.contains { $0[0] == "signature" && $0[1] == Self.dc && $0[3] == "consent_share_email" && $0[4] == "yes" })
        #expect(records.contains { $0[0] == "mail" && $0[3] == "recipient" && $0[4] == "ZEB.QUIXOTIC@gmail.com" })
        #expect(!records.contains { $0.contains("Ana Queda") }, "nobody else")

        let nobody = try Self.run(["signers", "find", "--email", "nobody@example.org"], pool)
        #expect(nobody.output == "record,campaign,id,field,value\r\n" && nobody.errors == "Nothing is stored about that address.\n")
        let bad = TestSupport.campaignInProcess(["signers", "find", "--email", "not-an-address"], database: pool.path)
        #expect(bad.status == 64 && bad.errors.hasPrefix("Error: --email: 'not-an-address' is not an e-mail address (it has no @)."))
    }

    // MARK: - Erasure

    @Test func afterForgettingNoExportDigestPacketBackupOrCopyHoldsThePersonAndTheCountsStay() async throws {
        let pool = try await Self.database()
        // A digest listing them waits in the outbox.
        let queued = try Self.run(["digest", "send", Self.dc, "--to", "team@example.org"], pool)
        #expect(queued.output.contains("queued 1 message"), "\(queued.output)")
        let before = try Self.counts(pool)
        // What the searches below would find, were the person still there.
        let control = TestSupport.temporaryFolder() + "/before.csv"
        _ = try Self.run(["export", Self.dc, "--all", "--out", control], pool)
        #expect(Self.mentions(try Self.bytes(ofFileAndLog: control)) == [Self.name, Self.reason, "Zeb.Quixotic", "Quixotic"])
        if TestSupport.onSQLite { #expect(!Self.mentions(try Self.bytes(ofFileAndLog: pool.path)).isEmpty) }

        // An address nothing is stored about: nothing erased, nothing logged or recorded.
        let unknown = try Self.run(["signers", "forget", "--email", "nobody@example.org"], pool)
        #expect(unknown.output == "Nothing was stored about that address; nothing erased.\n" && unknown.errors.isEmpty, "\(unknown.errors)")
        #expect(try pool.read { try $0.value("SELECT COUNT(*) FROM erasures", as: Int.self) } == 0)
        let forgotten = try Self.run(["signers", "forget", "--email", "zebquixotic@gmail.com"], pool)
        #expect(forgotten.output == "Erased 2 signatures (\(Self.dc): 1, \(Self.seattle): 1), 1 message and 1 digest; the counts stay as they were.\n")
        #expect(forgotten.errors == "erasure (request): 2 signatures, 1 message, 1 digest in \(Self.dc): 1, \(Self.seattle): 1\n")
        #expect(Self.mentions(Array((forgotten.output + forgotten.errors).utf8)).isEmpty, "the log names no one")
        #expect(try Self.counts(pool) == before, "the counts stay")

        // The record of the erasure, without the address; the digest withdrawn.
        let (erasure, withdrawn) = try pool.read { db in
            (try db.row("SELECT cause, signatures, messages FROM erasures"),
             try db.row("SELECT state, last_error, length(message) AS size, draft FROM outbox WHERE kind = 'organizer-digest'"))
        }
        #expect(try erasure?.decode("cause", as: String.self) == "request" && erasure?.decode("signatures", as: Int.self) == 2
                && erasure?.decode("messages", as: Int.self) == 2)
        #expect(try withdrawn?.decode("state", as: String.self) == "failed" && withdrawn?.decode("size", as: Int.self) == 0
                && withdrawn?.decode("draft", as: String?.self) == nil)
        #expect(try withdrawn?.decode("last_error", as: String.self) == SignerErasure.withdrawnDigest)
        // Their consent history stays on the erased row.
        let history = try pool.read { db in
            try db.rows("SELECT consent_updates, consent_updates_at, zip, district, name, email, erased_at FROM signatures WHERE erased_at IS NOT NULL ORDER BY id")
        }
        #expect(history.count == 2)
        #expect(try history.allSatisfy { try $0.decode("consent_updates", as: Bool.self) && $0.decode("consent_updates_at", as: String.self) == "2026-01-02T12:00:00Z" })
        #expect(try history.allSatisfy { try $0.decode("zip", as: String.self) == "20002" && $0.decode("name", as: String.self).isEmpty })

        let found = try Self.run(["signers", "find", "--email", Self.email, "--format", "json"], pool)
        let remaining = try #require(try JSONSerialization.jsonObject(with: Data(found.output.utf8)) as? [String: Any])
        #expect((remaining["signatures"] as? [Any])?.isEmpty == true && (remaining["mail"] as? [Any])?.isEmpty == true)
        #expect(found.errors == "Nothing is stored about that address.\n")

        let folder = TestSupport.temporaryFolder()
        var outputs: [String: [UInt8]] = [:]
        for format in ["csv", "json", "html"] {
            for audience in [["--all"], ["--official", "dc-kenyan-mcduffie"]] {
                let out = folder + "/export-\(audience[0])-\(UUID().uuidString).\(format)"
                _ = try Self.run(["export", Self.dc, "--format", format, "--out", out] + audience, pool)
                outputs["export \(format) \(audience[0])"] = try Self.bytes(ofFileAndLog: out)
            }
        }
        #expect(String(decoding: outputs["export csv --all"] ?? [], as: UTF8.self).contains("Ana Queda"), "the others stay")
        // What a CRM pulls: they agreed to updates, and are no longer among the people.
        let osdi = folder + "/export.osdi.json"
        _ = try Self.run(["export", Self.dc, "--format", "osdi", "--out", osdi], pool)
        outputs["export osdi"] = try Self.bytes(ofFileAndLog: osdi)
        let people = String(decoding: outputs["export osdi"] ?? [], as: UTF8.self)
        #expect(people.contains("\"osdi:people\"") && !people.contains("\"address\":\"\""), "an erased signer is no person")
        // Their signature changed when they were erased, for a CRM that syncs by modified_date.
        let erasedAt = try #require(try pool.read { try $0.value("SELECT MAX(erased_at) FROM signatures", as: String.self) })
        #expect(people.contains("\"modified_date\":\"\(erasedAt)\""), "the erasure is the signature's last change")
        outputs["digest"] = Array(try Self.run(["digest", "preview", Self.dc], pool).output.utf8)
        outputs["official digest"] = Array(try Self.run(["digest", "preview", Self.dc, "--official", "dc-kenyan-mcduffie"], pool).output.utf8)
        let copy = TestSupport.temporarySQLitePath()
        _ = try Self.run(["db", "copy", "--from", pool.path, "--to", copy], pool)
        outputs["db copy"] = try Self.bytes(ofFileAndLog: copy)
        if TestSupport.onSQLite {
            let backup = folder + "/backup.sqlite"
            _ = try Self.run(["db", "backup", backup], pool)
            outputs["backup"] = try Self.bytes(ofFileAndLog: backup)
            // Secure delete and the emptied WAL: the database's own file holds nothing of them either.
            outputs["database file"] = try Self.bytes(ofFileAndLog: pool.path)
        }
        for (what, bytes) in outputs.sorted(by: { $0.key < $1.key }) {
            #expect(!bytes.isEmpty, "\(what) is empty")
            #expect(Self.mentions(bytes).isEmpty, "\(what) holds \(Self.mentions(bytes))")
        }
    }

    // MARK: - Retention

    /// The seeded campaign `slug` republished with `retain_days_after_close = days`.
    static func publish(_ slug: String, retainDays days: Int, adding extra: String = "", _ pool: DatabasePool) throws {
        let folder = TestSupport.temporaryFolder() + "/" + slug
        try FileManager.default.copyItem(atPath: TestSupport.dataFolder + "/campaigns/" + slug, toPath: folder)
        let file = folder + "/campaign.toml"
        let toml = try String(contentsOfFile: file, encoding: .utf8)
        try ("retain_days_after_close = \(days)\n" + toml + extra).write(toFile: file, atomically: false, encoding: .utf8)
        _ = try run(["publish", folder], pool)
    }

    @Test func purgeErasesOnlyCampaignsPastTheirRetentionAndADryRunWritesNothing() async throws {
        let pool = try await Self.database()
        try Self.publish(Self.dc, retainDays: 30, pool)
        try Self.publish(Self.seattle, retainDays: 30, pool)
        _ = try Self.run(["close", Self.dc], pool, on: TestSupport.noon(2026, 1, 1))
        _ = try Self.run(["close", Self.seattle], pool, on: TestSupport.noon(2026, 1, 20))
        let before = try Self.counts(pool)
        let day = TestSupport.noon(2026, 2, 5)

        let dry = try Self.run(["purge", "--dry-run"], pool, on: day)
        #expect(dry.output.contains("\(Self.dc): closed 2026-01-01, kept 30 days: would erase 2 signatures.\n"), "\(dry.output)")
        #expect(dry.output.contains("\(Self.seattle): closed 2026-01-20, kept 30 days: erased from 2026-02-19 (1 signature with personal data).\n"))
        #expect(dry.output.hasSuffix("Dry run: nothing was written.\n"))
        #expect(try SignerRecords.find(email: Self.email, pool: pool).signatures.count == 2, "nothing erased by a dry run")

        let purged = try Self.run(["purge"], pool, on: day)
        #expect(purged.output.hasSuffix("Erased 2 signatures (\(Self.dc): 2), 1 message and 0 digests; the counts stay as they were.\n"), "\(purged.output)")
        let left = try SignerRecords.find(email: Self.email, pool: pool)
        #expect(left.signatures.map(\.campaign) == [Self.seattle], "only the campaign past its retention")
        #expect(try SignerRecords.find(email: "ana.queda@example.org", pool: pool).signatures.isEmpty)
        #expect(try Self.counts(pool) == before)
        #expect(try pool.read { try $0.value("SELECT cause FROM erasures", as: String.self) } == "retention")

        #expect(try Self.run(["show", Self.dc], pool).output.contains("  Retention:  signers' data erased 30 days after closing, from 2026-01-31 (campaign purge)\n"))
        let again = try Self.run(["purge", Self.dc], pool, on: day)
        #expect(again.output == "\(Self.dc): closed 2026-01-01, kept 30 days: nothing left to erase.\n")
        // Due from the start of the day the notice names, not the hour it closed: a purge run at 01:00 erases.
        let later = try Self.run(["purge"], pool, on: TestSupport.noon(2026, 2, 19).addingTimeInterval(-11 * 3600))
        #expect(later.output.contains("\(Self.seattle): closed 2026-01-20, kept 30 days: erasing 1 signature."))
        #expect(try SignerRecords.find(email: Self.email, pool: pool).isEmpty)
    }

    @Test func thePrivacyNoticeGivesTheDayDataIsErasedInEnglishAndSpanish() async throws {
        let pool = try TestSupport.seededDatabase()
        try Self.publish(Self.seattle, retainDays: 90, adding: "\n[[milestones]]\nsignatures = 1000\nen = \"We deliver\"\nes = \"Entregamos\"\n", pool)
        var configuration = Configuration()
        configuration.templates = TestSupport.templatesFolder
        configuration.baseURL = "https://act.example.org"
        let counts = try SignatureCounts(pool: pool)
        let context = try SiteContext(configuration: configuration, pool: pool, counts: counts, writer: SignatureWriter(pool: pool, counts: counts),
                                      resources: try SiteResources.load(configuration), log: { _ in })
        let app = App(context: context)
        func page(_ language: String) async -> String {
            String(decoding: await RouterTests.answer(app, "GET", "/c/\(Self.seattle)?lang=\(language)").body, as: UTF8.self)
        }
        #expect(await page("en").contains("Your name, email address and reason are erased 90 days after the petition closes; your signature stays in the count."))
        #expect(await page("en").contains("more signatures to go"), "the next milestone, while the petition is live")
        #expect(await page("es").contains("Tu nombre, correo electrónico y motivo se borran 90 días después de que cierre la petición"))

        _ = try Self.run(["close", Self.seattle], pool, on: TestSupport.noon(2026, 3, 1))
        context.site.refreshNow()
        let english = await page("en"), spanish = await page("es")
        #expect(english.contains("We deliver") && !english.contains("to go"), "a closed petition has nothing to go")
        #expect(english.contains("<p class=\"privacy\">We keep your name, email address, ZIP code and reason"))
        #expect(english.contains("Your name, email address and reason are erased on May 30, 2026; your signature stays in the count."), "\(english)")
        #expect(spanish.contains("Tu nombre, correo electrónico y motivo se borran el 30 de mayo de 2026; tu firma sigue contando."))
        // Requests go to the organizers at the address campaign.toml gives.
        #expect(spanish.contains("Para ver o borrar lo que se guarda sobre ti, escribe a los organizadores: "
                                 + "<a href=\"mailto:organizers@example.org\">organizers@example.org</a></p>"), "\(spanish)")
    }
}
