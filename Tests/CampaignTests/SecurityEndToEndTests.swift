@testable import Campaign
import CampaignWeb
import Foundation
import Glibc
import Testing

/// Hostile input against `campaign-server` over a real socket, each test
/// with a server of its own: rate limits per IPv6 network, supporters'
/// bidi controls on pages and in exports, posts from other sites, session
/// ids and form tokens, control characters in the request log, the
/// security headers on the binding's own answers, and unsubscribe tokens
/// stored only as hashes.
@Suite struct SecurityEndToEndTests {
    static let seattle = E2E.seattle
    static let dc = E2E.dc

    /// Signs the Seattle note (no confirmation in `E2E.noConfirmData`) from `address`.
    static func signSeattle(_ client: HTTPTestClient, token: String, name: String = "Ana Prueba", email: String = E2E.uniqueEmail("security"),
                            reason: String = "", address: String? = nil) throws -> HTTPResponse {
        try client.post("/c/\(seattle)/sign", form: E2E.signature(token: token, name: name, email: email, zip: "98104", reason: reason,
                                                                   consent: reason.isEmpty ? [] : ["public"]),
                        headers: address.map { [("X-Forwarded-For", $0)] } ?? [])
    }

    static func suspect(_ server: ServerProcess, _ email: String) throws -> Int {
        try E2E.integer(server, "SELECT suspect FROM signatures WHERE canonical_email = ?", [CanonicalEmail.of(email)])
    }

    // MARK: - Rate limits

    /// Behind `--trust-proxy`, the addresses of one IPv6 /64 are one client,
    /// and an IPv4 address is the same client written as IPv6.
    @Test func addressesOfOneIPv6NetworkShareOneLimit() async throws {
        let data = try E2E.noConfirmData.get()
        try await onThread { check in
            let server = try ServerProcess.start(["--sign-limit", "2", "--trust-proxy"], data: data)
            defer { server.kill() }
            let client = server.client()
            let token = try E2E.openForm(client, Self.seattle, "en", check)
            var flags: [Int] = []
            for host in 1...6 {
                let email = E2E.uniqueEmail("v6")
                let answer = try Self.signSeattle(client, token: token, email: email, address: "2001:db8:1:2::\(host)")
                check.expect(answer.status == 303, "2001:db8:1:2::\(host): \(answer.summary)")
                flags.append(try Self.suspect(server, email))
            }
            check.expect(flags == [0, 0, 1, 1, 1, 1], "six addresses of one /64: suspect flags \(flags)")
            let other = E2E.uniqueEmail("v6")
            _ = try Self.signSeattle(client, token: token, email: other, address: "2001:db8:1:3::1")
            check.expect(try Self.suspect(server, other) == 0, "another /64 is another client")

            flags = []
            for address in ["::ffff:198.51.100.9", "198.51.100.9", "::ffff:c633:6409"] {
                let email = E2E.uniqueEmail("v4")
                _ = try Self.signSeattle(client, token: token, email: email, address: address)
                flags.append(try Self.suspect(server, email))
            }
            check.expect(flags == [0, 0, 1], "one IPv4 address, written three ways: suspect flags \(flags)")
        }
    }

    // MARK: - Bidirectional text

