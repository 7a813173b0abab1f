import Foundation
import Testing
@testable import Campaign

/// After launch, end to end: a delivery and an official's response recorded
/// with the CLI, shown by the real server in English and Spanish, the
/// response mailed through the real SMTP sink once to each signer who asked
/// for news, and milestones' progress.
@Suite(.serialized) struct ResponsesEndToEndTests {
    static let dc = "dc-protect-residents-from-ice"
    static let mayor = "dc-muriel-bowser"

    /// The demo data with the DC petition counting signatures at once, and two milestones.
    static func data() throws -> String {
        let folder = try E2E.dataCopy(editing: dc, replacing: "confirm_email = true", with: "confirm_email = false")
        let toml = folder + "/campaigns/\(dc)/campaign.toml"
        let text = try String(contentsOfFile: toml, encoding: .utf8) + """

            [[milestones]]
            signatures = 2
            en = "We deliver the petition to the Mayor."
            es = "Entregamos la petición a la alcaldesa."

            [[milestones]]
            signatures = 10
            en = "We ask the Council for a hearing."

            """
        try text.write(toFile: toml, atomically: false, encoding: .utf8)
        return folder
    }

    func sign(_ server: ServerProcess, language: String, name: String, email: String, consent: [String], check: Checks) throws {
        let client = server.client()
        let token = try E2E.openForm(client, Self.dc, language, check)
        let response = try client.post("/c/\(Self.dc)/sign", form: E2E.signature(token: token, name: name, email: email, zip: "20002",
                                                                                  consent: consent, language: language))
        try check.require(response.status == 303, "sign: \(response.summary)")
    }

    /// The page in `language` once it holds `text` (pages follow the site generation within a second).
    func page(_ server: ServerProcess, _ language: String, holding text: String) throws -> String {
        let deadline = Date().addingTimeInterval(10)
        var page = ""
        repeat {
            page = try server.client().get("/c/\(Self.dc)?lang=\(language)").text
            if page.contains(text) { break }
            Thread.sleep(forTimeInterval: 0.1)
        } while Date() < deadline
        return page
    }

