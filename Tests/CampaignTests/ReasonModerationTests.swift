@testable import Campaign
import Foundation
import Glibc
import Testing

/// Moderating signers' reasons, end to end over loopback: a reason shown at
/// once and hidden, one held by a word and approved, a campaign that holds
/// every reason, one that asks for none, and the organizer's commands.
@Suite struct ReasonModerationTests {
    /// A copy of the Seattle note under `slug`, counting signatures at once, with `petition` lines added to `[petition]`.
    static func campaign(slug: String, petition: String) throws -> String {
        let folder = try OrganizerChangesEndToEndTests.copiedCampaign(slug: slug)
        let toml = folder + "/campaign.toml"
        let text = try String(contentsOfFile: toml, encoding: .utf8)
        try text.replacingOccurrences(of: "confirm_email = true", with: "confirm_email = false\n" + petition)
            .write(toFile: toml, atomically: false, encoding: .utf8)
        return folder
    }

    /// A server with such a campaign published under a new slug starting with `prefix`, once its page answers.
    static func serving(_ prefix: String, petition: String) throws -> (ServerProcess, String) {
        let server = try ServerProcess.start(["--sign-limit", "1000"])
        let slug = E2E.unique(prefix)
        let published = TestSupport.campaignInProcess(["publish", try campaign(slug: slug, petition: petition)], database: server.databasePath)
        guard published.status == 0 else {
            server.stop()
            throw HTTPTestError.malformed("publish: \(published.output) \(published.errors)")
        }
        _ = try OrganizerChangesEndToEndTests.secondsUntil(server.client(), "/c/\(slug)?lang=en") { $0.status == 200 }
        return (server, slug)
    }

    /// Signs with a public reason; the signature's id.
    static func sign(_ client: HTTPTestClient, _ server: ServerProcess, slug: String, name: String, reason: String, _ check: Checks) throws -> Int64 {
        let token = try E2E.openForm(client, slug, "en", check)
        let email = E2E.uniqueEmail("reason")
        let signed = try client.post("/c/\(slug)/sign", form: E2E.signature(token: token, name: name, email: email, zip: "98104", reason: reason,
                                                                            consent: ["public"], language: "en"))
        try check.require(signed.status == 303, "sign: \(signed.summary)")
        return try server.database().read {
            try $0.value("SELECT id FROM signatures WHERE canonical_email = ?", [CanonicalEmail.of(email)], as: Int64.self)
        } ?? -1
    }

    static func cli(_ arguments: [String], _ server: ServerProcess) -> TestSupport.CommandResult {
        TestSupport.campaignInProcess(arguments, database: server.databasePath)
    }

    /// The official's packet and the organizer's CSV export, as text.
    static func exports(_ slug: String, _ server: ServerProcess, _ check: Checks) throws -> (packet: String, organizer: String) {
        let folder = TestSupport.temporaryFolder()
        let packet = cli(["export", slug, "--official", "seattle-jenny-durkan", "--format", "html", "--out", folder + "/packet.html"], server)
        try check.require(packet.status == 0, "packet: \(packet.errors)")
        let organizer = cli(["export", slug, "--all", "--format", "csv", "--out", folder + "/all.csv"], server)
        try check.require(organizer.status == 0, "organizer export: \(organizer.errors)")
        return (try String(contentsOfFile: folder + "/packet.html", encoding: .utf8), try String(contentsOfFile: folder + "/all.csv", encoding: .utf8))
    }