    /// A right-to-left override in a name or a reason stops at its own
    /// text: the reasons page isolates them and carries no override, the
    /// packet isolates the name and the e-mail, the CSV has none; and a
    /// name of nothing visible is refused beside its field.
    @Test func supporterTextIsIsolatedOnPagesAndPacketsAndBidiControlsLeaveExports() async throws {
        let data = try E2E.noConfirmData.get()
        try await onThread { check in
            let server = try ServerProcess.start([], data: data)
            defer { server.kill() }
            let client = server.client()
            let token = try E2E.openForm(client, Self.seattle, "en", check)
            let email = E2E.uniqueEmail("eve")
            let signed = try Self.signSeattle(client, token: token, name: "Eve\u{202E}evil Smith", email: email, reason: "Because\u{202E} it is right")
            try check.require(signed.status == 303, "signing: \(signed.summary)")

            // The first page of reasons is cached for two seconds from the form's page.
            usleep(2_200_000)
            let reasons = try client.get("/c/\(Self.seattle)/reasons?lang=en")
            check.expect(reasons.status == 200, "reasons: \(reasons.summary)")
            check.expect(!reasons.text.contains("\u{202E}"), "the reasons page carries the override")
            check.expect(reasons.text.contains("<bdi>Eveevil</bdi>, Seattle"), "the name is not isolated from its locality")
            check.expect(reasons.text.contains("<p dir=\"auto\">Because it is right</p>"), "the reason is not isolated")

            func export(_ format: String) throws -> String {
                let file = TestSupport.temporaryFolder() + "/export." + format
                let run = TestSupport.campaignInProcess(["export", Self.seattle, "--all", "--format", format, "--out", file], database: server.databasePath)
                check.expect(run.status == 0, "export \(format): \(run.errors)")
                return try String(contentsOfFile: file, encoding: .utf8)
            }
            let packet = try export("html")
            check.expect(packet.contains("<bdi>Eveevil Smith</bdi><span class=\"note\"><bdi>\(email)</bdi></span>"),
                         "the packet does not isolate the name and the e-mail")
            check.expect(packet.contains("<td class=\"reason\" dir=\"auto\">Because it is right</td>"), "the packet does not isolate the reason")
            check.expect(!packet.contains("\u{202E}"), "the packet carries the override")
            let csv = try export("csv")
            check.expect(csv.contains("Eveevil Smith,\(email),") && csv.contains("Because it is right"), "the CSV row: \(csv)")
            check.expect(!csv.contains("\u{202E}"), "the CSV carries the override")
            let digest = TestSupport.campaignInProcess(["digest", "preview", Self.seattle], database: server.databasePath)
            check.expect(digest.status == 0 && digest.output.contains("Eveevil"), "digest preview: \(digest.errors) \(digest.output)")
            check.expect(!digest.output.contains("\u{202E}"), "the text digest carries the override")

            for (name, refused) in [("\u{200B}", true), ("\u{200B}\u{200D}\u{2060}", true), ("\u{3164}", true), ("\u{202E}\u{FE0F}\u{0301}", true),
                                    ("李小龙", false), ("Zoë\u{200B}", false)] {
                let email = E2E.uniqueEmail("invisible")
                let answer = try Self.signSeattle(client, token: token, name: name, email: email)
                if refused {
                    check.expect(answer.status == 422, "\(name.unicodeScalars.map { String($0.value, radix: 16) }): \(answer.summary)")
                    check.expect(answer.text.contains(E2E.html("error.name.invisible", "en")), "no field error for an invisible name")
                    check.expect(E2E.inputTag("sign-email", in: answer.text)?.contains("value=\"\(email)\"") == true, "the e-mail was not kept")
                    check.expect(try E2E.signatureRows(server, email: email) == 0, "an invisible name was stored")
                } else {
                    check.expect(answer.status == 303, "\(name): \(answer.summary)")
                }
            }
        }
    }

    // MARK: - Posts from other sites, sessions and tokens

    /// A post whose `Origin` is another site's, or that the browser calls
    /// cross-site, is refused with the form kept, whatever its token; one
    /// from our own origin, or with neither header, is taken.
    @Test func postsFromAnotherSiteAreRefusedWithTheFormKept() async throws {
        try await onThread { check in
            let server = try ServerProcess.start([])
            defer { server.kill() }
            let client = server.client()
            let token = try E2E.openForm(client, Self.dc, "es", check)
            let refusals: [[(String, String)]] = [
                [("Origin", "https://evil.example")], [("Origin", "null")], [("Sec-Fetch-Site", "cross-site")],
                [("Sec-Fetch-Site", "same-site"), ("Origin", "http://evil.127.0.0.1.nip.io:\(server.port)")],
                [("Origin", "http://127.0.0.1:\(server.port)"), ("Sec-Fetch-Site", "cross-site")],
            ]
            for headers in refusals {
                let email = E2E.uniqueEmail("crosssite")
                let answer = try client.post("/c/\(Self.dc)/sign", form: E2E.signature(token: token, name: "Zoë Ortega", email: email, zip: "20002",
                                                                                       reason: "Porque sí", consent: ["updates"], language: "es"),
                                             headers: headers)
                let label = "\(headers)"
                E2E.checkPage(answer, status: 403, language: "es", contains: [E2E.html("error.cross_site", "es")], label, check)
                check.expect(E2E.inputTag("sign-name", in: answer.text)?.contains("value=\"Zoë Ortega\"") == true, "\(label): the name was not kept")
                check.expect(E2E.inputTag("sign-email", in: answer.text)?.contains("value=\"\(email)\"") == true, "\(label): the e-mail was not kept")
                check.expect(E2E.textarea(in: answer.text) == "Porque sí", "\(label): the reason was not kept")
                check.expect(try E2E.signatureRows(server, email: email) == 0, "\(label): stored")
            }
            let call = try client.get("/c/\(E2E.tacoma)?zip=98405&lang=en")
            let callToken = try check.unwrap(E2E.csrf(in: call.text), "no token on the call page")
            let report = try client.post("/c/\(E2E.tacoma)/call", form: [("csrf", callToken), ("target", "wa-jay-inslee"), ("outcome", "reached")],
                                         headers: [("Origin", "https://evil.example")])
            E2E.checkPage(report, status: 403, language: "en", contains: [E2E.html("error.cross_site", "en")], "a call report from another site", check)

            for headers in [[("Origin", "http://127.0.0.1:\(server.port)"), ("Sec-Fetch-Site", "same-origin")], [("Sec-Fetch-Site", "none")], []] {
                let email = E2E.uniqueEmail("sameorigin")
                let answer = try client.post("/c/\(Self.dc)/sign", form: E2E.signature(token: token, email: email, zip: "20002"), headers: headers)
                check.expect(answer.status == 303, "\(headers): \(answer.summary)")
                check.expect(try E2E.signatureRows(server, email: email) == 1, "\(headers): not stored")
            }
        }
    }

