@testable import Campaign
import Foundation
import Glibc
import Testing

/// What an organizer does from the command line while `campaign-server`
/// runs on the same database, seen over a real socket: closing and
/// publishing show within a second, and suspect signatures (over the
/// per-address limit) on a campaign without e-mail confirmation wait for
/// the organizer and count once approved.
@Suite struct OrganizerChangesEndToEndTests {
    /// Polls `path` until `done` holds for its answer; the seconds it took
    /// (at most `timeout`, then nil).
    static func secondsUntil(_ client: HTTPTestClient, _ path: String, timeout: Double = 10,
                             _ done: (HTTPResponse) -> Bool) throws -> Double? {
        let started = Date()
        while Date().timeIntervalSince(started) < timeout {
            if done(try client.get(path)) { return Date().timeIntervalSince(started) }
            usleep(20_000)
        }
        return nil
    }

    /// A copy of the Seattle note's folder published under another slug.
    static func copiedCampaign(slug: String) throws -> String {
        let folder = TestSupport.temporaryFolder() + "/" + slug
        try FileManager.default.copyItem(atPath: TestSupport.dataFolder + "/campaigns/" + E2E.seattle, toPath: folder)
        let toml = folder + "/campaign.toml"
        let text = try String(contentsOfFile: toml, encoding: .utf8)
        try text.replacingOccurrences(of: "slug = \"\(E2E.seattle)\"", with: "slug = \"\(slug)\"").write(toFile: toml, atomically: false, encoding: .utf8)
        return folder
    }

    @Test func closingAndPublishingFromTheCommandLineShowWithinASecond() async throws {
        try await onThread { check in
            let server = try ServerProcess.start(["--sign-limit", "1000"])
            defer { server.stop() }
            let client = server.client()
            let token = try E2E.openForm(client, E2E.dc, "en", check)

            let closed = TestSupport.campaignInProcess(["close", E2E.dc], database: server.databasePath)
            try check.require(closed.status == 0, "close: \(closed.errors)")
            let closing = try Self.secondsUntil(client, "/c/\(E2E.dc)?lang=en") { $0.text.contains(E2E.html("campaign.closed", "en")) }
            check.expect(closing.map { $0 < 1 } == true, "the page shows the campaign closed after \(closing.map { String(format: "%.2f s", $0) } ?? "more than 10 s")")
            // The form opened before closing is refused, and nothing is stored or mailed.
            let email = E2E.uniqueEmail("late")
            let late = try client.post("/c/\(E2E.dc)/sign", form: E2E.signature(token: token, email: email, zip: "20002", language: "en"))
            check.expect(late.status == 409 && late.text.contains(E2E.html("campaign.closed", "en")), "a signature after closing: \(late.summary)")
            check.expect(try E2E.signatureRows(server, email: email) == 0, "stored after closing")
            check.expect(try E2E.queuedMail(server, to: email) == 0, "mailed after closing")

            let slug = E2E.unique("seattle-again-")
            let published = TestSupport.campaignInProcess(["publish", try Self.copiedCampaign(slug: slug)], database: server.databasePath)
            try check.require(published.status == 0, "publish: \(published.output) \(published.errors)")
            let publishing = try Self.secondsUntil(client, "/c/\(slug)?lang=en") { $0.status == 200 }
            check.expect(publishing.map { $0 < 1 } == true, "the new campaign's page answers after \(publishing.map { String(format: "%.2f s", $0) } ?? "more than 10 s")")
        }
    }