    @Test func aDeliveryAndAResponseShowInEnglishAndSpanishAndTheResponseIsMailedOnceToWhoAskedForNews() async throws {
        try await onThread { check in
            let sink = try SMTPSink()
            let server = try ServerProcess.start(["--smtp-url", sink.url, "--mail-from", "Campaña DC <act@example.org>"], data: try Self.data(),
                                                 database: TestSupport.onSQLite ? nil : try PostgresCluster.shared().database())
            defer { server.stop() }
            let db = server.databasePath
            let ana = E2E.uniqueEmail("ana"), beto = E2E.uniqueEmail("beto"), cruz = E2E.uniqueEmail("cruz")

            // One signature: the first milestone needs one more.
            try sign(server, language: "en", name: "Ana Updates", email: ana, consent: ["updates"], check: check)
            var english = try page(server, "en", holding: "1 more signature to go")
            check.expect(english.contains("We deliver the petition to the Mayor.") && english.contains("1 more signature to go"), "milestone progress in English")
            try sign(server, language: "es", name: "Beto Noticias", email: beto, consent: ["updates", "public"], check: check)
            try sign(server, language: "en", name: "Cruz Quiet", email: cruz, consent: ["public"], check: check)
            english = try page(server, "en", holding: "7 more signatures to go")
            check.expect(english.contains("Reached") && english.contains("7 more signatures to go"), "first reached, the next 7 away")
            let spanish = try page(server, "es", holding: "Faltan 7 firmas")
            check.expect(spanish.contains("Alcanzada") && spanish.contains("Faltan 7 firmas"), "milestones in Spanish")
            check.expect(spanish.contains("<span lang=\"en\">We ask the Council for a hearing.</span>"), "a milestone without Spanish text is marked English")

            // A delivery with its packet.
            let packet = TestSupport.write("<html>packet</html>", named: "packet-\(UUID().uuidString).html")
            let delivered = try TestSupport.campaign(["deliver", Self.dc, "--official", Self.mayor, "--date", "2026-12-01", "--note", "Left at the front desk",
                                                      "--packet", packet], database: db)
            check.expect(delivered.status == 0, "deliver: \(delivered.errors)")
            let hash = SHA256.hex(SHA256.hash(Array("<html>packet</html>".utf8)))
            check.expect(delivered.output.contains("3 signatures") && delivered.output.contains(hash), "deliver says: \(delivered.output)")
            let listed = try TestSupport.campaign(["deliveries", Self.dc], database: db)
            check.expect(listed.output.contains("2026-12-01  delivered to Muriel Bowser (dc-muriel-bowser): 3 signatures") && listed.output.contains("sha256:\(hash)")
                         && listed.output.contains("Left at the front desk"), "deliveries lists it: \(listed.output)")

            // The response, in both languages.
            let folder = TestSupport.temporaryFolder()
            try "We will **end** cooperation with ICE.".write(toFile: folder + "/response.en.md", atomically: false, encoding: .utf8)
            try "Pondremos **fin** a la cooperación con ICE.".write(toFile: folder + "/response.es.md", atomically: false, encoding: .utf8)
            let responded = try TestSupport.campaign(["respond", Self.dc, "--official", Self.mayor, "--file", folder + "/response.en.md",
                                                      "--file", folder + "/response.es.md", "--date", "2026-12-05",
                                                      "--smtp-url", sink.url, "--mail-from", "Campaña DC <act@example.org>"], database: db)
            check.expect(responded.status == 0 && responded.output.contains("Queued 2 messages"), "respond: \(responded.output) \(responded.errors)")
            check.expect(responded.errors.contains("Note: the messages link to http://127.0.0.1:8080, the default; give --base-url"),
                         "links to the default address are pointed out: \(responded.errors)")

            english = try page(server, "en", holding: "We will <strong>end</strong> cooperation with ICE.")
            check.expect(english.contains("We will <strong>end</strong> cooperation with ICE."), "the response in English")
            check.expect(english.contains("Muriel Bowser (Mayor) responded on December 5, 2026:"), "who and when in English")
            check.expect(english.contains("on December 1, 2026: 3 signatures") && english.contains("Delivered to Muriel Bowser"), "the delivery in English")
            check.expect(!english.contains("Left at the front desk"), "the note stays with the organizers")
            let spanishAfter = try page(server, "es", holding: "Pondremos <strong>fin</strong> a la cooperación con ICE.")
            check.expect(spanishAfter.contains("Pondremos <strong>fin</strong> a la cooperación con ICE."), "the response in Spanish")
            check.expect(spanishAfter.contains("Muriel Bowser (Alcaldesa) respondió el 5 de diciembre de 2026:"), "when, in Spanish")
            check.expect(spanishAfter.contains("Entregada a Muriel Bowser") && spanishAfter.contains("el 1 de diciembre de 2026: 3 firmas"), "the delivery in Spanish")

            // The mail: once to each signer who asked for news, in their language.
            let mails = try sink.waitForMessages(count: 2, timeout: 20)
            check.expect(mails.count == 2 && Set(mails.flatMap(\.recipients)) == [ana, beto], "mail to Ana and Beto only: \(mails.map(\.recipients))")
            for mail in mails {
                let parsed = try ParsedMail.parse(mail.data)
                check.expect(parsed.defects.isEmpty, "parses cleanly: \(parsed.defects)")
                let decoded = try MailMessageTests.decode(mail.data)
                let unsubscribe = try check.unwrap(decoded.header("List-Unsubscribe"), "List-Unsubscribe")
                check.expect(decoded.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click", "one-click unsubscribe")
                if mail.recipients == [beto] {
                    check.expect(parsed.subject.hasPrefix("Muriel Bowser respondió:"), "Spanish subject: \(parsed.subject)")
                    check.expect(parsed.text?.contains("Pondremos **fin** a la cooperación con ICE.") == true
                                 || parsed.text?.contains("Pondremos fin a la cooperación con ICE.") == true, "Spanish text: \(parsed.text ?? "")")
                    check.expect(parsed.html?.contains("<strong>fin</strong>") == true, "Spanish HTML")
                    // Its own unsubscribe link works.
                    let link = try check.unwrap(E2E.between(unsubscribe, "<", ">"), "a link in \(unsubscribe)")
                    let path = String(link[try check.unwrap(link.range(of: "/unsubscribe"), "path").lowerBound...])
                    let done = try server.client().post(path, form: [])
                    check.expect(done.status == 200, "unsubscribed: \(done.summary)")
                    check.expect(try E2E.integer(server, "SELECT COUNT(*) FROM signatures WHERE canonical_email = ? AND unsubscribed_at IS NOT NULL",
                                                 [CanonicalEmail.of(beto)]) == 1, "Beto is unsubscribed")
                } else {
                    check.expect(parsed.subject.hasPrefix("Muriel Bowser responded:"), "English subject: \(parsed.subject)")
                    check.expect(parsed.text?.contains("cooperation with ICE.") == true, "English text")
                }
            }

            // A correction replaces the text and mails no one again.
            try "We will end all cooperation with ICE.".write(toFile: folder + "/response.en.md", atomically: false, encoding: .utf8)
            let corrected = try TestSupport.campaign(["respond", Self.dc, "--official", Self.mayor, "--file", folder + "/response.en.md",
                                                      "--date", "2026-12-06"], database: db)
            check.expect(corrected.status == 0 && corrected.output.contains("Replaced the earlier response"), "correction: \(corrected.output) \(corrected.errors)")
            english = try page(server, "en", holding: "We will end all cooperation with ICE.")
            check.expect(english.contains("We will end all cooperation with ICE."), "the corrected response")
            let spanishFallback = try page(server, "es", holding: "<blockquote lang=\"en\">")
            check.expect(spanishFallback.contains("<blockquote lang=\"en\"><p>We will end all cooperation with ICE.</p>"),
                         "Spanish page shows the English text marked")
            check.expect(try E2E.integer(server, "SELECT COUNT(*) FROM outbox WHERE kind = 'response'") == 2, "no new mail queued")
            // Sent, each keeps no body: it held the signer's name and a live unsubscribe link.
            check.expect(try E2E.integer(server, "SELECT COUNT(*) FROM outbox WHERE kind = 'response' AND state = 'sent' AND length(message) = 0 AND draft IS NULL") == 2,
                         "sent responses keep no body")
            let outboxList = try TestSupport.campaign(["outbox", "list"], database: db)
            check.expect(outboxList.status == 0 && !outboxList.output.contains(ana) && !outboxList.output.contains(beto), "addresses masked: \(outboxList.output)")
            Thread.sleep(forTimeInterval: 1)
            check.expect(try sink.messages().count == 2, "no new mail sent")
        }
    }

    @Test func respondAndDeliverNameTheInputThatIsWrong() async throws {
        try await onThread { check in
            let db = try TestSupport.seededDatabasePath()
            _ = try TestSupport.campaign(["publish", TestSupport.dataFolder + "/campaigns/\(Self.dc)"], database: db)
            let folder = TestSupport.temporaryFolder()
            try "Merci.".write(toFile: folder + "/response.fr.md", atomically: false, encoding: .utf8)
            try "Thanks.".write(toFile: folder + "/response.en.md", atomically: false, encoding: .utf8)
            let cases: [([String], String)] = [
                (["respond", Self.dc, "--official", "dc-nobody", "--file", folder + "/response.en.md"],
                 "--official dc-nobody: no such official in the directory"),
                (["respond", Self.dc, "--official", Self.mayor, "--file", folder + "/response.fr.md"],
                 "--file \(folder)/response.fr.md: 'fr' is not a locale of \(Self.dc) (en, es)"),
                (["respond", Self.dc, "--official", Self.mayor, "--file", folder + "/missing.en.md"],
                 "--file \(folder)/missing.en.md: cannot read the file (no such file)"),
                (["respond", Self.dc, "--official", "wa-jay-inslee", "--file", folder + "/response.en.md"],
                 "--official wa-jay-inslee: Jay Inslee is not a target of \(Self.dc); its targets are "),
                (["deliver", Self.dc, "--official", "dc-nobody"], "--official dc-nobody: no such official in the directory"),
                (["deliver", Self.dc, "--official", Self.mayor, "--packet", folder + "/none.html"],
                 "--packet \(folder)/none.html: cannot read the file (no such file)"),
            ]
            for (arguments, message) in cases {
                let result = try TestSupport.campaign(arguments, database: db)
                check.expect(result.status != 0 && result.errors.contains(message), "\(arguments.joined(separator: " ")): \(result.status) \(result.errors)")
            }
            check.expect(try TestSupport.campaign(["deliveries", Self.dc], database: db).output.contains("No deliveries recorded"), "nothing recorded")
        }
    }

    @Test func milestonesAreCheckedWhereTheyAreWritten() throws {
        let folder = TestSupport.temporaryFolder()
        try FileManager.default.copyItem(atPath: TestSupport.dataFolder + "/campaigns/\(Self.dc)", toPath: folder + "/c")
        let toml = folder + "/c/campaign.toml"
        try (try String(contentsOfFile: toml, encoding: .utf8) + """

            [[milestones]]
            signatures = 100
            fr = "Cent."

            [[milestones]]
            signatures = 50
            en = "Fifty."

            """).write(toFile: toml, atomically: false, encoding: .utf8)
        do {
            _ = try CampaignFolder(path: folder + "/c")
            Issue.record("milestones with mistakes were read")
        } catch {
            let text = "\(error)"
            #expect(text.contains("unknown key 'fr' in a milestone (known: signatures and the campaign's locales, en, es)"))
            #expect(text.contains("a milestone needs its text in the default locale: en = \"…\""))
            #expect(text.contains("milestones go in rising order of signatures: 50 comes after 100"))
            #expect(text.contains("campaign.toml:"))
        }
    }
}