    @Test func aReasonShowsAtOnceUntilHiddenAndAHeldWordWaitsForApproval() async throws {
        try await onThread { check in
            let (server, slug) = try Self.serving("reasons-after-", petition: "reasons = \"after\"\nhold_words = [\"estafa\", \"buy now\"]")
            defer { server.stop() }
            let client = server.client()

            let shown = try Self.sign(client, server, slug: slug, name: "Ana Shown", reason: "Thank you for standing up", check)
            let held = try Self.sign(client, server, slug: slug, name: "Beto Held", reason: "Esto es una ESTÁFA!", check)
            let phrase = try Self.sign(client, server, slug: slug, name: "Cleo Phrase", reason: "Please BUY   now, cheap", check)
            let unheld = try Self.sign(client, server, slug: slug, name: "Dan Words", reason: "Estafador buying nowhere", check)

            // Shown at once: the reasons page and the campaign page have it; the held ones are nowhere.
            let appeared = try OrganizerChangesEndToEndTests.secondsUntil(client, "/c/\(slug)/reasons?lang=en") {
                $0.text.contains("Thank you for standing up") && $0.text.contains("Estafador buying nowhere")
            }
            check.expect(appeared != nil, "the shown reasons never appeared")
            for path in ["/c/\(slug)/reasons?lang=en", "/c/\(slug)?lang=en"] {
                let page = try client.get(path)
                check.expect(page.text.contains("Thank you for standing up"), "\(path): the shown reason is missing")
                check.expect(!page.text.contains("ESTÁFA") && !page.text.contains("cheap"), "\(path): a held reason is public")
            }
            let (packet, _) = try Self.exports(slug, server, check)
            check.expect(packet.contains("Thank you for standing up") && !packet.contains("ESTÁFA") && !packet.contains("cheap"), "the packet's reasons")

            // The organizer sees what waits.
            let waiting = Self.cli(["reasons", slug, "--held"], server)
            check.expect(waiting.status == 0, "reasons --held: \(waiting.errors)")
            check.expect(waiting.output.contains("ESTÁFA") && waiting.output.contains("cheap"), "held: \(waiting.output)")
            check.expect(!waiting.output.contains("standing up") && !waiting.output.contains("Estafador"), "shown ones among the held: \(waiting.output)")
            check.expect(waiting.errors.contains("2 reasons wait for review"), waiting.errors)
            let all = Self.cli(["reasons", slug], server)
            check.expect(all.output.contains("\(shown)") && all.output.contains("shown") && all.output.contains("held"), "all: \(all.output)")

            // Hidden: gone from both pages within a second, and from the packet; the organizer's export marks it.
            let hid = Self.cli(["reasons", "hide", String(shown)], server)
            check.expect(hid.status == 0 && hid.output == "Hid 1 reason.\n", "hide: \(hid.output) \(hid.errors)")
            for path in ["/c/\(slug)/reasons?lang=en", "/c/\(slug)?lang=en"] {
                let gone = try OrganizerChangesEndToEndTests.secondsUntil(client, path) { !$0.text.contains("Thank you for standing up") }
                check.expect(gone.map { $0 < 1.5 } == true, "\(path) still shows the hidden reason after \(gone.map { String(format: "%.2f s", $0) } ?? "10 s")")
            }
            let (hiddenPacket, organizer) = try Self.exports(slug, server, check)
            check.expect(!hiddenPacket.contains("Thank you for standing up") && hiddenPacket.contains("Ana Shown"),
                         "the packet keeps the signer and leaves out the hidden reason")
            let rows = try CSVReader(bytes: Array(organizer.utf8), file: "all.csv").records().map { $0.fields.map(\.value) }
            let column = try check.unwrap(rows.first?.firstIndex(of: "reason_state"), "header: \(rows.first ?? [])")
            func state(_ id: Int64) -> String? { rows.first { $0.first == String(id) }.flatMap { $0.count > column ? $0[column] : nil } }
            check.expect(state(shown) == "hidden" && state(held) == "held" && state(phrase) == "held" && state(unheld) == "shown",
                         "states: \(rows.dropFirst())")
            check.expect(organizer.contains("Thank you for standing up"), "the organizer's export keeps the hidden reason")

            // Approved: the held one shows, and a hidden one shows again.
            let approved = Self.cli(["reasons", "approve", String(held), String(shown)], server)
            check.expect(approved.status == 0 && approved.output == "Approved 2 reasons.\n", "approve: \(approved.output) \(approved.errors)")
            let back = try OrganizerChangesEndToEndTests.secondsUntil(client, "/c/\(slug)/reasons?lang=en") {
                $0.text.contains("ESTÁFA") && $0.text.contains("Thank you for standing up")
            }
            check.expect(back.map { $0 < 1.5 } == true, "approved reasons show after \(back.map { String(format: "%.2f s", $0) } ?? "10 s")")
            let decided = try E2E.rows(server, "SELECT reason_decided_by, reason_decided_at FROM signatures WHERE id = ?", [held])
            check.expect(decided.first?["reason_decided_by"] as String? == "cli" && (decided.first?["reason_decided_at"] as String?) != nil,
                         "the decision is recorded")

            // An unknown id is refused, naming it, and nothing changes.
            let unknown = Self.cli(["reasons", "hide", String(phrase), "999999"], server)
            check.expect(unknown.status == 65, "status \(unknown.status)")
            check.expect(unknown.errors.contains("no signature with a reason has id 999999 (see `campaign reasons SLUG`)"), unknown.errors)
            let kept = try E2E.rows(server, "SELECT reason_state FROM signatures WHERE id = ?", [phrase])
            check.expect(kept.first?["reason_state"] as String? == "held", "a refused decision wrote: \(kept)")
            let malformed = Self.cli(["reasons", "approve", "x1"], server)
            check.expect(malformed.status == 64 && malformed.errors.contains("Invalid id 'x1' for 'approve'"), malformed.errors)
        }
    }