    /// The server issues every session id: one a client chose is replaced,
    /// and the token made for the new one does not work with the chosen
    /// one. A token works for its own campaign and for a limited time.
    @Test func sessionIdsComeFromTheServerAndTokensAreBoundToACampaignAndATime() async throws {
        try await onThread { check in
            let server = try ServerProcess.start([])
            defer { server.kill() }
            let chosen = "attackerchosensession1"
            let planted = server.client()
            planted.setCookie("sid", chosen)
            let page = try planted.get("/c/\(Self.dc)?lang=en")
            let issued = try check.unwrap(planted.cookie("sid"), "no session cookie")
            check.expect(issued != chosen && page.setCookies.contains { $0.hasPrefix("sid=\(issued);") }, "the chosen id was kept: \(page.setCookies)")
            let token = try check.unwrap(E2E.csrf(in: page.text), "no token")
            planted.setCookie("sid", chosen)
            let email = E2E.uniqueEmail("fixation")
            let fixed = try planted.post("/c/\(Self.dc)/sign", form: E2E.signature(token: token, email: email, zip: "20002"))
            check.expect(fixed.status == 403, "a post with the chosen id: \(fixed.summary)")
            check.expect(try E2E.signatureRows(server, email: email) == 0, "stored with the chosen id")

            let client = server.client()
            let seattleToken = try E2E.openForm(client, Self.seattle, "en", check)
            _ = try E2E.openForm(client, Self.dc, "en", check)
            let elsewhere = try client.post("/c/\(Self.dc)/sign", form: E2E.signature(token: seattleToken, email: E2E.uniqueEmail("other"), zip: "20002"))
            E2E.checkPage(elsewhere, status: 403, language: "en", contains: [E2E.html("error.csrf", "en")], "another campaign's token", check)

            // Tokens made with the server's own secret: one 13 hours old is refused, one made now is taken.
            let secret = try check.unwrap(try server.database().read { try $0.value("SELECT value FROM server_secrets WHERE name = 'csrf'", as: [UInt8].self) },
                                          "no stored secret")
            let csrf = CSRFProtection(secret: secret)
            let session = try check.unwrap(client.cookie("sid"), "no session")
            let stale = csrf.token(session: session, campaign: Self.dc, at: Date().addingTimeInterval(-13 * 3600))
            let staleEmail = E2E.uniqueEmail("stale")
            let expired = try client.post("/c/\(Self.dc)/sign", form: E2E.signature(token: stale, name: "Ana Vieja", email: staleEmail, zip: "20002"))
            E2E.checkPage(expired, status: 403, language: "en", contains: [E2E.html("error.csrf", "en")], "a token 13 hours old", check)
            check.expect(E2E.inputTag("sign-email", in: expired.text)?.contains("value=\"\(staleEmail)\"") == true, "the e-mail was not kept")
            let fresh = csrf.token(session: session, campaign: Self.dc, at: Date())
            check.expect(try client.post("/c/\(Self.dc)/sign", form: E2E.signature(token: fresh, email: staleEmail, zip: "20002")).status == 303,
                         "a token made now")
        }
    }

    // MARK: - The request log

