import Foundation
import Testing
@testable import Campaign

/// Delivery end to end: the real server and CLI, a real SMTP server
/// (aiosmtpd on a free loopback port) and the bytes it received.
@Suite(.serialized) struct DeliveryEndToEndTests {
    static let dc = "dc-protect-residents-from-ice"
    static let seattle = "seattle-thank-welcoming-city"

    /// A server whose mail goes to `sink`.
    func server(_ sink: SMTPSink, data: String = TestSupport.dataFolder, database: String? = nil, signLimit: Int = 1000) throws -> ServerProcess {
        try ServerProcess.start(["--smtp-url", sink.url, "--mail-from", "Campaña DC <act@example.org>", "--sign-limit", String(signLimit)],
                                data: data, database: database)
    }

    /// Signs through the server; returns the confirmation mail's link.
    func sign(_ server: ServerProcess, _ sink: SMTPSink, slug: String, language: String, name: String, email: String, zip: String,
              district: String? = nil, reason: String = "", consent: [String] = ["public"], check: Checks) throws -> String {
        let client = server.client()
        let token = try E2E.openForm(client, slug, language, check)
        let before = try sink.messages().count
        var extra: [(String, String)] = []
        if let district { extra.append(("district", district)) }
        let response = try client.post("/c/\(slug)/sign", form: E2E.signature(token: token, name: name, email: email, zip: zip, reason: reason,
                                                                                consent: consent, extra: extra, language: language))
        try check.require(response.status == 303, "sign: \(response.summary)")
        let mails = try sink.waitForMessages(count: before + 1, timeout: 20)
        let mail = try check.unwrap(mails.last { $0.recipients == [email] }, "no confirmation mail for \(email)")
        let decoded = try MailMessageTests.decode(mail.data)
        let text = decoded.parts.first?.text ?? ""
        return try check.unwrap(E2E.between(text, "http://", "\r\n").map { "http://" + $0 }, "no link in: \(text)")
    }

    /// The path and query of a link to the server.
    func path(_ link: String) -> String {
        guard let slash = link.dropFirst("http://".count).firstIndex(of: "/") else { return "/" }
        return String(link[slash...])
    }

    // MARK: - Confirmation and unsubscribing