    @Test func aCampaignThatHoldsEveryReasonShowsNoneUntilApproved() async throws {
        try await onThread { check in
            let (server, slug) = try Self.serving("reasons-before-", petition: "reasons = \"before\"")
            defer { server.stop() }
            let client = server.client()
            let form = try client.get("/c/\(slug)?lang=en")
            check.expect(form.text.contains(E2E.html("petition.reason.reviewed", "en")), "the form does not say reasons are read first")

            let id = try Self.sign(client, server, slug: slug, name: "Eva Before", reason: "Reviewed before it shows", check)
            check.expect(try client.get("/c/\(slug)?lang=en").status == 200, "the campaign page")
            // The signature counts at once; its reason stays off every page and out of the packet.
            let counted = try OrganizerChangesEndToEndTests.secondsUntil(client, "/api/v1/campaigns/\(slug)") {
                ((E2E.json($0)?["petition"] as? [String: Any])?["signatures"] as? Int) == 1
            }
            check.expect(counted != nil, "the signature does not count")
            for path in ["/c/\(slug)/reasons?lang=en", "/c/\(slug)?lang=en"] {
                check.expect(!(try client.get(path)).text.contains("Reviewed before it shows"), "\(path) shows a reason before approval")
            }
            check.expect(!(try Self.exports(slug, server, check)).packet.contains("Reviewed before it shows"), "the packet has a held reason")
            let stored = try E2E.rows(server, "SELECT reason_state FROM signatures WHERE id = ?", [id])
            check.expect(stored.first?["reason_state"] as String? == "held", "stored as \(stored)")

            let approved = Self.cli(["reasons", "approve", String(id)], server)
            check.expect(approved.status == 0, "approve: \(approved.errors)")
            let shown = try OrganizerChangesEndToEndTests.secondsUntil(client, "/c/\(slug)/reasons?lang=en") { $0.text.contains("Reviewed before it shows") }
            check.expect(shown.map { $0 < 1.5 } == true, "approved after \(shown.map { String(format: "%.2f s", $0) } ?? "10 s")")
            check.expect(try client.get("/c/\(slug)?lang=en").text.contains("Reviewed before it shows"), "the campaign page lacks the approved reason")
            check.expect((try Self.exports(slug, server, check)).packet.contains("Reviewed before it shows"), "the packet lacks the approved reason")
            let again = Self.cli(["reasons", "approve", String(id)], server)
            check.expect(again.output == "Approved 0 reasons; 1 reason already shown.\n", again.output)
        }
    }

    @Test func aCampaignWithReasonsOffAsksForNoneAndShowsNone() async throws {
        try await onThread { check in
            let (server, slug) = try Self.serving("reasons-off-", petition: "reasons = \"off\"")
            defer { server.stop() }
            let client = server.client()
            let page = try client.get("/c/\(slug)?lang=en")
            check.expect(page.status == 200 && page.text.contains("name=\"email\""), "the sign form: \(page.summary)")
            check.expect(!page.text.contains("name=\"reason\"") && !page.text.contains("sign-reason"), "the form asks for a reason")
            check.expect(!page.text.contains("reasons-heading"), "the page has a reasons section")
            check.expect(try client.get("/c/\(slug)/reasons?lang=en").status == 404, "the reasons page answers")
            // A reason sent anyway is not kept.
            let id = try Self.sign(client, server, slug: slug, name: "Fay Off", reason: "Sent by hand", check)
            let stored = try E2E.rows(server, "SELECT reason FROM signatures WHERE id = ?", [id])
            check.expect(stored.first?["reason"] as String? == "", "stored: \(stored)")
            // A reason given before the organizers turned reasons off reaches no official; their own export keeps it.
            try server.database().write { try $0.execute("UPDATE signatures SET reason = 'Given before the switch' WHERE id = ?", [id]) }
            let (packet, organizer) = try Self.exports(slug, server, check)
            check.expect(packet.contains("Fay Off") && !packet.contains("Given before the switch"), "the official's packet carries it")
            check.expect(organizer.contains("Given before the switch"), "the organizers' export keeps it")
        }
    }

    @Test func checkWarnsOfAWordListThatHoldsNothing() throws {
        let folder = try Self.campaign(slug: E2E.unique("reasons-words-"), petition: "reasons = \"before\"\nhold_words = [\"scam\"]")
        let result = TestSupport.campaignInProcess(["check", folder], database: TestSupport.temporaryFolder() + "/none.sqlite")
        #expect(result.status == 0, "\(result.errors)")
        // At the list's own line.
        let lines = try String(contentsOfFile: folder + "/campaign.toml", encoding: .utf8).components(separatedBy: "\n")
        let line = try #require(lines.firstIndex { $0.hasPrefix("hold_words") }) + 1
        let warning = try #require(result.errors.components(separatedBy: "\n").first { $0.contains("petition.hold_words holds nothing") })
        #expect(warning.contains("/campaign.toml:\(line):")
                && warning.hasSuffix("warning: petition.hold_words holds nothing with reasons = \"before\": every reason is held until approved"),
                "\(result.errors)")
    }

    @Test func campaignTomlRefusesAnUnknownModeAndAnEmptyHoldWord() throws {
        let folder = try Self.campaign(slug: E2E.unique("reasons-bad-"), petition: "reasons = \"sometimes\"\nhold_words = [\"ok\", \"  \"]")
        let result = TestSupport.campaignInProcess(["check", folder], database: TestSupport.temporaryFolder() + "/none.sqlite")
        #expect(result.status == 65)
        #expect(result.errors.contains("petition.reasons must be \"after\", \"before\" or \"off\", not 'sometimes'"), "\(result.errors)")
        #expect(result.errors.contains("petition.hold_words: '  ' is not a word or phrase in quotes"), "\(result.errors)")
    }
}