    /// Control characters sent raw in the request line are escaped in the
    /// log: none reaches standard error as it came.
    @Test func theRequestLogEscapesControlCharacters() async throws {
        try await onThread { check in
            let server = try ServerProcess.start([])
            defer { server.kill() }
            let marker = E2E.unique("/esc-")
            for raw in ["\(marker)\u{1B}[31mred\u{1B}[0m", "\(marker)\u{7}bell\u{8}", "\(marker)\rGET /forged 200 1.0ms"] {
                let connection = try HTTPConnection(port: server.port)
                try connection.send(Array("GET \(raw) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
                let answer = try connection.readResponse()
                check.expect(answer.status == 404, "\(raw.debugDescription): \(answer.summary)")
            }
            check.expect(server.waitForLine { $0.hasPrefix("GET \(marker)\\x1B[31mred\\x1B[0m 404 ") } != nil, "no escaped line for the ESC path")
            check.expect(server.waitForLine { $0.hasPrefix("GET \(marker)\\x07bell\\x08 404 ") } != nil, "no escaped line for the BEL path")
            check.expect(server.waitForLine { $0.hasPrefix("GET \(marker)\\x0DGET /forged 200 1.0ms 404 ") } != nil, "no escaped line for the CR path")
            check.expect(!server.log.contains { $0.hasPrefix("GET /forged") }, "a forged line")
            for line in server.log where line.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                check.fail("a raw control character in the log: \(line.debugDescription)")
            }
        }
    }

    // MARK: - The binding's own answers

    /// Requests refused before the app sees them (a body that cannot be
    /// framed safely, a coding that cannot be read) carry the same security
    /// headers as every page.
    @Test func refusalsBeforeTheAppCarryTheSecurityHeaders() async throws {
        try await onThread { check in
            let server = try ServerProcess.start([])
            defer { server.kill() }
            let requests: [(String, Int)] = [
                ("POST /c/\(Self.dc)/sign HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
                ("POST /c/\(Self.dc)/sign HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                ("POST /c/\(Self.dc)/sign HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 999999\r\n\r\n", 413),
            ]
            for (request, status) in requests {
                let connection = try HTTPConnection(port: server.port)
                try connection.send(Array(request.utf8))
                let answer = try connection.readResponse(method: "POST")
                check.expect(answer.status == status, "\(request.debugDescription): \(answer.summary)")
                E2E.checkSecurityHeaders(answer, "\(status)", check)
                check.expect(answer.header("X-Frame-Options") == "DENY" && answer.header("Referrer-Policy") == "same-origin", "\(status): \(answer.summary)")
            }
        }
    }

    // MARK: - Unsubscribe tokens

    /// The database keeps only a hash of a signer's unsubscribe token; the
    /// link in their mail still unsubscribes them.
    @Test func unsubscribeTokensAreStoredOnlyAsHashes() async throws {
        try await onThread { check in
            let server = try ServerProcess.start([])
            defer { server.kill() }
            let client = server.client()
            let token = try E2E.openForm(client, Self.dc, "es", check)
            let email = E2E.uniqueEmail("hashed")
            let signed = try client.post("/c/\(Self.dc)/sign", form: E2E.signature(token: token, email: email, zip: "20002", consent: ["updates"],
                                                                                    language: "es"))
            try check.require(signed.status == 303, "signing: \(signed.summary)")
            try check.require(try E2E.queuedMail(server, to: email) == 1, "no confirmation queued")
            let draft = try check.unwrap(try E2E.rows(server, "SELECT draft FROM outbox WHERE recipient = ?", [email]).first?["draft"] as String?, "no draft")
            let link = try check.unwrap(try MailDraft(json: draft, source: "test").unsubscribeURL, "no unsubscribe link")
            let unsubscribeToken = try check.unwrap(URLComponents(string: link)?.queryItems?.first { $0.name == "token" }?.value, "no token in \(link)")
            let stored = try E2E.rows(server, "SELECT unsubscribe_token, confirmation_mail FROM signatures WHERE canonical_email = ?", [CanonicalEmail.of(email)])
            check.expect(stored.first?["unsubscribe_token"] == SignerToken.storedHash(unsubscribeToken), "not stored as its hash")
            check.expect(stored.first?["confirmation_mail"] as String? == nil, "the link is still kept once its mail is written")
            let rows = try E2E.integer(server, "SELECT COUNT(*) FROM signatures WHERE unsubscribe_token = ? OR (name || email || reason) LIKE '%' || ? || '%'",
                                       [unsubscribeToken, unsubscribeToken])
            check.expect(rows == 0, "the token itself is in the signatures table")

            let done = try server.client().post("/unsubscribe?token=" + unsubscribeToken, form: [])
            E2E.checkPage(done, language: "es", contains: [E2E.html("unsubscribe.done", "es")], "unsubscribing with the mailed link", check)
            check.expect(try E2E.integer(server, "SELECT COUNT(*) FROM signatures WHERE canonical_email = ? AND unsubscribed_at IS NOT NULL",
                                         [CanonicalEmail.of(email)]) == 1, "not unsubscribed")
            let stolen = try server.client().post("/unsubscribe?token=" + SignerToken.storedHash(unsubscribeToken), form: [])
            check.expect(stolen.status == 404, "the stored hash unsubscribes: \(stolen.summary)")
        }
    }
}