    @Test func confirmationMailIsInTheSignersLanguageAndItsLinkCountsTheSignatureOnce() async throws {
        try await onThread { check in
            let sink = try SMTPSink()
            let server = try server(sink)
            defer { server.stop() }
            for (language, subject) in [("es", "Confirma tu firma: Alcaldesa Bowser: ¡Proteja a los residentes de DC de las redadas de ICE!"),
                                        ("en", "Confirm your signature: Mayor Bowser: Protect DC residents from ICE raids!")] {
                let email = E2E.uniqueEmail("confirm-\(language)")
                let link = try sign(server, sink, slug: Self.dc, language: language, name: "José Núñez", email: email, zip: "20002", check: check)
                let mail = try check.unwrap(try sink.messages().last, "no mail")
                let decoded = try MailMessageTests.decode(mail.data)
                check.expect(decoded.decoded("Subject") == subject, "\(language) subject: \(decoded.decoded("Subject") ?? "none")")
                check.expect(decoded.header("Content-Type")?.hasPrefix("multipart/alternative") == true, "multipart/alternative")
                check.expect(decoded.parts.count == 2 && decoded.parts[1].text.contains("<html lang=\"\(language)\" dir=\"ltr\">"), "an HTML part in \(language)")
                check.expect(decoded.decoded("From") == "Campaña DC <act@example.org>", "From \(decoded.decoded("From") ?? "none")")
                check.expect(decoded.decoded("To")?.contains("José Núñez") == true, "To names the signer")
                check.expect(decoded.header("List-Unsubscribe")?.contains("/unsubscribe?token=") == true, "List-Unsubscribe")
                check.expect(decoded.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click", "one-click unsubscribe")
                check.expect(mail.mailFrom == "act@example.org", "envelope sender \(mail.mailFrom)")
                check.expect(mail.data.count < 20_000 && !mail.text.contains("\n\n"), "CRLF only")

                let id = try E2E.campaignID(server, Self.dc)
                let before = try E2E.integer(server, "SELECT count FROM signature_counts WHERE campaign_id = ?", [id])
                let client = server.client()
                let confirmed = try client.get(path(link))
                E2E.checkPage(confirmed, language: language, contains: [E2E.html("confirm.done", language)], "confirm page", check)
                check.expect(try E2E.integer(server, "SELECT count FROM signature_counts WHERE campaign_id = ?", [id]) == max(before, 0) + 1,
                             "the signature counts once confirmed")
                check.expect(try E2E.integer(server, "SELECT COUNT(*) FROM signatures WHERE canonical_email = ? AND state = 'validated' AND validated_seq IS NOT NULL",
                                             [CanonicalEmail.of(email)]) == 1, "validated with a sequence number")
                // Opened again (a mail scanner opens links before their reader):
                // the signature is confirmed, and counted once.
                for visitor in [server.client(), client] {
                    let again = try visitor.get(path(link), headers: [("Accept-Language", language == "es" ? "en" : "es")])
                    E2E.checkPage(again, language: language, contains: [E2E.html("confirm.done.heading", language), E2E.html("confirm.already", language)],
                                  "the link opened again", check)
                }
                check.expect(try E2E.integer(server, "SELECT count FROM signature_counts WHERE campaign_id = ?", [id]) == max(before, 0) + 1,
                             "a link opened again counts nothing more")
                // Any other token is still refused.
                let forged = try client.get(String(path(link).dropLast(4)) + "AAAA")
                E2E.checkPage(forged, status: 404, language: "en", contains: [E2E.html("confirm.unknown", "en")], "a link with another secret", check)
            }
            // A token for another campaign confirms nothing there.
            let email = E2E.uniqueEmail("other")
            let link = try sign(server, sink, slug: Self.dc, language: "en", name: "Ana Otra", email: email, zip: "20002", check: check)
            let elsewhere = path(link).replacingOccurrences(of: "/c/\(Self.dc)/", with: "/c/\(Self.seattle)/")
            let response = try server.client().get(elsewhere)
            check.expect(response.status == 404, "a token for another campaign: \(response.summary)")
            check.expect(try E2E.integer(server, "SELECT COUNT(*) FROM signatures WHERE canonical_email = ? AND state = 'pending'", [CanonicalEmail.of(email)]) == 1,
                         "still pending")
        }
    }

    @Test func signingAgainBeforeConfirmingSendsANewLinkAndOnlyItWorks() async throws {
        try await onThread { check in
            let sink = try SMTPSink()
            let server = try server(sink)
            defer { server.stop() }
            let email = E2E.uniqueEmail("again")
            let first = try sign(server, sink, slug: Self.dc, language: "en", name: "Ana Again", email: email, zip: "20002", check: check)
            let second = try sign(server, sink, slug: Self.dc, language: "en", name: "Ana Again", email: email, zip: "20002", check: check)
            check.expect(first != second, "a new link")
            check.expect(try server.client().get(path(first)).status == 404, "the old link no longer works")
            check.expect(try server.client().get(path(second)).status == 200, "the new one does")
            check.expect(try server.client().get(path(second)).status == 200, "again")
            check.expect(try server.client().get(path(first)).status == 404, "the old link still does not")
            check.expect(try E2E.signatureRows(server, email: email) == 1, "one row")
        }
    }

    /// Over the per-address limit on a campaign that confirms by e-mail
    /// (behind a library's, a campus's or a carrier's shared address), a
    /// signature is kept as suspect, is told the truth (a mail is on its
    /// way), gets its mail and counts once confirmed. Signing again over
    /// the limit mails no new link, so the limit cannot fill an inbox.
    @Test func aSuspectSignatureGetsItsMailAndCountsOnceConfirmed() async throws {
        try await onThread { check in
            let sink = try SMTPSink()
            let server = try server(sink, signLimit: 1)
            defer { server.stop() }
            let id = try E2E.campaignID(server, Self.dc)
            _ = try sign(server, sink, slug: Self.dc, language: "en", name: "Ana Biblioteca", email: E2E.uniqueEmail("library"), zip: "20002", check: check)
            let shared = E2E.uniqueEmail("library")
            let link = try sign(server, sink, slug: Self.dc, language: "es", name: "Bea Biblioteca", email: shared, zip: "20002", check: check)
            check.expect(try E2E.integer(server, "SELECT suspect FROM signatures WHERE canonical_email = ?", [CanonicalEmail.of(shared)]) == 1,
                         "kept as suspect")
            let before = try E2E.integer(server, "SELECT COALESCE((SELECT count FROM signature_counts WHERE campaign_id = ?), 0)", [id])
            let confirmed = try server.client().get(path(link))
            E2E.checkPage(confirmed, language: "es", contains: [E2E.html("confirm.done", "es")], "the suspect signer confirms", check)
            check.expect(try E2E.integer(server, "SELECT count FROM signature_counts WHERE campaign_id = ?", [id]) == before + 1, "it counts")
            check.expect(try E2E.integer(server, "SELECT COUNT(*) FROM signatures WHERE canonical_email = ? AND state = 'validated' AND suspect = FALSE",
                                         [CanonicalEmail.of(shared)]) == 1, "settled by the confirmation")

            // Another over the limit, then the same address again: one mail in all.
            let client = server.client()
            let token = try E2E.openForm(client, Self.dc, "en", check)
            let again = E2E.uniqueEmail("again")
            for _ in 0..<3 {
                let answer = try client.post("/c/\(Self.dc)/sign", form: E2E.signature(token: token, name: "Cruz Biblioteca", email: again, zip: "20002",
                                                                                        language: "en"))
                check.expect(answer.status == 303, "sign: \(answer.summary)")
                let thanks = try client.get(answer.header("Location") ?? "/")
                check.expect(thanks.text.contains(E2E.html("thanks.confirm", "en")), "the page says a mail was sent")
            }
            check.expect(try E2E.queuedMail(server, to: again) == 1, "one mail for three signings over the limit")
        }
    }

    /// The unsubscribe link asks first (mail scanners follow links), in the
    /// signer's language whatever the browser's, saying what the button
    /// does; the button or a one-click POST unsubscribes. When consent to
    /// updates was given and when it was withdrawn are both kept, and the
    /// organizer's export reads them.
    @Test func unsubscribeAsksInTheSignersLanguageThenWorksFromTheButtonAndByOneClickKeepingTheConsentRecord() async throws {
        try await onThread { check in
            let sink = try SMTPSink()
            let server = try server(sink)
            defer { server.stop() }
            var confirmedEmail = ""
            for oneClick in [false, true] {
                let email = E2E.uniqueEmail("unsub")
                let confirmLink = try sign(server, sink, slug: Self.dc, language: "es", name: "Eva Baja", email: email, zip: "20002",
                                           consent: ["public", "updates"], check: check)
                let decoded = try MailMessageTests.decode(try check.unwrap(try sink.messages().last, "mail").data)
                let header = try check.unwrap(decoded.header("List-Unsubscribe"), "List-Unsubscribe")
                let link = String(header.dropFirst().dropLast())
                check.expect(decoded.parts.first?.text.contains(link) == true, "the text part carries the same link")
                // The HTML part's link text says what it does; the colon belongs to the text part, where the address follows.
                let html = decoded.parts.count > 1 ? decoded.parts[1].text : ""
                check.expect(html.contains(">\(E2E.html("mail.footer.unsubscribe_link", "es"))</a>") && !html.contains(":</a>"),
                             "the HTML footer's link: \(E2E.between(html, "<hr>", "</body>") ?? html)")
                if !oneClick {
                    try check.require(try server.client().get(path(confirmLink)).status == 200, "confirming")
                    confirmedEmail = email
                }
                let client = server.client()
                // A browser that prefers English, with no choice made on the site.
                let page = try client.get(path(link), headers: [("Accept-Language", "en-US,en;q=0.9")])
                E2E.checkPage(page, language: "es", contains: [E2E.html("unsubscribe.ask", "es"), E2E.html("unsubscribe.button", "es")],
                              "GET asks first, in the signer's language", check)
                check.expect(!page.text.contains(E2E.html("unsubscribe.done", "es")), "it says it is done before the button")
                check.expect(try E2E.integer(server, "SELECT COUNT(*) FROM signatures WHERE canonical_email = ? AND unsubscribed_at IS NULL",
                                             [CanonicalEmail.of(email)]) == 1, "a GET (a mail scanner) changes nothing")
                // English chosen on the page: the page, its button and what the button answers follow it.
                let english = try client.get(path(link) + "&lang=en")
                E2E.checkPage(english, language: "en", contains: [E2E.html("unsubscribe.ask", "en")], "the page in English, chosen", check)
                check.expect(!english.text.contains("You will get no more email"), "before the button: \(E2E.between(english.text, "<main", "</main>") ?? "")")
                check.expect(english.text.contains("action=\"\(HTMLEscaping.escape(path(link) + "&lang=en"))\""), "the button keeps the choice")

                let done = oneClick ? try client.post(path(link), form: [("List-Unsubscribe", "One-Click")]) : try client.post(path(link), form: [])
                E2E.checkPage(done, language: "es", contains: [E2E.html("unsubscribe.done", "es")], "unsubscribed (one-click: \(oneClick))", check)
                let row = try check.unwrap(try E2E.rows(server, "SELECT * FROM signatures WHERE canonical_email = ?", [CanonicalEmail.of(email)]).first, "the row")
                check.expect(row["consent_updates"] as Int? == 1, "the consent given is kept")
                check.expect(row["consent_updates_at"] as String? == row["created_at"] as String?, "given when signing: \(row["consent_updates_at"] as String? ?? "NULL")")
                check.expect(row["unsubscribed_at"] as String? != nil, "withdrawn, with the time")
                let again = try client.get(path(link))
                E2E.checkPage(again, language: "es", contains: [E2E.html("unsubscribe.already", "es")], "the link opened after unsubscribing", check)
                check.expect(!again.text.contains("<form"), "no button left to press")
            }
            // The organizer's export: no updates to send now, and when consent was given and withdrawn.
            let out = TestSupport.temporaryFolder() + "/signers.csv"
            let export = TestSupport.campaignInProcess(["export", Self.dc, "--all", "--out", out], database: server.databasePath)
            try check.require(export.status == 0, "export: \(export.errors)")
            let csv = try String(contentsOfFile: out, encoding: .utf8)
            let lines = csv.split(separator: "\r\n").map(String.init)
            let columns = (lines.first ?? "").split(separator: ",").map(String.init)
            check.expect(columns.suffix(4) == ["consent_updates", "unsubscribed", "consent_updates_at", "unsubscribed_at"], "columns \(columns)")
            let line = try check.unwrap(lines.first { $0.contains(confirmedEmail) }, "the confirmed signer in \(csv)")
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let stored = try check.unwrap(try E2E.rows(server, "SELECT created_at, unsubscribed_at FROM signatures WHERE canonical_email = ?",
                                                       [CanonicalEmail.of(confirmedEmail)]).first, "the row")
            check.expect(Array(cells.suffix(4)) == ["no", "yes", stored["created_at"] as String? ?? "?", stored["unsubscribed_at"] as String? ?? "?"],
                         "the export's consent cells: \(cells.suffix(4))")

            for method in ["GET", "POST"] {
                let unknown = method == "GET" ? try server.client().get("/unsubscribe?token=not-a-token")
                    : try server.client().post("/unsubscribe?token=not-a-token", form: [])
                check.expect(unknown.status == 404 && unknown.text.contains(E2E.html("unsubscribe.unknown", "en")), "\(method) an unknown token: \(unknown.summary)")
            }
            // Tokens travel in queries, which the request log leaves out; no address is logged.
            _ = server.waitForLine(timeout: 10) { $0.contains("POST /unsubscribe 404") }
            let log = server.logText
            check.expect(log.contains("/unsubscribe") && !log.contains("token") && !log.contains("@example.org"), "the log: \(log)")
        }
    }

    // MARK: - Exports

    /// Signs and confirms; returns nothing, the signer counts afterwards.
    func signConfirmed(_ server: ServerProcess, _ sink: SMTPSink, slug: String = DeliveryEndToEndTests.dc, name: String, zip: String,
                       district: String? = nil, reason: String = "", consent: [String] = ["public"], language: String = "en",
                       check: Checks) throws -> String {
        let email = E2E.uniqueEmail("signer")
        let link = try sign(server, sink, slug: slug, language: language, name: name, email: email, zip: zip, district: district,
                            reason: reason, consent: consent, check: check)
        try check.require(try server.client().get(path(link)).status == 200, "confirming \(name)")
        return email
    }

    @Test func everyDCOfficialGetsAPacketOfTheirConstituents() async throws {
        try await onThread { check in
            let sink = try SMTPSink()
            let server = try server(sink)
            defer { server.stop() }
            let ward5 = try signConfirmed(server, sink, name: "Wanda Cinco", zip: "20002", district: "5", reason: "=1+1 for Ward 5",
                                          consent: ["public", "share_email"], check: check)
            _ = try signConfirmed(server, sink, name: "Dos Segundo", zip: "20001", district: "2", reason: "Ward two", check: check)
            _ = try signConfirmed(server, sink, name: "Nadie Sabe", zip: "20020", reason: "No ward given", language: "es", check: check)
            // Pending: never exported.
            _ = try sign(server, sink, slug: Self.dc, language: "en", name: "Pat Pending", email: E2E.uniqueEmail("pending"), zip: "20002", check: check)

            let folder = TestSupport.temporaryFolder()
            let everyone = ["Wanda Cinco", "Dos Segundo", "Nadie Sabe"]
            let packets: [(official: String, names: [String], absent: [String])] = [
                ("dc-muriel-bowser", everyone, []), ("dc-karl-racine", everyone, []), ("dc-phil-mendelson", everyone, []),
                ("dc-anita-bonds", everyone, []), ("dc-david-grosso", everyone, []), ("dc-elissa-silverman", everyone, []),
                ("dc-robert-white-jr", everyone, []),
                // Ward 5: the signer who chose Ward 5, and the one whose ZIP does not tell; not the Ward 2 signer.
                ("dc-kenyan-mcduffie", ["Wanda Cinco", "Nadie Sabe"], ["Dos Segundo"]),
            ]
            for packet in packets {
                let out = folder + "/\(packet.official).html"
                let result = try TestSupport.campaign(["export", Self.dc, "--official", packet.official, "--format", "html", "--out", out],
                                                      database: server.databasePath)
                try check.require(result.status == 0, "export \(packet.official): \(result.errors)")
                let html = try String(contentsOfFile: out, encoding: .utf8)
                for name in packet.names { check.expect(html.contains(name), "\(packet.official): \(name) missing") }
                for name in packet.absent + ["Pat Pending"] { check.expect(!html.contains(name), "\(packet.official): \(name) must not be there") }
                check.expect(html.contains("<svg") && html.contains("break-before: page"), "\(packet.official): chart and print sheets")
                check.expect(html.contains("counter(page) \" of \" counter(pages)"), "\(packet.official): numbered pages")
                check.expect(html.contains(ward5) == (packet.names.contains("Wanda Cinco")), "\(packet.official): e-mail shown only as consented")
                check.expect(!html.contains("@example.org") || html.contains(ward5), "\(packet.official): no other e-mail")
            }
            let ward5Packet = try String(contentsOfFile: folder + "/dc-kenyan-mcduffie.html", encoding: .utf8)
            check.expect(ward5Packet.contains("To Kenyan McDuffie, Councilmember — Ward 5, District of Columbia"), "cover letter names the seat")
            check.expect(ward5Packet.contains("ZIP 20020 may lie in any of districts"), "the unknown ward is marked")

            // CSV: formula cells neutralised, e-mail only with consent, Spanish packet.
            let csv = try TestSupport.campaign(["export", Self.dc, "--official", "dc-kenyan-mcduffie"], database: server.databasePath)
            check.expect(csv.output.hasPrefix("name,locality,zip,signed_on,reason,email,note,section,district_known\r\n"), "CSV header: \(csv.output.prefix(80))")
            check.expect(csv.output.contains("\"'=1+1 for Ward 5\""), "formula neutralised: \(csv.output)")
            check.expect(csv.output.contains(ward5), "consented e-mail present")
            let spanish = try TestSupport.campaign(["export", Self.dc, "--official", "dc-kenyan-mcduffie", "--format", "html", "--lang", "es"],
                                                   database: server.databasePath)
            check.expect(spanish.output.contains("<html lang=\"es\" dir=\"ltr\">") && spanish.output.contains("Para Kenyan McDuffie, Concejal"), "Spanish packet")
            // An official who reads Spanish gets the Spanish packet without asking.
            check.expect(try TestSupport.campaign(["officials", "edit", "dc-kenyan-mcduffie", "--language", "es"], database: server.databasePath).status == 0,
                         "setting the official's language")
            let theirs = try TestSupport.campaign(["export", Self.dc, "--official", "dc-kenyan-mcduffie", "--format", "html"], database: server.databasePath)
            check.expect(theirs.output.contains("<html lang=\"es\" dir=\"ltr\">"), "the official's language is the packet's")
            let bom = try TestSupport.campaign(["export", Self.dc, "--all", "--bom", "--out", folder + "/all.csv"], database: server.databasePath)
            try check.require(bom.status == 0, bom.errors)
            let all = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/all.csv")))
            check.expect(Array(all.prefix(3)) == [0xEF, 0xBB, 0xBF], "byte order mark")
            check.expect(!String(decoding: all, as: UTF8.self).contains("Pat Pending"), "unconfirmed signatures are never exported")
            check.expect(String(decoding: all, as: UTF8.self).contains("Wanda Cinco"), "the organizer export lists confirmed signers")
            let json = try TestSupport.campaign(["export", Self.dc, "--all", "--confirmed-only", "--format", "json"], database: server.databasePath)
            let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
            check.expect((object?["count"] as? Int) == 3, "confirmed only: \(json.output.prefix(300))")
            // Usage errors.
            check.expect(try TestSupport.campaign(["export", Self.dc], database: server.databasePath).status == 64, "needs --official or --all")
            let unknown = try TestSupport.campaign(["export", Self.dc, "--official", "nobody"], database: server.databasePath)
            check.expect(unknown.status == 65 && unknown.errors.contains("--official nobody"), "unknown official: \(unknown.errors)")
            check.expect(!FileManager.default.fileExists(atPath: folder + "/nobody.csv"), "no file for a failed export")
        }
    }

    @Test func adminExportsNeedALiveOrganizerToken() async throws {
        try await onThread { check in
            let sink = try SMTPSink()
            let server = try server(sink)
            defer { server.stop() }
            _ = try signConfirmed(server, sink, name: "Tess Token", zip: "20002", district: "5", reason: "Delivered", check: check)
            let client = server.client()
            let path = "/admin/campaigns/\(Self.dc)/export?official=dc-kenyan-mcduffie&format=csv"
            let anonymous = try client.get(path)
            check.expect(anonymous.status == 401 && anonymous.header("WWW-Authenticate")?.hasPrefix("Bearer") == true, "no token: \(anonymous.summary)")
            check.expect(try client.get(path, headers: [("Authorization", "Bearer cmpn_forged")]).status == 401, "a forged token")

            let created = try TestSupport.campaign(["token", "create", "--name", "delivery team"], database: server.databasePath)
            try check.require(created.status == 0, created.errors)
            let token = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
            check.expect(try E2E.integer(server, "SELECT COUNT(*) FROM organizer_tokens WHERE token_hash = ?", [token]) == 0, "never stored in the clear")
            let response = try client.get(path, headers: [("Authorization", "Bearer " + token)])
            check.expect(response.status == 200, "with the token: \(response.summary)")
            check.expect(response.header("Content-Disposition")?.contains("attachment") == true, "a download")
            let cli = try TestSupport.campaign(["export", Self.dc, "--official", "dc-kenyan-mcduffie"], database: server.databasePath)
            check.expect(response.text == cli.output && response.text.contains("Tess Token"), "the same export as the CLI: \(response.text)")
            let listed = try TestSupport.campaign(["token", "list"], database: server.databasePath)
            check.expect(listed.output.contains("delivery team") && !listed.output.contains(token), "listed without the token")
            check.expect(try client.get("/admin/campaigns/\(Self.dc)/export?official=dc-kenyan-mcduffie&format=xml",
                                        headers: [("Authorization", "Bearer " + token)]).status == 400, "a bad format names the query field")
            _ = try TestSupport.campaign(["token", "revoke", "delivery team"], database: server.databasePath)
            check.expect(try client.get(path, headers: [("Authorization", "Bearer " + token)]).status == 401, "revoked at once")
        }
    }

    /// The admin export sets the possible constituents apart as the CLI
    /// does, and `exact_only=1` leaves them out, in every format.
    @Test func adminExportsSetThePossibleConstituentsApartOrLeaveThemOut() async throws {
        let pool = try await DeliveryPacketTests.wardFiveResolved()
        try await onThread { check in
            let sink = try SMTPSink()
            let server = try server(sink, database: pool.path)
            defer { server.stop() }
            let created = try TestSupport.campaign(["token", "create", "--name", "packets"], database: server.databasePath)
            try check.require(created.status == 0, created.errors)
            let bearer = [("Authorization", "Bearer " + created.output.trimmingCharacters(in: .whitespacesAndNewlines))]
            let client = server.client()
            let base = "/admin/campaigns/\(Self.dc)/export?official=dc-kenyan-mcduffie"
            // What sets the possible constituents apart, in each format.
            let apart = ["csv": ",possible,", "json": "\"possibly_yours\"", "html": "<section class=\"signers possible\">"]
            for format in ["csv", "json", "html"] {
                for exact in [false, true] {
                    let response = try client.get(base + "&format=\(format)" + (exact ? "&exact_only=1" : ""), headers: bearer)
                    check.expect(response.status == 200, "\(format), exact \(exact): \(response.summary)")
                    let text = response.text
                    check.expect(text.contains("Ana Elige") && text.contains("Eva Antes") && !text.contains("Cora Calle"), "\(format): the known constituents")
                    check.expect(text.contains("Dario Zip") != exact && text.contains("Gil Sinlista") != exact, "\(format), exact \(exact): the possible ones")
                    check.expect(text.contains(apart[format] ?? "?") != exact, "\(format), exact \(exact): the section apart")
                    if let known = text.range(of: "Eva Antes"), let possible = text.range(of: "Dario Zip") {
                        check.expect(known.upperBound < possible.lowerBound, "\(format): the known constituents come first")
                    }
                    if format == "csv" {
                        let cli = try TestSupport.campaign(["export", Self.dc, "--official", "dc-kenyan-mcduffie"] + (exact ? ["--exact-only"] : []),
                                                           database: server.databasePath)
                        check.expect(text == cli.output, "exact \(exact): the same export as the CLI: \(text)")
                        check.expect(cli.errors == (exact
                            ? "Exported 3 signers of 6 counted to standard output; 2 whose ZIP code spans the district and others left out (--exact-only).\n"
                            : "Exported 5 signers of 6 counted to standard output: 3 known constituents first, then 2 whose ZIP code spans the district"
                                + " and others, listed apart.\n"), "the CLI's summary: \(cli.errors)")
                    }
                }
            }
            let organizers = try client.get("/admin/campaigns/\(Self.dc)/export?all=1&exact_only=1", headers: bearer)
            check.expect(organizers.status == 400
                && organizers.text == "Query 'exact_only': goes with official=ID; the organizers' list has every signer, wherever they live.\n",
                "exact_only with all=1: \(organizers.summary)")
        }
    }

    // MARK: - Digests

    /// A copy of the demo data where the Seattle note sends digests to organizers and officials.
    static func digestData(organizers: [String] = ["Organizadora <organizers@example.org>"]) throws -> String {
        let folder = TestSupport.temporaryFolder() + "/data"
        try FileManager.default.copyItem(atPath: TestSupport.dataFolder, toPath: folder)
        let toml = folder + "/campaigns/\(seattle)/campaign.toml"
        let text = try String(contentsOfFile: toml, encoding: .utf8)
        guard text.contains("[digest]\nofficials = false") else { throw HTTPTestError.malformed("no [digest] table in \(toml)") }
        try text.replacingOccurrences(of: "[digest]\nofficials = false", with: "[digest]\norganizers = [\(organizers.map { "\"\($0)\"" }.joined(separator: ", "))]\nofficials = true")
            .write(toFile: toml, atomically: false, encoding: .utf8)
        return folder
    }

    @Test func digestsReachOrganizersAndOfficialsAndCoverEachSignatureOnce() async throws {
        try await onThread { check in
            let sink = try SMTPSink()
            let server = try server(sink, data: try Self.digestData())
            defer { server.stop() }
            _ = try signConfirmed(server, sink, slug: Self.seattle, name: "Sam Seattle", zip: "98104", reason: "Welcoming city", check: check)
            _ = try signConfirmed(server, sink, slug: Self.seattle, name: "Lucía Sol", zip: "98118", reason: "Ciudad acogedora", language: "es", check: check)
            let before = try sink.messages().count
            let smtp = ["--smtp-url", sink.url, "--mail-from", "Campaign <act@example.org>"]
            let dry = try TestSupport.campaign(["digest", "send", Self.seattle, "--dry-run"] + smtp, database: server.databasePath)
            check.expect(dry.status == 0 && dry.output.contains("would queue"), "dry run: \(dry.output) \(dry.errors)")
            check.expect(try sink.messages().count == before, "a dry run sends nothing")

            let sent = try TestSupport.campaign(["digest", "send", Self.seattle, "--lang", "es"] + smtp, database: server.databasePath)
            try check.require(sent.status == 0, "digest send: \(sent.output) \(sent.errors)")
            let mails = try sink.waitForMessages(count: before + 1, timeout: 10).dropFirst(before)
            let organizer = try check.unwrap(mails.first { $0.recipients == ["organizers@example.org"] }, "organizer digest: \(sent.output)")
            let decoded = try MailMessageTests.decode(organizer.data)
            check.expect(decoded.decoded("Subject")?.contains("2 firmas nuevas") == true, "Spanish subject: \(decoded.decoded("Subject") ?? "")")
            let text = decoded.parts.first?.text ?? ""
            check.expect(text.contains("Por destinatario") && text.contains("Ciudad acogedora"), "targets and reasons: \(text)")
            check.expect(!text.contains("@example.org"), "no signer e-mail in the organizer digest")
            let officials = mails.filter { $0.recipients.contains { $0.hasSuffix("@seattle.gov") } }
            check.expect(!officials.isEmpty, "officials with e-mail addresses get theirs: \(sent.output)")
            for mail in officials {
                let official = try MailMessageTests.decode(mail.data)
                check.expect(official.decoded("Subject")?.contains("de su circunscripción") == true, "official subject: \(official.decoded("Subject") ?? "")")
                check.expect(official.parts.first?.text.contains("Sam Seattle") == true, "constituents listed")
            }

            // Nothing new: nothing sent. One more signature: only it.
            let again = try TestSupport.campaign(["digest", "send", Self.seattle] + smtp, database: server.databasePath)
            check.expect(again.output.contains("nothing new"), "a second run: \(again.output)")
            _ = try signConfirmed(server, sink, slug: Self.seattle, name: "Theo Third", zip: "98104", reason: "Third", check: check)
            let count = try sink.messages().count
            let third = try TestSupport.campaign(["digest", "send", Self.seattle] + smtp, database: server.databasePath)
            try check.require(third.status == 0, third.errors)
            let next = try sink.waitForMessages(count: count + 1, timeout: 10).dropFirst(count)
            let window = try MailMessageTests.decode(try check.unwrap(next.first { $0.recipients == ["organizers@example.org"] }, "next digest").data)
            let body = window.parts.first?.text ?? ""
            check.expect(body.contains("1 new signature") && body.contains("Third") && !body.contains("Welcoming city"),
                         "the next digest covers only what is new: \(body)")
            check.expect(try E2E.integer(server, "SELECT COUNT(*) FROM digests WHERE audience = 'organizers'") == 2, "two windows recorded")
        }
    }

    @Test func theServerQueuesAndSendsDigestsOnASchedule() async throws {
        try await onThread { check in
            let sink = try SMTPSink()
            let server = try ServerProcess.start(["--smtp-url", sink.url, "--digest-every", "1s", "--sign-limit", "1000"], data: try Self.digestData())
            defer { server.stop() }
            _ = try signConfirmed(server, sink, slug: Self.seattle, name: "Sched Uled", zip: "98104", reason: "On time", check: check)
            let deadline = Date().addingTimeInterval(20)
            var digest: SMTPSink.ReceivedMail?
            while digest == nil, Date() < deadline {
                digest = try sink.messages().first { $0.recipients == ["organizers@example.org"] }
                if digest == nil { usleep(100_000) }
            }
            let mail = try check.unwrap(digest, "no scheduled digest within 20 s")
            check.expect(try MailMessageTests.decode(mail.data).parts.first?.text.contains("On time") == true, "the new reason")
            // Later rounds (one a second, in the server) find nothing new and send nothing more.
            Thread.sleep(forTimeInterval: 2.5)
            check.expect(try sink.messages().filter { $0.recipients == ["organizers@example.org"] }.count == 1, "one digest per window")
        }
    }

    // MARK: - The outbox under faults

    @Test func aConfirmationQueuedAsADraftIsWrittenOutByTheCLIAndWaitsWhileItsTemplatesCannotBeRead() async throws {
        try await onThread { check in
            let sink = try SMTPSink()
            // No SMTP server: the server writes the confirmation into the outbox as a draft, where it waits.
            let server = try ServerProcess.start(["--mail-from", "Campaña DC <act@example.org>", "--sign-limit", "1000"])
            let email = E2E.uniqueEmail("draft")
            let client = server.client()
            let token = try E2E.openForm(client, Self.dc, "es", check)
            let signed = try client.post("/c/\(Self.dc)/sign", form: E2E.signature(token: token, name: "Renée Borrador", email: email, zip: "20002",
                                                                                     reason: "", consent: ["public"], extra: [], language: "es"))
            try check.require(signed.status == 303, "sign: \(signed.summary)")
            check.expect(try E2E.queuedMail(server, to: email) == 1, "the confirmation was written into the outbox")
            let database = server.databasePath
            server.stop()

            let pool = try DatabasePool(path: database)
            let row = try check.unwrap(try pool.read { try $0.row("SELECT length(message), draft, subject FROM outbox WHERE recipient = ?", [email]) },
                                       "no outbox row for the signature")
            let draftJSON: String = row[1] ?? ""
            check.expect((row[0] as Int?) == 0, "nothing encoded at signing")
            check.expect(draftJSON.utf8.count < 1_000 && draftJSON.contains("/confirm?token="), "a small draft with the link: \(draftJSON.utf8.count) bytes")
            check.expect((row[2] as String?)?.hasPrefix("Confirma tu firma") == true, "the subject in Spanish, for `outbox list`")

            // A sender whose templates cannot be read keeps the message, says why, and sends nothing.
            let broken = TestSupport.temporaryFolder()
            try FileManager.default.createDirectory(atPath: broken + "/locales", withIntermediateDirectories: true)
            try "{ not a catalog".write(toFile: broken + "/locales/en.json", atomically: false, encoding: .utf8)
            let smtp = ["outbox", "send", "--smtp-url", sink.url]
            let without = try TestSupport.campaign(smtp, database: database, folder: broken, environment: ["CAMPAIGN_TEMPLATES": broken])
            check.expect(without.errors.contains("0 sent") && without.errors.contains("1 to retry"), "no templates: \(without.errors)")
            let waiting = try pool.read { try OutboxStore.list($0) }.first { $0.recipient == email }
            check.expect(waiting?.state == .queued && waiting?.lastError.contains("templates") == true, "kept with the reason: \(waiting?.lastError ?? "none")")
            check.expect(try sink.messages().isEmpty, "nothing was sent")

            // From the project folder it is written out in the signer's language, and its link counts the signature.
            _ = try TestSupport.campaign(["outbox", "retry"], database: database)
            let sent = try TestSupport.campaign(smtp, database: database)
            check.expect(sent.errors.contains("1 sent"), "sent: \(sent.errors)")
            let mail = try check.unwrap(try sink.messages().first { $0.recipients == [email] }, "no confirmation arrived")
            let decoded = try MailMessageTests.decode(mail.data)
            check.expect(decoded.decoded("Subject")?.hasPrefix("Confirma tu firma") == true, "subject: \(decoded.decoded("Subject") ?? "none")")
            check.expect(decoded.decoded("From") == "Campaña DC <act@example.org>", "the site's sender, not the CLI's: \(decoded.decoded("From") ?? "none")")
            check.expect(decoded.decoded("To")?.contains("Renée Borrador") == true, "To names the signer")
            let messageID = decoded.header("Message-ID") ?? "none"
            check.expect(draftJSON.contains(messageID.trimmingCharacters(in: CharacterSet(charactersIn: "<>"))), "the Message-ID fixed in the draft: \(messageID)")
            check.expect(decoded.parts.count == 2 && decoded.parts[1].text.contains("<html lang=\"es\" dir=\"ltr\">"), "an HTML part in Spanish")
            let text = decoded.parts.first?.text ?? ""
            let link = try check.unwrap(E2E.between(text, "http://", "\r\n").map { "http://" + $0 }, "no link in: \(text)")
            let cleared = try pool.read { try $0.row("SELECT length(message), draft FROM outbox WHERE recipient = ?", [email]) }
            check.expect((cleared?[0] as Int?) == 0 && (cleared?[1] as String?) == nil, "a sent confirmation keeps no live token")

            let restarted = try ServerProcess.start([], database: database)
            defer { restarted.stop() }
            let id = try E2E.campaignID(restarted, Self.dc)
            let before = try E2E.integer(restarted, "SELECT count FROM signature_counts WHERE campaign_id = ?", [id])
            let confirmed = try restarted.client().get(path(link))
            E2E.checkPage(confirmed, language: "es", contains: [E2E.html("confirm.done", "es")], "confirm page", check)
            check.expect(try E2E.integer(restarted, "SELECT count FROM signature_counts WHERE campaign_id = ?", [id]) == max(before, 0) + 1, "counted once confirmed")
        }
    }

    @Test func mailWaitsThroughAnOutageRetriesTemporaryFailuresAndKeepsPermanentOnes() async throws {
        try await onThread { check in
            let sink = try SMTPSink()
            let database = try TestSupport.seededDatabasePath()
            let smtp = ["--smtp-url", sink.url]
            sink.stop()
            let down = try TestSupport.campaign(["mail", "test", "--to", "ops@example.org"] + smtp, database: database)
            check.expect(down.status == 1 && down.errors.contains("refused"), "server down: \(down.errors)")
            let pool = try DatabasePool(path: database)
            let waiting = try pool.read { try OutboxStore.list($0) }
            check.expect(waiting.count == 1 && waiting[0].state == .queued && waiting[0].attempts == 1, "queued for a retry")
            check.expect(waiting.first?.lastError.hasPrefix("server unavailable: ") == true, "waits for the server: \(waiting.first?.lastError ?? "")")
            // Still down: the send says so, and spends none of the message's attempts.
            let stillDown = try TestSupport.campaign(["outbox", "send"] + smtp, database: database)
            check.expect(stillDown.status == 1 && stillDown.errors.contains("Stopped: the SMTP server at \(sink.url) refused the connection."),
                         "still down: \(stillDown.errors)")
            check.expect(try pool.read { try OutboxStore.list($0) }.first?.attempts == 1, "no attempt spent")
            // Back up: what waited only for the server goes at once, before its retry time.
            try sink.restart()
            let back = try TestSupport.campaign(["outbox", "send"] + smtp, database: database)
            check.expect(back.status == 0 && back.errors == "Outbox: 1 sent, 0 to retry later, 0 failed; "
                         + "1 message that waited for the SMTP server was tried as soon as it answered again.\n", "sent once the server is back: \(back.errors)")
            check.expect(try sink.messages().count == 1, "arrived")

            // A 451 on DATA: that message waits out its delay, and the send says how to send it now.
            try sink.setControl(["tempfail_data_count": 1])
            let busy = try TestSupport.campaign(["mail", "test", "--to", "ops@example.org"] + smtp, database: database)
            check.expect(busy.status == 1 && busy.errors.contains("1 to retry"), "451: \(busy.errors)")
            let early = try TestSupport.campaign(["outbox", "send"] + smtp, database: database)
            check.expect(early.status == 0 && early.errors.contains("Outbox: 0 sent, 0 to retry later, 0 failed.\n1 message waits to retry after a temporary failure, the next at ")
                         && early.errors.hasSuffix("; `campaign outbox send --now` sends it now.\n"), "not due yet: \(early.errors)")
            let now = try TestSupport.campaign(["outbox", "send", "--now"] + smtp, database: database)
            check.expect(now.status == 0 && now.errors == "Sending now 1 message that waited to retry.\nOutbox: 1 sent, 0 to retry later, 0 failed.\n",
                         "--now: \(now.errors)")

            // A 550 for the recipient: failed, kept, not retried.
            try sink.setControl(["reject_prefix": "nobody"])
            let rejected = try TestSupport.campaign(["mail", "test", "--to", "nobody@example.org"] + smtp, database: database)
            check.expect(rejected.status == 1 && rejected.errors.contains("1 failed"), "550: \(rejected.errors)")
            let failed = try TestSupport.campaign(["outbox", "list", "--state", "failed"], database: database)
            check.expect(failed.output.contains("550"), "the failure is kept with its reply: \(failed.output)")
            check.expect(try sink.messages().count == 2, "nothing more arrived")
        }
    }

    /// Starts `campaign outbox send` and returns once 40 more messages have
    /// arrived (or it has ended): a moment in the middle of a batch.
    func sendUntilFortyArrive(database: String, sink: SMTPSink) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.campaignBinary)
        process.arguments = ["--db", database, "outbox", "send", "--smtp-url", sink.url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = try sink.messages().count
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, try sink.messages().count < start + 40, Date() < deadline { usleep(2_000) }
        return process
    }

    @Test func aSenderKilledMidBatchRepeatsAtMostTheMessageInFlight() async throws {
        try await onThread { check in
            let sink = try SMTPSink()
            let database = TestSupport.temporaryDatabasePath()
            let pool = try DatabasePool(path: database)
            let total = 300
            let from = try MailAddress(address: "act@example.org")
            try pool.write { db in
                for index in 0..<total {
                    let key = "load:\(index)"
                    let message = MailMessage(from: from, to: [try MailAddress(address: "reader\(index)@example.org")], subject: "Message \(index)",
                                              text: "Body \(index)\r\n", date: Date(), messageID: MailMessage.messageID(key: key, domain: "example.org"))
                    try OutboxStore.enqueue(OutboxMessage.of(message, key: key, kind: .test, campaignID: nil)[0], at: Date(), db)
                }
            }
            var kills = 0
            for _ in 0..<3 {
                let process = try sendUntilFortyArrive(database: database, sink: sink)
                if process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    kills += 1
                }
                process.waitUntilExit()
            }
            let finish = try TestSupport.campaign(["outbox", "send", "--smtp-url", sink.url], database: database)
            check.expect(finish.status == 0, finish.errors)
            var seen: [String: Int] = [:]
            for mail in try sink.messages() {
                let id = try MailMessageTests.decode(mail.data).header("Message-ID") ?? ""
                seen[id, default: 0] += 1
            }
            let duplicates = seen.values.reduce(0) { $0 + max(0, $1 - 1) }
            check.expect(seen.count == total, "every message arrived: \(seen.count) of \(total)")
            check.expect(duplicates <= kills, "\(duplicates) duplicates after \(kills) kills: at most one per kill")
            check.expect(try pool.read { try OutboxStore.counts($0) }[.sent] == total, "all marked sent")
        }
    }

    @Test func aDigestSentThroughAnOutageAndSenderCrashesArrivesWholeWithAtMostOneDuplicatePerCrash() async throws {
        try await onThread { check in
            let sink = try SMTPSink()
            // A coalition's organizers: enough messages for the faults to land mid-batch.
            let organizers = (1...240).map { "organizer-\($0)@example.org" }
            let server = try server(sink, data: try Self.digestData(organizers: organizers))
            _ = try signConfirmed(server, sink, slug: Self.seattle, name: "Out Age", zip: "98104", reason: "Through the outage", check: check)
            server.stop()
            let database = server.databasePath
            let smtp = ["--smtp-url", sink.url]
            let pool = try DatabasePool(path: database)
            func digestRows() throws -> [(key: String, state: String)] {
                try pool.read { try $0.rows("SELECT key, state FROM outbox WHERE kind IN ('organizer-digest', 'official-digest')") }
                    .map { ($0[0] ?? "", $0[1] ?? "") }
            }
            let confirmations = try sink.messages().count

            // The SMTP server is down when the digest goes out: it is queued whole and waits.
            sink.stop()
            let queued = try TestSupport.campaign(["digest", "send", Self.seattle] + smtp, database: database)
            check.expect(queued.errors.contains("refused"), "the outage is reported: \(queued.output) \(queued.errors)")
            let total = try digestRows().count
            try check.require(total > organizers.count, "every organizer and the officials have a message: \(total)")
            check.expect(try digestRows().allSatisfy { $0.state == "queued" }, "all waiting")

            // Back up; the sender is killed twice mid-batch, then the SMTP server dies mid-batch.
            try sink.restart()
            _ = try TestSupport.campaign(["outbox", "retry"], database: database)
            var kills = 0
            for fault in ["kill", "kill", "outage"] {
                let process = try sendUntilFortyArrive(database: database, sink: sink)
                if fault == "kill", process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    kills += 1
                } else if fault == "outage" {
                    sink.stop()
                }
                process.waitUntilExit()
                if fault == "outage" {
                    try sink.restart()
                    _ = try TestSupport.campaign(["outbox", "retry"], database: database)
                }
            }
            let finish = try TestSupport.campaign(["outbox", "send"] + smtp, database: database)
            check.expect(finish.status == 0, "the rest goes: \(finish.errors)")

            var copies: [String: Int] = [:]
            var recipients = Set<String>()
            for mail in try sink.messages().dropFirst(confirmations) {
                copies[try MailMessageTests.decode(mail.data).header("Message-ID") ?? "", default: 0] += 1
                recipients.formUnion(mail.recipients)
            }
            let duplicates = copies.values.reduce(0) { $0 + $1 - 1 }
            check.expect(copies.count == total, "every digest message arrived: \(copies.count) of \(total)")
            check.expect(Set(organizers).isSubset(of: recipients), "every organizer got theirs")
            // The outage is a fault too: a message the SMTP server took just
            // before it went down, whose "250" never came back, is sent again.
            check.expect(kills == 2 && duplicates <= kills + 1, "\(duplicates) duplicates after \(kills) kills and an outage: at most one per fault")
            check.expect(try digestRows().allSatisfy { $0.state == "sent" }, "all marked sent")
            let again = try TestSupport.campaign(["digest", "send", Self.seattle] + smtp, database: database)
            check.expect(again.output.contains("nothing new"), "the window was recorded once: \(again.output)")
        }
    }
}