/// Digests and the organizer's packet, read from a database whose reasons were decided.
@Suite struct ModeratedReasonsInDeliveryTests {
    typealias Signer = DeliveryPacketTests.Signer

    /// Ward 5's digests on, three signers with reasons: one shown, one hidden, one held.
    static func decided() async throws -> DatabasePool {
        let pool = try await DeliveryPacketTests.database([
            Signer(name: "Ana Shown", zip: "20002", reason: "Shown reason"),
            Signer(name: "Bea Hidden", zip: "20002", reason: "Hidden reason"),
            Signer(name: "Cy Held", zip: "20002", reason: "Held reason"),
        ], pool: try CampaignDigestTests.wardFiveDigests())
        try pool.write { db in
            func id(_ reason: String) throws -> Int64 { try #require(try db.value("SELECT id FROM signatures WHERE reason = ?", [reason], as: Int64.self)) }
            _ = try ReasonReview.decide(.hide, ids: [try id("Hidden reason")], by: "cli", at: CampaignDigestTests.now, db)
            try ReasonStore.decide(id: try id("Held reason"), state: .held, at: "2026-11-21T12:00:00Z", by: "cli", db)
        }
        return pool
    }

    @Test func digestsCarryOnlyShownReasons() async throws {
        let pool = try await Self.decided()
        let planner = try CampaignDigestTests.planner(pool)
        let organizers = try CampaignDigestTests.mail(try planner.plan(slug: CampaignDigestTests.dc, scope: .organizers, now: CampaignDigestTests.now).first)
        let official = try CampaignDigestTests.mail(try planner.plan(slug: CampaignDigestTests.dc, scope: .official("dc-kenyan-mcduffie"),
                                                                     now: CampaignDigestTests.now).first)
        for (who, mail) in [("organizers", organizers), ("official", official)] {
            let text = try #require(mail.text)
            #expect(text.contains("Shown reason"), "\(who): \(text)")
            #expect(!text.contains("Hidden reason") && !text.contains("Held reason"), "\(who): \(text)")
            #expect(mail.html?.contains("Hidden reason") == false && mail.html?.contains("Held reason") == false, "\(who)'s HTML")
        }
        #expect(try #require(official.text).contains("Bea Hidden"), "the signer stays in the official's digest")
    }

    @Test func theOrganizersPacketMarksHeldAndHiddenReasons() async throws {
        let pool = try await Self.decided()
        let organizer = try DeliveryPacketTests.packet(pool, official: nil)
        #expect(organizer.contains("Hidden reason<span class=\"note reason-state\">\(E2E.html("delivery.reason_state.hidden", "en"))</span>"), "\(organizer)")
        #expect(organizer.contains("Held reason<span class=\"note reason-state\">\(E2E.html("delivery.reason_state.held", "en"))</span>"))
        #expect(!organizer.contains("Shown reason<span"))
        let official = try DeliveryPacketTests.packet(pool, official: "dc-kenyan-mcduffie")
        #expect(official.contains("Shown reason") && !official.contains("Hidden reason") && !official.contains("Held reason"))
    }
}

/// What a campaign's word list holds.
@Suite struct HoldWordsTests {
    @Test func matchesWholeWordsWhateverTheirCaseAndAccents() {
        let words = HoldWords(["estafa", "Buy now", "Мошенник"])
        #expect(words.matches("¡Es una ESTÁFA!"))
        #expect(words.matches("es-tafa, estafa."))
        #expect(!words.matches("Un estafador"))
        #expect(words.matches("please buy\nNOW"))
        #expect(!words.matches("buy it now"))
        #expect(words.matches("это мошенник!"))
        #expect(!words.matches(""))
        #expect(HoldWords([]).isEmpty)
    }

    @Test func wordsOfScriptsWithoutSpacesMatchWhereverTheyStand() {
        let words = HoldWords(["诈骗", "ขาย"])
        #expect(words.matches("这是诈骗网站"))
        #expect(words.matches("มีขายที่นี่"))
        #expect(!words.matches("这是好网站"))
    }
}