    @Test func suspectSignaturesWithoutConfirmationWaitForAnOrganizerAndCountOnceApproved() async throws {
        let data = try E2E.noConfirmData.get()
        try await onThread { check in
            let server = try ServerProcess.start(["--sign-limit", "1"], data: data)
            defer { server.stop() }
            let client = server.client()
            let token = try E2E.openForm(client, E2E.seattle, "en", check)
            var locations: [String] = []
            let names = ["Ana Primera", "Bea Segunda", "Cruz Tercera"]
            for name in names {
                let answer = try client.post("/c/\(E2E.seattle)/sign", form: E2E.signature(token: token, name: name, email: E2E.uniqueEmail("shared"),
                                                                                         zip: "98104", language: "en"))
                check.expect(answer.status == 303, "\(name): \(answer.summary)")
                locations.append(answer.header("Location") ?? "")
            }
            // The first counts at once; the two over the limit are told that they wait for a check.
            let thanks = try client.get(locations[0])
            check.expect(thanks.status == 200 && !thanks.text.contains(E2E.html("thanks.review", "en")), "the counted signer's thanks: \(thanks.summary)")
            for location in locations.dropFirst() {
                let page = try client.get(location)
                E2E.checkPage(page, language: "en", contains: [E2E.html("petition.thanks", "en"), E2E.html("thanks.review", "en")], "a suspect signer's thanks", check)
                check.expect(!page.text.contains(E2E.html("thanks.confirm", "en")), "a suspect signer is told of a mail")
            }
            check.expect(try E2E.apiSignatures(client, E2E.seattle) == 1, "only the first counts")

            let listed = TestSupport.campaignInProcess(["signatures", "suspect", E2E.seattle], database: server.databasePath)
            check.expect(listed.status == 0, "list: \(listed.errors)")
            check.expect(listed.output.contains("Bea Segunda") && listed.output.contains("Cruz Tercera") && !listed.output.contains("Ana Primera"),
                         "the list: \(listed.output)")
            check.expect(listed.errors == "2 suspect signatures of \(E2E.seattle) wait for a decision: --approve ID or --reject ID (or all).\n",
                         "the list's note: \(listed.errors)")
            let ids = try E2E.rows(server, "SELECT id FROM signatures WHERE suspect = TRUE ORDER BY id").compactMap { $0["id"] as Int64? }
            try check.require(ids.count == 2, "suspect rows \(ids)")

            let approved = TestSupport.campaignInProcess(["signatures", "suspect", E2E.seattle, "--approve", String(ids[0]), "--reject", String(ids[1])],
                                                         database: server.databasePath)
            check.expect(approved.status == 0 && approved.output == "Approved 1 signature and rejected 1 signature of \(E2E.seattle); it counts 2 signatures.\n",
                         "approve: \(approved.output) \(approved.errors)")
            let counting = try Self.secondsUntil(client, "/api/v1/campaigns/\(E2E.seattle)") {
                (E2E.json($0)?["petition"] as? [String: Any])?["signatures"] as? Int == 2
            }
            check.expect(counting.map { $0 < 1 } == true, "the approved signature shows in the count after \(counting.map { String(format: "%.2f s", $0) } ?? "more than 10 s")")
            let stored = try E2E.storedCounts(server, E2E.seattle)
            check.expect(stored.count == 2 && stored.validated == 2 && stored.suspect == 1, "stored \(stored)")
            check.expect(try E2E.integer(server, "SELECT COUNT(*) FROM signatures WHERE state = 'invalidated'") == 1, "the rejected one")

            let again = TestSupport.campaignInProcess(["signatures", "suspect", E2E.seattle, "--approve", String(ids[1])], database: server.databasePath)
            check.expect(again.status == 65 && again.errors == "Error: signature \(ids[1]) of '\(E2E.seattle)' is not a suspect signature waiting for a decision (see `campaign signatures suspect \(E2E.seattle)`)\n",
                         "a settled id: \(again.status) \(again.errors)")
            let none = TestSupport.campaignInProcess(["signatures", "suspect", E2E.seattle], database: server.databasePath)
            check.expect(none.status == 0 && none.output.isEmpty && none.errors == "No suspect signatures of \(E2E.seattle) wait for a decision.\n",
                         "nothing left: \(none.output) \(none.errors)")
        }
    }
}
