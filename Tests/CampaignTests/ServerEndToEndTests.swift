@testable import Campaign
import CampaignWeb
import Foundation
import Glibc
import Testing

/// `campaign-server` over a real socket: pages in both languages, the JSON
/// API, static files, the call and signing flows with what they store,
/// CSRF, rate limits, oversize and malformed requests, slow and vanishing
/// clients, keep-alive, the request log, and shutdown on SIGTERM/SIGINT
/// (and SIGKILL) without losing an acknowledged signature.
///
/// One server (demo data, `--sign-limit 1000` so that the rate limit stays
/// out of the way) is shared by Pages, Signing and the first two
/// SlowClients tests. Pages and Signing are serialized; the suites run in
/// parallel with each other (the slow clients must not disturb the others,
/// and every check reads only what its own test stored). Tests that need
/// other options, or stop their server, start one of their own (with a copy
/// of the demo data in which the Seattle note needs no e-mail confirmation
/// where counts must move). Blocking socket work runs on threads of its own
/// (`onThread`), never on the cooperative pool.
@Suite(.sharedServer) struct ServerEndToEndTests {}

// MARK: - Shared helpers

enum E2E {
    /// The server the suites share, set by the `.sharedServer` trait.
    @TaskLocal static var shared: ServerProcess?

    static func server() throws -> ServerProcess {
        guard let shared else { throw HTTPTestError.malformed("the shared server is not running (run through ServerEndToEndTests)") }
        return shared
    }

    static let petitions = ["dc-protect-residents-from-ice", "seattle-thank-welcoming-city"]
    static let calls = ["king-county-ice-accountability", "tacoma-support-sanctuary", "thank-your-mayor-amicus"]
    static let slugs = (petitions + calls).sorted()
    static let dc = "dc-protect-residents-from-ice"
    static let seattle = "seattle-thank-welcoming-city"
    static let tacoma = "tacoma-support-sanctuary"

    /// The catalogs' plain strings by language.
    static let catalogs: [String: [String: String]] = {
        var catalogs: [String: [String: String]] = [:]
        for language in ["en", "es"] {
            let url = TestSupport.repository.appendingPathComponent("templates/locales/\(language).json")
            let object = (try? JSONSerialization.jsonObject(with: Data(contentsOf: url))) as? [String: Any] ?? [:]
            catalogs[language] = object.compactMapValues { $0 as? String }
        }
        return catalogs
    }()

    /// A catalog string (a marker when missing, which makes any check fail loudly).
    static func t(_ key: String, _ language: String) -> String {
        catalogs[language]?[key] ?? "<<missing \(language) \(key)>>"
    }

    /// A catalog string as it appears in HTML.
    static func html(_ key: String, _ language: String) -> String { HTMLEscaping.escape(t(key, language)) }

    /// Whether the shipped campaign.toml asks signers to confirm by e-mail.
    static func confirmsEmail(_ slug: String, data: String = TestSupport.dataFolder) -> Bool {
        let text = (try? String(contentsOfFile: data + "/campaigns/\(slug)/campaign.toml", encoding: .utf8)) ?? ""
        return text.contains("confirm_email = true")
    }

    /// A copy of the demo data in which the Seattle note needs no e-mail
    /// confirmation, so that its signatures count at once.
    static let noConfirmData: Result<String, any Error> = Result {
        try dataCopy(editing: seattle, replacing: "confirm_email = true", with: "confirm_email = false")
    }

    /// A copy of the demo data with one line of a campaign's campaign.toml
    /// changed; throws when the file does not hold the line.
    static func dataCopy(editing slug: String, replacing line: String, with replacement: String) throws -> String {
        let folder = TestSupport.temporaryFolder() + "/data"
        try FileManager.default.copyItem(atPath: TestSupport.dataFolder, toPath: folder)
        let toml = folder + "/campaigns/\(slug)/campaign.toml"
        let text = try String(contentsOfFile: toml, encoding: .utf8)
        guard text.contains(line) else { throw HTTPTestError.malformed("no '\(line)' in \(toml)") }
        try text.replacingOccurrences(of: line, with: replacement).write(toFile: toml, atomically: false, encoding: .utf8)
        return folder
    }

    /// A string no other test uses.
    static func unique(_ prefix: String) -> String {
        prefix + String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10)).lowercased()
    }

    static func uniqueEmail(_ prefix: String = "signer") -> String { unique(prefix + ".") + "@example.org" }

    // MARK: Pages

    /// The text between `start` and the next `end`.
    static func between(_ text: String, _ start: String, _ end: String) -> String? {
        guard let from = text.range(of: start), let to = text.range(of: end, range: from.upperBound..<text.endIndex) else { return nil }
        return String(text[from.upperBound..<to.lowerBound])
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// The first CSRF token in a page.
    static func csrf(in page: String) -> String? { between(page, "name=\"csrf\" value=\"", "\"") }

    /// The whole `<input id="…" …>` tag.
    static func inputTag(_ id: String, in page: String) -> String? {
        between(page, "<input id=\"\(id)\"", ">")
    }

    /// What the sign form's textarea holds.
    static func textarea(in page: String) -> String? {
        guard let start = page.range(of: "<textarea id=\"sign-reason\""),
              let close = page.range(of: ">", range: start.upperBound..<page.endIndex),
              let end = page.range(of: "</textarea>", range: close.upperBound..<page.endIndex) else { return nil }
        return String(page[close.upperBound..<end.lowerBound])
    }

    /// Opens a campaign page in `language` and returns its CSRF token (the
    /// client keeps the session and language cookies).
    static func openForm(_ client: HTTPTestClient, _ slug: String, _ language: String, _ check: Checks,
                         sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        let page = try client.get("/c/\(slug)?lang=\(language)")
        try check.require(page.status == 200, "GET /c/\(slug): \(page.summary)", sourceLocation: sourceLocation)
        return try check.unwrap(csrf(in: page.text), "no CSRF token on /c/\(slug)", sourceLocation: sourceLocation)
    }

    /// A sign form's fields.
    /// The sign form's fields; `language` is the hidden field the page's form carries.
    static func signature(token: String?, name: String = "Ana Prueba", email: String, zip: String = "20001", reason: String = "",
                          consent: [String] = [], extra: [(String, String)] = [], language: String? = nil) -> [(String, String)] {
        var fields: [(String, String)] = []
        if let token { fields.append(("csrf", token)) }
        if let language { fields.append(("lang", language)) }
        fields += [("name", name), ("email", email), ("zip", zip), ("reason", reason)]
        fields += consent.map { ("consent_\($0)", "yes") }
        fields.append(("website", ""))
        // Where the ZIP code spans a district seat's districts, the signer
        // answers the district question with "I'm not sure" unless told otherwise.
        if !extra.contains(where: { ["district", "at", "address", "asked_district"].contains($0.0) }) { fields.append(("district", "unsure")) }
        return fields + extra
    }

    // MARK: JSON and database

    static func json(_ response: HTTPResponse) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
    }

    /// `petition.signatures` of a campaign in the API.
    static func apiSignatures(_ client: HTTPTestClient, _ slug: String) throws -> Int? {
        let response = try client.get("/api/v1/campaigns/\(slug)")
        return (json(response)?["petition"] as? [String: Any])?["signatures"] as? Int
    }

    /// `calls[target][outcome]` of a campaign in the API (0 when absent).
    static func apiCalls(_ client: HTTPTestClient, _ slug: String, target: String, outcome: String) throws -> Int {
        let response = try client.get("/api/v1/campaigns/\(slug)")
        return ((json(response)?["calls"] as? [String: Any])?[target] as? [String: Any])?[outcome] as? Int ?? 0
    }

    /// Rows of a query on the server's database.
    static func rows(_ server: ServerProcess, _ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> [Row] {
        try server.database().read { try $0.rows(sql, arguments) }
    }

    static func integer(_ server: ServerProcess, _ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> Int {
        try server.database().read { try $0.value(sql, arguments, as: Int.self) } ?? -1
    }

    /// The confirmation mails queued for `email`, once the server's spooler
    /// has written its waiting confirmations into the outbox (within 5 s).
    static func queuedMail(_ server: ServerProcess, to email: String) throws -> Int {
        let deadline = Date().addingTimeInterval(5)
        while try integer(server, "SELECT COUNT(*) FROM signatures WHERE confirmation_mail IS NOT NULL") > 0 && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        return try integer(server, "SELECT COUNT(*) FROM outbox WHERE recipient = ?", [email])
    }

    static func signatureRows(_ server: ServerProcess, email: String) throws -> Int {
        try integer(server, "SELECT COUNT(*) FROM signatures WHERE canonical_email = ?", [CanonicalEmail.of(email)])
    }

    static func campaignID(_ server: ServerProcess, _ slug: String) throws -> Int64 {
        try server.database().read { try $0.value("SELECT id FROM campaigns WHERE slug = ?", [slug], as: Int64.self) } ?? -1
    }

    /// The stored count of a campaign, and its validated, not suspect rows.
    static func storedCounts(_ server: ServerProcess, _ slug: String) throws -> (count: Int, validated: Int, suspect: Int, rows: Int) {
        let id = try campaignID(server, slug)
        return (try integer(server, "SELECT COALESCE((SELECT count FROM signature_counts WHERE campaign_id = ?), 0)", [id]),
                try integer(server, "SELECT COUNT(*) FROM signatures WHERE campaign_id = ? AND state = 'validated' AND suspect = FALSE", [id]),
                try integer(server, "SELECT COUNT(*) FROM signatures WHERE campaign_id = ? AND suspect = TRUE", [id]),
                try integer(server, "SELECT COUNT(*) FROM signatures WHERE campaign_id = ?", [id]))
    }

    /// Checks what every HTML page has.
    static func checkPage(_ response: HTTPResponse, status: Int = 200, language: String, contains texts: [String], _ what: String,
                          _ check: Checks, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        check.expect(response.status == status, "\(what): status \(response.status), expected \(status)", sourceLocation: sourceLocation)
        check.expect(response.text.contains("<html lang=\"\(language)\" dir=\"ltr\">"), "\(what): no <html lang=\"\(language)\" dir=\"ltr\">", sourceLocation: sourceLocation)
        check.expect(response.header("Content-Type") == "text/html; charset=utf-8", "\(what): Content-Type \(response.header("Content-Type") ?? "none")",
                     sourceLocation: sourceLocation)
        checkSecurityHeaders(response, what, check, sourceLocation: sourceLocation)
        for text in texts {
            check.expect(response.text.contains(text), "\(what): missing '\(text)'", sourceLocation: sourceLocation)
        }
    }

    static func checkSecurityHeaders(_ response: HTTPResponse, _ what: String, _ check: Checks, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        check.expect(response.header("Content-Security-Policy") == SecurityHeaders.contentSecurityPolicy,
                     "\(what): Content-Security-Policy \(response.header("Content-Security-Policy") ?? "missing")", sourceLocation: sourceLocation)
        check.expect(response.header("X-Content-Type-Options") == "nosniff", "\(what): X-Content-Type-Options missing", sourceLocation: sourceLocation)
    }

    /// Signs once and checks the whole path: 303 to thanks, the thanks page,
    /// the row, and the count (which moves only when no confirmation is needed).
    static func signAndVerify(_ server: ServerProcess, _ slug: String, language: String, confirm: Bool, zip: String, _ check: Checks,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let client = server.client()
        let token = try openForm(client, slug, language, check, sourceLocation: sourceLocation)
        let before = try apiSignatures(client, slug)
        let email = uniqueEmail("valid")
        let reason = language == "es" ? "Porque sí, y con \"comillas\" & <marcas>" : "Because it's right & \"fair\""
        let response = try client.post("/c/\(slug)/sign", form: signature(token: token, name: "Ana Prueba", email: email, zip: zip,
                                                                          reason: reason, consent: ["public", "updates"], language: language))
        check.expect(response.status == 303, "\(slug) \(language): sign gave \(response.summary)", sourceLocation: sourceLocation)
        check.expect(response.header("Location") == "/c/\(slug)/thanks?lang=\(language)",
                     "\(slug): Location \(response.header("Location") ?? "none")", sourceLocation: sourceLocation)
        check.expect(response.body.isEmpty, "a 303 has no body", sourceLocation: sourceLocation)
        let thanks = try client.get(response.header("Location") ?? "/")
        checkPage(thanks, language: language, contains: [html("petition.thanks", language)], "\(slug) thanks", check, sourceLocation: sourceLocation)
        check.expect(thanks.text.contains(html("thanks.confirm", language)) == confirm,
                     "\(slug): the thanks page \(confirm ? "does not ask" : "asks") to confirm the e-mail", sourceLocation: sourceLocation)

        let rows = try E2E.rows(server, "SELECT * FROM signatures WHERE canonical_email = ?", [CanonicalEmail.of(email)])
        try check.require(rows.count == 1, "\(slug): \(rows.count) rows for \(email)", sourceLocation: sourceLocation)
        let row = rows[0]
        check.expect(row["state"] as String? == (confirm ? "pending" : "validated"), "state \(row["state"] as String? ?? "nil")", sourceLocation: sourceLocation)
        check.expect(row["suspect"] as Int? == 0, "suspect", sourceLocation: sourceLocation)
        check.expect(row["locale"] as String? == language, "locale \(row["locale"] as String? ?? "nil")", sourceLocation: sourceLocation)
        check.expect(row["name"] as String? == "Ana Prueba" && row["email"] as String? == email, "name/email stored as typed", sourceLocation: sourceLocation)
        check.expect(row["zip"] as String? == String(zip.prefix(5)), "zip stored as \(row["zip"] as String? ?? "nil")", sourceLocation: sourceLocation)
        check.expect(row["reason"] as String? == reason, "reason stored as \(row["reason"] as String? ?? "nil")", sourceLocation: sourceLocation)
        check.expect(row["consent_public"] as Int? == 1 && row["consent_updates"] as Int? == 1 && row["consent_share_email"] as Int? == 0,
                     "consent stored wrongly", sourceLocation: sourceLocation)
        check.expect(((row["confirmation_hash"] as String?) != nil) == confirm, "confirmation hash presence", sourceLocation: sourceLocation)
        let after = try apiSignatures(client, slug)
        check.expect(after == before.map { $0 + (confirm ? 0 : 1) }, "\(slug): API count \(String(describing: before)) → \(String(describing: after))",
                     sourceLocation: sourceLocation)
    }
}

/// Starts the shared server before the suite and stops it after.
struct SharedServerTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let server = try await ServerProcess.serving(E2E.$shared, function)
        _ = try? await onThread { _ in server.stop(timeout: 10) }
    }
}

extension ServerProcess {
    /// Starts a server for a suite (with a signing limit no test reaches by
    /// accident), runs `function` with it bound to `local`, and returns it
    /// for the suite to stop and check; stopped already when `function` throws.
    static func serving(_ local: TaskLocal<ServerProcess?>, _ function: @Sendable () async throws -> Void) async throws -> ServerProcess {
        let server = try await onThread { _ in try ServerProcess.start(["--sign-limit", "1000"]) }
        do {
            try await local.withValue(server) { try await function() }
        } catch {
            _ = try? await onThread { _ in server.stop(timeout: 10) }
            throw error
        }
        return server
    }
}

extension Trait where Self == SharedServerTrait {
    static var sharedServer: Self { Self() }
}

// MARK: - Pages, API, static files, languages, calls

extension ServerEndToEndTests {
    @Suite(.serialized) struct Pages {
        @Test func everyPageInBothLanguages() async throws {
            let server = try E2E.server()
            try await onThread { check in
                let client = server.client()
                let list = E2E.json(try client.get("/api/v1/campaigns"))?["campaigns"] as? [[String: Any]] ?? []
                var titles: [String: [String: String]] = [:]
                for campaign in list { titles[campaign["slug"] as? String ?? ""] = campaign["title"] as? [String: String] }
                for language in ["en", "es"] {
                    let index = try client.get("/?lang=\(language)")
                    E2E.checkPage(index, language: language, contains: [E2E.html("site.title", language)], "/ in \(language)", check)
                    for slug in E2E.slugs {
                        check.expect(index.text.contains("href=\"/c/\(slug)\""), "/ in \(language) does not link \(slug)")
                        let title = HTMLEscaping.escape(titles[slug]?[language] ?? "<<no title>>")
                        let heading = E2E.petitions.contains(slug) ? "petition.heading" : "call.heading"
                        E2E.checkPage(try client.get("/c/\(slug)?lang=\(language)"), language: language,
                                      contains: [E2E.html("page.skip", language), E2E.html(heading, language), "<h1>\(title)</h1>"],
                                      "/c/\(slug) in \(language)", check)
                        // A call campaign has nothing to sign: no reasons, no thanks (SupporterJourneys checks their 404).
                        guard E2E.petitions.contains(slug) else { continue }
                        E2E.checkPage(try client.get("/c/\(slug)/reasons?lang=\(language)"), language: language,
                                      contains: [E2E.html("reasons.heading", language), title], "/c/\(slug)/reasons in \(language)", check)
                        E2E.checkPage(try client.get("/c/\(slug)/thanks?lang=\(language)"), language: language,
                                      contains: [E2E.html("petition.thanks", language), E2E.html("thanks.share", language)],
                                      "/c/\(slug)/thanks in \(language)", check)
                    }
                }
            }
        }

        @Test func healthAndJSONAPI() async throws {
            let server = try E2E.server()
            try await onThread { check in
                let client = server.client()
                let health = try client.get("/healthz")
                check.expect(health.status == 200 && health.text == "ok\n", "healthz: \(health.summary)")

                let list = try client.get("/api/v1/campaigns")
                check.expect(list.status == 200, "campaigns: \(list.status)")
                check.expect(list.header("Content-Type") == "application/json; charset=utf-8", "Content-Type \(list.header("Content-Type") ?? "none")")
                E2E.checkSecurityHeaders(list, "/api/v1/campaigns", check)
                let campaigns = try check.unwrap(E2E.json(list)?["campaigns"] as? [[String: Any]], "not JSON: \(list.text.prefix(200))")
                check.expect(campaigns.count == 5, "\(campaigns.count) campaigns")
                check.expect(Set(campaigns.compactMap { $0["slug"] as? String }) == Set(E2E.slugs), "slugs")
                for campaign in campaigns {
                    let slug = campaign["slug"] as? String ?? "?"
                    check.expect(campaign["status"] as? String == "live", "\(slug) status")
                    let locales = slug == E2E.seattle ? ["en", "es", "zh-Hans", "zh-Hant", "vi", "tl", "ko", "ru", "ar", "ht", "pl", "so", "am"]
                        : slug == "king-county-ice-accountability" ? ["en", "es", "zh-Hans", "vi"] : ["en", "es"]
                    check.expect(campaign["locales"] as? [String] == locales, "\(slug) locales")
                    let petition = campaign["petition"] as? [String: Any]
                    check.expect((petition != nil) == E2E.petitions.contains(slug), "\(slug): petition member")
                    if let petition { check.expect((petition["signatures"] as? Int).map { $0 >= 0 } == true, "\(slug): signatures count") }
                    check.expect(campaign["calls"] == nil, "the list carries no call counts")
                }
                for slug in E2E.slugs {
                    let response = try client.get("/api/v1/campaigns/\(slug)")
                    let detail = try check.unwrap(E2E.json(response), "\(slug): not JSON")
                    check.expect(response.status == 200 && detail["slug"] as? String == slug, "\(slug): \(response.status)")
                    check.expect((detail["calls"] as? [String: Any] != nil) == E2E.calls.contains(slug), "\(slug): calls member")
                    check.expect((detail["url"] as? String)?.hasSuffix("/c/\(slug)") == true, "\(slug): url \(detail["url"] ?? "none")")
                }
                let missing = try client.get("/api/v1/campaigns/no-such-campaign")
                check.expect(missing.status == 404 && E2E.json(missing)?["error"] as? String == "not found", "unknown campaign: \(missing.summary)")
                check.expect(try client.get("/api/v2/campaigns").status == 404, "unknown API version")
                for page in ["-5", "0", "abc", "99999999999999999999", "2", "%FF"] {
                    check.expect(try client.get("/c/\(E2E.dc)/reasons?page=\(page)").status == 200, "reasons page \(page)")
                }
                check.expect(try client.get("/api/v1/campaigns/\(E2E.dc)/extra/parts").status == 404, "too deep")
            }
        }

        @Test func staticFilesHaveETagsAndCaching() async throws {
            let server = try E2E.server()
            try await onThread { check in
                let client = server.client()
                let css = try client.get("/static/campaign.css")
                let file = try [UInt8](Data(contentsOf: TestSupport.repository.appendingPathComponent("templates/static/campaign.css")))
                check.expect(css.status == 200 && css.body == file, "campaign.css: \(css.status), \(css.body.count) of \(file.count) bytes")
                check.expect(css.header("Content-Type") == "text/css; charset=utf-8", "Content-Type \(css.header("Content-Type") ?? "none")")
                check.expect(css.header("Cache-Control")?.contains("max-age=") == true, "Cache-Control \(css.header("Cache-Control") ?? "none")")
                E2E.checkSecurityHeaders(css, "campaign.css", check)
                let etag = try check.unwrap(css.header("ETag"), "no ETag")
                check.expect(etag.hasPrefix("\"") && etag.hasSuffix("\"") && etag.count > 2, "ETag \(etag)")

                let again = try client.get("/static/campaign.css", headers: [("If-None-Match", etag)])
                check.expect(again.status == 304 && again.body.isEmpty, "If-None-Match: \(again.summary)")
                check.expect(again.header("ETag") == etag, "304 ETag \(again.header("ETag") ?? "none")")
                let other = try client.get("/static/campaign.css", headers: [("If-None-Match", "\"0000000000000000\"")])
                check.expect(other.status == 200 && other.body == file, "another ETag: \(other.status)")

                let script = try client.get("/static/locate.js")
                check.expect(script.status == 200 && script.header("Content-Type") == "text/javascript; charset=utf-8", "locate.js: \(script.summary)")
                check.expect(try client.get("/static/missing.css").status == 404, "missing file")
            }
        }

        @Test func unknownPagesAndPathTraversalAre404() async throws {
            let server = try E2E.server()
            try await onThread { check in
                let client = server.client()
                E2E.checkPage(try client.get("/c/no-such-campaign"), status: 404, language: "en",
                              contains: [E2E.html("error.not_found.title", "en")], "unknown campaign", check)
                E2E.checkPage(try client.get("/c/no-such-campaign?lang=es"), status: 404, language: "es",
                              contains: [E2E.html("error.not_found", "es")], "unknown campaign in Spanish", check)
                check.expect(try client.get("/nowhere").status == 404, "unknown path")
                check.expect(try client.get("/c/\(E2E.dc)/nowhere").status == 404, "unknown campaign page")
                check.expect(try client.post("/c/no-such-campaign/sign", form: [("name", "x")]).status == 404, "sign an unknown campaign")
                let put = try client.request("PUT", "/c/\(E2E.dc)", body: [])
                check.expect(put.status == 405 && put.header("Allow") != nil, "PUT: \(put.summary)")
                check.expect(try client.request("DELETE", "/c/\(E2E.dc)/sign").status == 405, "DELETE sign")
                check.expect(try client.get("/c/\(E2E.dc)/sign").status == 405, "GET sign")

                let attempts = [
                    "/static/..%2f..%2fPackage.swift", "/static/../Package.swift", "/static/%2e%2e/Package.swift",
                    "/static/%2e%2e%2f%2e%2e%2fPackage.swift", "/static/..%2F..%2F..%2F..%2Fetc%2Fpasswd", "/static/../../../../etc/passwd",
                    "/static/.%2e/Package.swift", "/static/..%5cPackage.swift", "/static/..\\Package.swift", "/static/campaign.css/../../Package.swift",
                    "/static/%2fetc%2fpasswd", "/static/Package.swift", "/static/.gitignore", "/static/..", "/static/%00campaign.css",
                    "/static/campaign.css%00.txt", "/c/../Package.swift", "/../Package.swift", "/static//etc/passwd",
                ]
                let secrets = ["PackageDescription", "swift-tools-version", "root:x:0:0", "gitignore"]
                for target in attempts {
                    let response: HTTPResponse
                    do { response = try client.get(target) } catch {
                        check.fail("\(target): \(error)")
                        continue
                    }
                    check.expect([400, 404].contains(response.status), "\(target): status \(response.status)")
                    for secret in secrets where response.text.contains(secret) { check.fail("\(target) returned file contents (\(secret))") }
                }
                check.expect(try client.get("/healthz").status == 200, "healthy afterwards")
            }
        }

        @Test func languageChoiceIsRememberedAndNegotiated() async throws {
            let server = try E2E.server()
            try await onThread { check in
                let page = "/c/\(E2E.tacoma)"
                // ?lang=es sets a cookie; later requests without ?lang stay Spanish, on every page.
                let chooser = server.client()
                let spanish = try chooser.get(page + "?lang=es")
                E2E.checkPage(spanish, language: "es", contains: [E2E.html("call.heading", "es")], "?lang=es", check)
                let cookie = spanish.setCookies.first { $0.hasPrefix("lang=") }
                check.expect(cookie?.hasPrefix("lang=es;") == true && cookie?.contains("HttpOnly") == true && cookie?.contains("Path=/") == true,
                             "lang cookie: \(cookie ?? "none")")
                check.expect(chooser.cookie("lang") == "es", "the jar holds lang=es")
                E2E.checkPage(try chooser.get(page), language: "es", contains: [E2E.html("call.heading", "es")], "after ?lang=es", check)
                E2E.checkPage(try chooser.get("/"), language: "es", contains: [E2E.html("site.title", "es")], "/ after ?lang=es", check)
                E2E.checkPage(try chooser.get("/c/\(E2E.dc)/thanks"), language: "es", contains: [], "thanks after ?lang=es", check)
                // An unknown language keeps the remembered one.
                let unknownKept = try chooser.get(page + "?lang=xx")
                E2E.checkPage(unknownKept, language: "es", contains: [], "?lang=xx with the cookie", check)
                check.expect(!unknownKept.setCookies.contains { $0.hasPrefix("lang=") }, "?lang=xx set a cookie")
                // Choosing English again switches back.
                E2E.checkPage(try chooser.get(page + "?lang=en"), language: "en", contains: [E2E.html("call.heading", "en")], "?lang=en", check)
                E2E.checkPage(try chooser.get(page), language: "en", contains: [], "after ?lang=en", check)
                // A region tag picks the language.
                E2E.checkPage(try server.client().get(page + "?lang=es-MX"), language: "es", contains: [], "?lang=es-MX", check)

                // Accept-Language decides when nothing was chosen, and sets no cookie.
                let browser = server.client()
                browser.defaultHeaders = [("Accept-Language", "es-MX,es;q=0.9")]
                let negotiated = try browser.get(page)
                E2E.checkPage(negotiated, language: "es", contains: [E2E.html("call.heading", "es")], "Accept-Language es-MX", check)
                check.expect(!negotiated.setCookies.contains { $0.hasPrefix("lang=") }, "Accept-Language set a lang cookie")
                E2E.checkPage(try browser.get("/"), language: "es", contains: [], "/ with Accept-Language es-MX", check)
                E2E.checkPage(try browser.get(page + "?lang=xx"), language: "es", contains: [], "?lang=xx with Accept-Language es", check)
                let french = server.client()
                french.defaultHeaders = [("Accept-Language", "fr-FR,fr;q=0.9,es;q=0.5")]
                E2E.checkPage(try french.get(page), language: "es", contains: [], "fr then es", check)

                // An unknown language with nothing else falls back to the default.
                let stranger = server.client()
                let fallback = try stranger.get(page + "?lang=xx")
                E2E.checkPage(fallback, language: "en", contains: [E2E.html("call.heading", "en")], "?lang=xx", check)
                check.expect(!fallback.setCookies.contains { $0.hasPrefix("lang=") }, "?lang=xx set a lang cookie")
                E2E.checkPage(try stranger.get(page + "?lang=%FF%FE"), language: "en", contains: [], "?lang=<invalid UTF-8>", check)
            }
        }

        @Test func callFlowShowsTargetsAndCountsReports() async throws {
            let server = try E2E.server()
            try await onThread { check in
                let client = server.client()
                let slug = E2E.tacoma
                let page = try client.get("/c/\(slug)?lang=es&zip=98405&district=2&name=Ana")
                E2E.checkPage(page, language: "es", contains: [
                    "tel:+13609024110", "tel:+12535947848", "le pido al Gobernador", "a la Alcaldesa", "a su concejal o concejala", "me llamo Ana",
                    E2E.html("call.outcome.legend", "es"),
                ], "call page for 98405 district 2", check)
                check.expect(E2E.count("class=\"target\"", in: page.text) == 3, "\(E2E.count("class=\"target\"", in: page.text)) targets")
                let token = try check.unwrap(E2E.csrf(in: page.text), "no CSRF token on the call page")
                let district = "ocd-division/country:us/state:wa/place:tacoma/office:councilmember/seat:district-2"
                check.expect(!page.text.contains("name=\"target\" value=\"\(district)\""), "an outcome form for the district 2 seat, which has no phone")

                // A ZIP code split between districts offers the choice.
                let choice = try client.get("/c/\(slug)?lang=es&zip=98405")
                E2E.checkPage(choice, language: "es", contains: [E2E.html("lookup.district.legend", "es")], "98405 without a district", check)
                for number in 1...5 {
                    check.expect(choice.text.contains("name=\"district\" value=\"\(number)\""), "no choice of district \(number)")
                }
                check.expect(E2E.count("type=\"radio\" name=\"district\"", in: choice.text) == 5, "not five district choices")
                // A ZIP code that does not exist says so, in Spanish.
                E2E.checkPage(try client.get("/c/\(slug)?lang=es&zip=1234"), language: "es", contains: [E2E.html("error.zip.invalid", "es")],
                              "an invalid ZIP code", check)

                // Reporting a call: 303 back to the page, and the count moves.
                let governorBefore = try E2E.apiCalls(client, slug, target: "wa-jay-inslee", outcome: "reached")
                let seatBefore = try E2E.apiCalls(client, slug, target: district, outcome: "voicemail")
                let report = try client.post("/c/\(slug)/call", form: [
                    ("csrf", token), ("lang", "es"), ("target", "wa-jay-inslee"), ("zip", "98405"), ("district", "2"), ("name", "Ana María"),
                    ("outcome", "reached"),
                ])
                check.expect(report.status == 303, "report: \(report.summary)")
                let location = report.header("Location") ?? ""
                check.expect(location.hasPrefix("/c/\(slug)?lang=es&reported=1") && location.hasSuffix("#calls")
                             && location.contains("zip=98405") && location.contains("district=2"), "Location \(location)")
                check.expect(location.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x21 }, "Location is not plain ASCII: \(location)")
                let back = try client.get(String(location.prefix { $0 != "#" }))
                E2E.checkPage(back, language: "es", contains: [E2E.html("call.reported", "es"), "me llamo Ana María"], "after reporting", check)
                check.expect(try E2E.apiCalls(client, slug, target: "wa-jay-inslee", outcome: "reached") == governorBefore + 1, "governor count")

                let vacant = try client.post("/c/\(slug)/call", form: [("csrf", token), ("target", district), ("outcome", "voicemail")])
                check.expect(vacant.status == 422, "report for the district seat, which has no phone: \(vacant.summary)")
                check.expect(try E2E.apiCalls(client, slug, target: district, outcome: "voicemail") == seatBefore, "district seat count")

                // Refused reports change nothing.
                let reportsBefore = try E2E.integer(server, "SELECT COUNT(*) FROM call_reports")
                let forged = try client.post("/c/\(slug)/call", form: [("target", "wa-jay-inslee"), ("outcome", "reached")])
                E2E.checkPage(forged, status: 403, language: "es", contains: [E2E.html("error.csrf", "es")], "report without a token", check)
                let stranger = try server.client().post("/c/\(slug)/call", form: [("csrf", token), ("target", "wa-jay-inslee"), ("outcome", "reached")])
                check.expect(stranger.status == 403, "report with another session's token: \(stranger.status)")
                check.expect(try client.post("/c/\(slug)/call", form: [("csrf", token), ("target", "nobody"), ("outcome", "reached")]).status == 400,
                             "unknown target")
                check.expect(try client.post("/c/\(slug)/call", form: [("csrf", token), ("target", "wa-jay-inslee"), ("outcome", "maybe")]).status == 400,
                             "unknown outcome")
                check.expect(try client.post("/c/\(E2E.dc)/call", form: [("csrf", token), ("target", "wa-jay-inslee"), ("outcome", "reached")]).status == 404,
                             "calls on a petition")
                check.expect(try E2E.integer(server, "SELECT COUNT(*) FROM call_reports") == reportsBefore, "a refused report was stored")
                check.expect(try E2E.apiCalls(client, slug, target: "wa-jay-inslee", outcome: "reached") == governorBefore + 1, "count moved")
            }
        }

        /// A quote followed by a combining mark is one Character in Swift; it
        /// must still be escaped, or typed text ends the attribute it is in.
        @Test func typedTextCannotBreakOutOfAnAttribute() async throws {
            let server = try E2E.server()
            try await onThread { check in
                let client = server.client()
                let payload = "x\"\u{301} data-injected=\"1"
                let rawQuote: [UInt8] = [0x22, 0xCC, 0x81]
                let page = try client.get("/c/\(E2E.tacoma)?lang=en&name=" + HTTPTestClient.percentEncode(payload))
                check.expect(page.status == 200, "status \(page.status)")
                check.expect(HTTPConnection.find(rawQuote, in: page.body) == nil,
                             "?name= with a quote and a combining mark is reflected unescaped: \(E2E.inputTag("caller-name", in: page.text) ?? "?")")

                let token = try E2E.openForm(client, E2E.dc, "en", check)
                let form = try client.post("/c/\(E2E.dc)/sign", form: E2E.signature(token: token, name: payload, email: "not-an-email",
                                                                                    reason: "</textarea\u{301}><b>bold</b>"))
                check.expect(form.status == 422, "status \(form.status)")
                check.expect(HTTPConnection.find(rawQuote, in: form.body) == nil,
                             "a typed name with a quote and a combining mark comes back unescaped: \(E2E.inputTag("sign-name", in: form.text) ?? "?")")
                check.expect(!form.text.contains("<b>bold</b>"), "the reason's markup came back unescaped")
            }
        }
    }
}

// MARK: - Signing

extension ServerEndToEndTests {
    @Suite(.serialized) struct Signing {
        @Test func validSignaturesAnswer303AndAreStored() async throws {
            let server = try E2E.server()
            try await onThread { check in
                for language in ["en", "es"] {
                    try E2E.signAndVerify(server, E2E.dc, language: language, confirm: E2E.confirmsEmail(E2E.dc), zip: "20001", check)
                    try E2E.signAndVerify(server, E2E.seattle, language: language, confirm: E2E.confirmsEmail(E2E.seattle), zip: "98104-1234", check)
                }
                // The shipped petitions both ask for confirmation: check the premise.
                check.expect(E2E.confirmsEmail(E2E.dc) && E2E.confirmsEmail(E2E.seattle), "the demo petitions no longer confirm e-mails")
            }
        }

        @Test func everyValidationErrorIsShownBesideItsFieldWithTheTypedValuesKept() async throws {
            let server = try E2E.server()
            try await onThread { check in
                struct Case {
                    let label: String
                    var name = "Ana Prueba"
                    var email = E2E.uniqueEmail("invalid")
                    var zip = "20001"
                    var reason = "Una razón"
                    let errors: [String: String]
                }
                let longReason = "I <3 \"this\" & that " + String(repeating: "x", count: 1000)
                let cases = [
                    Case(label: "missing name", name: "", errors: ["name": "error.name.missing"]),
                    Case(label: "blank name", name: "   ", errors: ["name": "error.name.missing"]),
                    Case(label: "missing email", email: "", errors: ["email": "error.email.missing"]),
                    Case(label: "missing zip", zip: "", errors: ["zip": "error.zip.missing"]),
                    Case(label: "all missing", name: "", email: "", zip: "", reason: "",
                         errors: ["name": "error.name.missing", "email": "error.email.missing", "zip": "error.zip.missing"]),
                    Case(label: "bad email", email: "ana@@example", errors: ["email": "error.email.invalid"]),
                    Case(label: "bad email no domain", email: "ana.example.org", errors: ["email": "error.email.invalid"]),
                    Case(label: "bad zip", zip: "981O4", errors: ["zip": "error.zip.invalid"]),
                    Case(label: "short zip", zip: "9810", errors: ["zip": "error.zip.invalid"]),
                    Case(label: "long name", name: String(repeating: "ñ", count: 201), errors: ["name": "error.name.long"]),
                    Case(label: "long reason", reason: longReason, errors: ["reason": "error.reason.long"]),
                    Case(label: "control in name", name: "Ana\u{7}Bell", errors: ["name": "error.name.invalid"]),
                    Case(label: "control in reason", reason: "hola\u{1B}[31m rojo", errors: ["reason": "error.reason.invalid"]),
                    Case(label: "markup kept escaped", name: "Ana \"La Jefa\" <b>O'Neil</b> & Co", email: "<script>@x", reason: "<i>sí</i> & \"no\"",
                         errors: ["email": "error.email.invalid"]),
                ]
                var tried: [String] = []
                for language in ["en", "es"] {
                    let client = server.client()
                    var token = try E2E.openForm(client, E2E.dc, language, check)
                    for item in cases {
                        let what = "\(item.label) (\(language))"
                        tried.append(item.email)
                        let response = try client.post("/c/\(E2E.dc)/sign", form: E2E.signature(
                            token: token, name: item.name, email: item.email, zip: item.zip, reason: item.reason, consent: ["public"]))
                        E2E.checkPage(response, status: 422, language: language, contains: [E2E.html("error.summary", language)], what, check)
                        let page = response.text
                        for field in ["name", "email", "zip", "reason"] {
                            let span = "<span id=\"sign-\(field)-error\" class=\"error\">"
                            if let key = item.errors[field] {
                                check.expect(page.contains(span + E2E.html(key, language) + "</span>"),
                                             "\(what): no '\(E2E.t(key, language))' beside \(field): \(E2E.between(page, span, "</span>") ?? "no error")")
                                if field != "reason" {
                                    check.expect(E2E.inputTag("sign-\(field)", in: page)?.contains("aria-invalid=\"true\"") == true, "\(what): \(field) not marked invalid")
                                }
                                check.expect(page.contains("<a href=\"#sign-\(field)\">\(E2E.html(key, language))</a>"), "\(what): not in the summary")
                            } else {
                                check.expect(!page.contains(span), "\(what): an error beside \(field)")
                            }
                        }
                        // What was typed comes back, escaped, trimmed as it was read.
                        let trim = { (text: String) in text.trimmingCharacters(in: .whitespacesAndNewlines) }
                        for (field, value) in [("name", item.name), ("email", item.email), ("zip", item.zip)] {
                            let tag = E2E.inputTag("sign-\(field)", in: page) ?? ""
                            check.expect(tag.contains("value=\"\(HTMLEscaping.escape(trim(value)))\""), "\(what): \(field) not kept: \(tag.prefix(300))")
                        }
                        check.expect(E2E.textarea(in: page) == HTMLEscaping.escape(trim(item.reason)),
                                     "\(what): reason not kept: \(E2E.textarea(in: page)?.prefix(100) ?? "no textarea")")
                        check.expect(page.contains("name=\"consent_public\" value=\"yes\" checked"), "\(what): consent not kept")
                        check.expect(!page.contains("name=\"consent_updates\" value=\"yes\" checked"), "\(what): consent invented")
                        check.expect(!page.contains("<b>O'Neil</b>") && !page.contains("<i>sí</i>"), "\(what): markup unescaped")
                        // The page comes back with a token for the same session, which the next post sends.
                        check.expect(!response.setCookies.contains { $0.hasPrefix("sid=") }, "\(what): a new session")
                        token = try check.unwrap(E2E.csrf(in: page), "\(what): the page has no token")
                    }
                    // Correcting the form and sending it again works.
                    let fixed = try client.post("/c/\(E2E.dc)/sign", form: E2E.signature(token: token, email: E2E.uniqueEmail("fixed")))
                    check.expect(fixed.status == 303, "the corrected form: \(fixed.summary)")
                }
                for email in tried where !email.isEmpty {
                    check.expect(try E2E.signatureRows(server, email: email) == 0, "an invalid signature was stored: \(email)")
                }
            }
        }

        @Test func duplicateSigningCountsOnceAndAnswersTheSame() async throws {
            let server = try E2E.server()
            try await onThread { check in
                let local = E2E.unique("dup")
                let variants = [
                    "Dup.\(local.dropFirst(3))+first@Gmail.com", "\(local)@gmail.com", "D.U.P.\(local.dropFirst(3))+again@googlemail.com",
                    "  \(local.uppercased())@GMAIL.COM ",
                ]
                var first: HTTPResponse?
                for (position, email) in variants.enumerated() {
                    let client = server.client()
                    let token = try E2E.openForm(client, E2E.dc, "en", check)
                    let response = try client.post("/c/\(E2E.dc)/sign", form: E2E.signature(token: token, name: "Dup \(position)", email: email))
                    check.expect(response.status == 303, "\(email): \(response.summary)")
                    if let first {
                        check.expect(response.status == first.status && response.header("Location") == first.header("Location") && response.body == first.body,
                                     "\(email) answered differently: \(response.summary) vs \(first.summary)")
                        let names = { (r: HTTPResponse) in r.headers.map { $0.name.lowercased() }.filter { $0 != "date" }.sorted() }
                        check.expect(names(response) == names(first), "different headers: \(names(response)) vs \(names(first))")
                    } else {
                        first = response
                    }
                }
                let rows = try E2E.rows(server, "SELECT name, email FROM signatures WHERE canonical_email = ?", [CanonicalEmail.of(variants[1])])
                check.expect(rows.count == 1, "\(rows.count) rows for one Gmail address")
                check.expect(rows.first?["email"] as String? == variants[0] && rows.first?["name"] as String? == "Dup 0", "the first signature was replaced")

                // Case folds for every domain, but +tags and dots matter outside Gmail.
                let base = E2E.unique("case")
                for email in ["\(base)@Example.ORG", "\(base.uppercased())@example.org", "\(base)+tag@example.org", "\(base.prefix(4)).\(base.dropFirst(4))@example.org"] {
                    let client = server.client()
                    let token = try E2E.openForm(client, E2E.dc, "en", check)
                    check.expect(try client.post("/c/\(E2E.dc)/sign", form: E2E.signature(token: token, email: email)).status == 303, email)
                }
                let stored = try E2E.integer(server, "SELECT COUNT(*) FROM signatures WHERE canonical_email LIKE ?", ["%" + base.dropFirst(4) + "%"])
                check.expect(stored == 3, "\(stored) rows for three people at example.org")
            }
        }

        @Test func csrfFailuresAnswer403KeepTheFormAndStoreNothing() async throws {
            let server = try E2E.server()
            try await onThread { check in
                let slug = E2E.dc
                let alice = server.client(), bob = server.client()
                let aliceToken = try E2E.openForm(alice, slug, "es", check)
                let bobToken = try E2E.openForm(bob, slug, "en", check)
                check.expect(aliceToken != bobToken, "two sessions share a token")
                var emails: [String] = []

                func attempt(_ label: String, _ client: HTTPTestClient, token: String?, language: String) throws -> HTTPResponse {
                    let email = E2E.uniqueEmail("csrf")
                    emails.append(email)
                    let response = try client.post("/c/\(slug)/sign", form: E2E.signature(token: token, name: "Zoë \"Z\" O'Hara", email: email,
                                                                                          zip: "20002", reason: "Porque <sí>", consent: ["updates"]))
                    E2E.checkPage(response, status: 403, language: language, contains: [E2E.html("error.csrf", language)], label, check)
                    let page = response.text
                    check.expect(E2E.inputTag("sign-name", in: page)?.contains("value=\"Zoë &quot;Z&quot; O&#39;Hara\"") == true, "\(label): name not kept")
                    check.expect(E2E.inputTag("sign-email", in: page)?.contains("value=\"\(email)\"") == true, "\(label): email not kept")
                    check.expect(E2E.inputTag("sign-zip", in: page)?.contains("value=\"20002\"") == true, "\(label): zip not kept")
                    check.expect(E2E.textarea(in: page) == "Porque &lt;sí&gt;", "\(label): reason not kept")
                    check.expect(page.contains("name=\"consent_updates\" value=\"yes\" checked"), "\(label): consent not kept")
                    return response
                }

                // No session cookie at all: the page comes back with a new session and token.
                let cookieless = server.client()
                let noCookie = try attempt("missing cookie", cookieless, token: aliceToken, language: "en")
                check.expect(cookieless.cookie("sid") != nil, "no new session after a missing cookie")
                let freshToken = E2E.csrf(in: noCookie.text)
                _ = try attempt("missing token", alice, token: nil, language: "es")
                _ = try attempt("empty token", alice, token: "", language: "es")
                _ = try attempt("forged token", alice, token: Base64URL.encode(SecureRandom.bytes(32)), language: "es")
                var altered = Array(aliceToken)
                altered[0] = altered[0] == "A" ? "B" : "A"
                _ = try attempt("altered token", alice, token: String(altered), language: "es")
                _ = try attempt("another session's token", alice, token: bobToken, language: "es")
                _ = try attempt("not base64", alice, token: "%%%<>", language: "es")
                let stolen = server.client()
                stolen.setCookie("sid", "short")
                _ = try attempt("too short a session", stolen, token: aliceToken, language: "en")

                for email in emails {
                    check.expect(try E2E.signatureRows(server, email: email) == 0, "a signature with a bad token was stored: \(email)")
                }
                // The page the 403 gave works.
                let retry = try cookieless.post("/c/\(slug)/sign", form: E2E.signature(token: freshToken, email: emails[0]))
                check.expect(retry.status == 303, "sending again with the new token: \(retry.summary)")
                check.expect(try E2E.signatureRows(server, email: emails[0]) == 1, "the retried signature was not stored")
            }
        }

        @Test func honeypotAnswersAsIfSignedButStoresNothing() async throws {
            let server = try E2E.server()
            try await onThread { check in
                let client = server.client()
                let token = try E2E.openForm(client, E2E.dc, "en", check)
                let real = try client.post("/c/\(E2E.dc)/sign", form: E2E.signature(token: token, email: E2E.uniqueEmail("human")))
                let email = E2E.uniqueEmail("bot")
                var fields = E2E.signature(token: token, email: email)
                fields.removeAll { $0.0 == "website" }
                fields.append(("website", "http://spam.example"))
                let bot = try client.post("/c/\(E2E.dc)/sign", form: fields)
                check.expect(bot.status == 303 && bot.header("Location") == real.header("Location"), "honeypot: \(bot.summary) vs \(real.summary)")
                check.expect(try E2E.signatureRows(server, email: email) == 0, "the bot's signature was stored")
            }
        }

        @Test func oversizeBodiesAre413AndCloseTheConnection() async throws {
            let server = try E2E.server()
            try await onThread { check in
                let client = server.client(keepAlive: true)
                for length in [16 * 1024 + 1, 1_000_000] {
                    let connection = try HTTPConnection(port: server.port)
                    try connection.send(client.requestBytes("POST", "/c/\(E2E.dc)/sign", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                            contentLength: length))
                    let response = try connection.readResponse(method: "POST")
                    check.expect(response.status == 413, "Content-Length \(length): \(response.summary)")
                    check.expect(connection.waitForClose(seconds: 3), "Content-Length \(length): the connection stayed open")
                }
                // Chunked, and longer than the limit once put together.
                let connection = try HTTPConnection(port: server.port)
                try connection.send(client.requestBytes("POST", "/c/\(E2E.dc)/sign", headers: [
                    ("Content-Type", "application/x-www-form-urlencoded"), ("Transfer-Encoding", "chunked"),
                ]))
                let chunk = "a=" + String(repeating: "b", count: 3998)
                for _ in 0..<5 { try connection.send(String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n") }
                try connection.send("0\r\n\r\n")
                let chunked = try connection.readResponse(method: "POST")
                check.expect(chunked.status == 413, "chunked 20000 bytes: \(chunked.summary)")
                check.expect(connection.waitForClose(seconds: 3), "chunked: the connection stayed open")

                // Exactly the limit is read (and refused for its missing token, not its size).
                var body = "name=x"
                var pad = 0
                while body.utf8.count < 16 * 1024 {
                    pad += 1
                    let room = 16 * 1024 - body.utf8.count - "&p\(pad)=".utf8.count
                    body += "&p\(pad)=" + String(repeating: "z", count: max(0, min(4000, room)))
                }
                check.expect(body.utf8.count == 16 * 1024, "padding is \(body.utf8.count) bytes")
                let limit = try server.client().post("/c/\(E2E.dc)/sign", body: Array(body.utf8))
                check.expect(limit.status == 403, "a 16 KiB body: \(limit.status)")
                // Headers beyond what a connection may hold.
                let big = try server.client().get("/healthz", headers: [("X-Big", String(repeating: "a", count: 70_000))])
                check.expect(big.status == 431, "a 70 KB header: \(big.status)")
                check.expect(try server.client().get("/healthz").status == 200, "healthy afterwards")
            }
        }

        @Test func wrongContentTypeIs415AndMalformedFormsAre400() async throws {
            let server = try E2E.server()
            try await onThread { check in
                let client = server.client()
                let token = try E2E.openForm(client, E2E.dc, "es", check)
                var refused: [String] = []
                for type in ["text/plain", "multipart/form-data; boundary=x", "application/json", nil] {
                    let email = E2E.uniqueEmail("type")
                    refused.append(email)
                    let response = try client.post("/c/\(E2E.dc)/sign", form: E2E.signature(token: token, email: email), contentType: type)
                    check.expect(response.status == 415, "Content-Type \(type ?? "none"): \(response.status)")
                }
                let mixedCase = try client.post("/c/\(E2E.dc)/sign", form: E2E.signature(token: token, email: E2E.uniqueEmail("type")),
                                                contentType: "Application/X-WWW-Form-Urlencoded; charset=UTF-8")
                check.expect(mixedCase.status == 303, "a form type in mixed case with a charset: \(mixedCase.status)")

                let prefix = "csrf=\(token)&zip=20001&"
                let bodies: [(String, [UInt8])] = [
                    ("invalid UTF-8 escape", Array((prefix + "name=%FF%FE&email=").utf8)),
                    ("truncated UTF-8", Array((prefix + "name=Ana%E2%82&email=").utf8)),
                    ("malformed escape", Array((prefix + "name=%ZZ&email=").utf8)),
                    ("escape at the end", Array((prefix + "email=a@b.org&name=Ana%").utf8)),
                    ("one hex digit", Array((prefix + "name=Ana%4&email=").utf8)),
                    ("NUL", Array((prefix + "name=A%00na&email=").utf8)),
                    ("raw invalid byte", Array((prefix + "name=").utf8) + [0xFF, 0x41] + Array("&email=".utf8)),
                    ("bad name escape", Array((prefix + "na%GGme=x&email=").utf8)),
                ]
                for (label, raw) in bodies {
                    let email = E2E.uniqueEmail("malformed")
                    refused.append(email)
                    let response = try client.post("/c/\(E2E.dc)/sign", body: raw + Array(email.utf8))
                    E2E.checkPage(response, status: 400, language: "es", contains: [E2E.html("error.form", "es")], label, check)
                }
                for email in refused {
                    check.expect(try E2E.signatureRows(server, email: email) == 0, "a refused form was stored: \(email)")
                }
            }
        }

        @Test func keepAliveCarriesSeveralRequests() async throws {
            let server = try E2E.server()
            try await onThread { check in
                let client = server.client(keepAlive: true)
                check.expect(try client.get("/healthz").status == 200, "healthz")
                let head = try client.head("/c/\(E2E.dc)?lang=en")
                check.expect(head.status == 200 && head.body.isEmpty, "HEAD: \(head.summary)")
                check.expect(E2E.json(try client.get("/api/v1/campaigns")) != nil, "API")
                check.expect(try client.get("/static/campaign.css").status == 200, "static")
                let token = try E2E.openForm(client, E2E.dc, "en", check)
                check.expect(try client.post("/c/\(E2E.dc)/sign", form: E2E.signature(token: token, email: "bad")).status == 422, "422")
                // A signature suspends the connection until the writer commits.
                let signed = try client.post("/c/\(E2E.dc)/sign", form: E2E.signature(token: token, email: E2E.uniqueEmail("keepalive")))
                check.expect(signed.status == 303, "sign: \(signed.summary)")
                check.expect(try client.get(signed.header("Location") ?? "/").status == 200, "thanks")
                check.expect(try client.get("/c/no-such-campaign").status == 404, "404")
                check.expect(try client.post("/c/\(E2E.dc)/sign", form: [("a", "b")], contentType: "text/plain").status == 415, "415")
                check.expect(try client.get("/healthz").status == 200, "healthz again")
                check.expect(client.connectionsOpened == 1, "\(client.connectionsOpened) connections for 11 requests")

                // Two requests in one write: two answers, in order.
                let connection = try HTTPConnection(port: server.port)
                let pipelined = HTTPTestClient(port: server.port, keepAlive: true)
                try connection.send(pipelined.requestBytes("GET", "/healthz") + pipelined.requestBytes("GET", "/api/v1/campaigns/\(E2E.dc)"))
                let one = try connection.readResponse(), two = try connection.readResponse()
                check.expect(one.status == 200 && one.text == "ok\n", "first pipelined: \(one.summary)")
                check.expect(two.status == 200 && E2E.json(two)?["slug"] as? String == E2E.dc, "second pipelined: \(two.summary)")
            }
        }

        @Test func requestLogHasOneLinePerRequestWithoutPersonalData() async throws {
            let server = try E2E.server()
            try await onThread { check in
                let client = server.client()
                let secret = E2E.unique("Secret")
                let page = try client.get("/c/king-county-ice-accountability?zip=98104&name=\(secret)")
                check.expect(page.status == 200 && page.text.contains(secret), "the page did not use the name")
                let missing = E2E.unique("/c/no-such-")
                for _ in 0..<3 { _ = try client.get("\(missing)?zip=98104&name=\(secret)") }
                let email = "\(secret.lowercased())@example.org"
                _ = try client.post("/c/\(E2E.dc)/sign", form: E2E.signature(token: nil, name: secret, email: email, zip: "98104"))
                let forged = "/c/x%0AGET%20/forged%20200%201.0ms"
                _ = try client.get(forged)
                // A "?" that a combining mark follows is still where the query starts.
                let combining = E2E.unique("/c/café-")
                _ = try client.get("\(combining)?\u{301}name=\(secret)&zip=98104")

                check.expect(server.waitForLine { $0.hasPrefix("GET /c/king-county-ice-accountability 200 ") } != nil, "no line for the page")
                check.expect(server.waitForLine { $0.hasPrefix("POST /c/\(E2E.dc)/sign 403 ") } != nil, "no line for the refused signature")
                check.expect(server.waitForLine { $0.hasPrefix("GET /c/x%0AGET%20/forged%20200%201.0ms 404 ") } != nil, "no line for the forged path")
                check.expect(server.waitForLine { $0.hasPrefix("GET \(combining) 404 ") } != nil, "no line for the path with a combining mark after '?'")
                let lines = server.waitForLines(count: 3) { $0.contains(missing) }
                usleep(500_000)
                let log = server.log
                check.expect(lines.count == 3 && log.filter { $0.contains(missing) }.count == 3, "\(log.filter { $0.contains(missing) }.count) lines for three requests")
                for line in log where line.lowercased().contains(secret.lowercased()) || line.contains("98104") {
                    check.fail("personal data in the log: \(line)")
                }
                check.expect(!log.contains { $0.hasPrefix("GET /forged") }, "a forged log line")
                // Every request line: method, path, status, duration.
                for line in log where !line.hasPrefix("campaign-server: ") {
                    let parts = line.split(separator: " ", omittingEmptySubsequences: false)
                    let wellFormed = parts.count == 4 && (parts[0] == "-" || parts[0].allSatisfy(\.isUppercase)) && parts[1].hasPrefix("/")
                        && !parts[1].contains("?") && (parts[2] == "-" || (parts[2].count == 3 && Int(parts[2]) != nil))
                        && parts[3].hasSuffix("ms") && Double(parts[3].dropLast(2)).map { $0 >= 0 } == true
                    check.expect(wellFormed, "log line '\(line)'")
                }
            }
        }
    }
}

// MARK: - Slow and vanishing clients

extension ServerEndToEndTests {
    @Suite struct SlowClients {
        /// Requests made meanwhile by a well-behaved client: statuses and seconds.
        static func pollMeanwhile(_ port: UInt16, until done: Locked<Bool>) -> [(status: Int, seconds: Double)] {
            var results: [(status: Int, seconds: Double)] = []
            let client = HTTPTestClient(port: port)
            while !done.withLock({ $0 }) {
                let started = Date()
                let status = (try? client.get(results.count.isMultiple(of: 2) ? "/healthz" : "/c/\(E2E.tacoma)?zip=98405&district=2"))?.status ?? -1
                results.append((status, Date().timeIntervalSince(started)))
                usleep(300_000)
            }
            return results
        }

        @Test func headerDripIsCutOffWhileOthersAreServed() async throws {
            let server = try E2E.server()
            try await onThread { check in
                let done = Locked(false)
                let drip = Locked<(elapsed: Double, closed: Bool, received: [UInt8])?>(nil)
                let others = Locked<[(status: Int, seconds: Double)]>([])
                concurrently([
                    {
                        defer { done.withLock { $0 = true } }
                        let started = Date()
                        guard let connection = try? HTTPConnection(port: server.port) else { return }
                        let request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + String(repeating: "a", count: 60)
                        drip.withLock { $0 = connection.drip(Array(request.utf8), interval: 0.5, since: started) }
                    },
                    { others.withLock { $0 = Self.pollMeanwhile(server.port, until: done) } },
                ])
                let result = try check.unwrap(drip.withLock { $0 }, "could not connect")
                check.expect(result.closed, "a client dripping header bytes was never cut off (\(result.elapsed) s)")
                check.expect(result.elapsed >= 9.5 && result.elapsed <= 13, "cut after \(result.elapsed) s, expected about 10 s")
                let received = String(decoding: result.received, as: UTF8.self)
                check.expect(result.received.isEmpty || received.hasPrefix("HTTP/1.1 4"), "the dripping client got \(received.prefix(100))")
                let meanwhile = others.withLock { $0 }
                check.expect(meanwhile.count >= 15, "only \(meanwhile.count) requests meanwhile")
                check.expect(meanwhile.allSatisfy { $0.status == 200 }, "failures meanwhile: \(meanwhile.map(\.status))")
                check.expect((meanwhile.map(\.seconds).max() ?? 0) < 4, "slow answers meanwhile: \(meanwhile.map(\.seconds).max() ?? 0) s")
            }
        }

        @Test func bodyShorterThanItsLengthIsCutOffByTheBodyDeadline() async throws {
            let server = try E2E.server()
            try await onThread { check in
                let done = Locked(false)
                let short = Locked<(Double, Bool, [UInt8])?>(nil), slow = Locked<(Double, Bool, [UInt8])?>(nil)
                let others = Locked<[(status: Int, seconds: Double)]>([])
                let head = HTTPTestClient(port: server.port, keepAlive: true)
                    .requestBytes("POST", "/c/\(E2E.dc)/sign", headers: [("Content-Type", "application/x-www-form-urlencoded")], contentLength: 200)
                concurrently([
                    {
                        // Sends 16 of 200 bytes and then nothing.
                        let started = Date()
                        guard let connection = try? HTTPConnection(port: server.port), (try? connection.send(head + Array("name=Slow&email=".utf8))) != nil
                        else { return }
                        let closed = connection.waitForClose(seconds: 30)
                        short.withLock { $0 = (Date().timeIntervalSince(started), closed, connection.unread) }
                    },
                    {
                        // Sends all 200 bytes, one every 500 ms (100 s in all).
                        let started = Date()
                        guard let connection = try? HTTPConnection(port: server.port), (try? connection.send(head)) != nil else { return }
                        let result = connection.drip(Array(String(repeating: "a", count: 200).utf8), interval: 0.5, since: started)
                        slow.withLock { $0 = result }
                        done.withLock { $0 = true }
                    },
                    { others.withLock { $0 = Self.pollMeanwhile(server.port, until: done) } },
                ])
                for (label, value) in [("a body shorter than its Content-Length", short.withLock { $0 }), ("a dripped body", slow.withLock { $0 })] {
                    let (elapsed, closed, received) = try check.unwrap(value, "\(label): could not connect")
                    check.expect(closed, "\(label) was never cut off")
                    check.expect(elapsed >= 19 && elapsed <= 23.5, "\(label) was cut after \(elapsed) s, expected about 20 s")
                    let text = String(decoding: received, as: UTF8.self)
                    check.expect(received.isEmpty || text.hasPrefix("HTTP/1.1 4"), "\(label) got \(text.prefix(100))")
                }
                let meanwhile = others.withLock { $0 }
                check.expect(meanwhile.count >= 20 && meanwhile.allSatisfy { $0.status == 200 }, "requests meanwhile: \(meanwhile.map(\.status))")
                check.expect(try E2E.integer(server, "SELECT COUNT(*) FROM signatures WHERE name = 'Slow'") == 0, "a cut body was stored")
            }
        }

        /// On a server of its own, so that shutting it down shows that no
        /// request was left counted as in flight.
        @Test func clientsClosingMidRequestDoNotDisturbTheServer() async throws {
            try await onThread { check in
                let server = try ServerProcess.start()
                defer { server.kill() }
                let client = server.client()
                let token = try E2E.openForm(client, E2E.dc, "en", check)
                let email = E2E.uniqueEmail("vanished")
                let signing = client.requestBytes("POST", "/c/\(E2E.dc)/sign", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                  body: Array(HTTPTestClient.encode(E2E.signature(token: token, email: email)).utf8))
                let posting = client.requestBytes("POST", "/c/\(E2E.dc)/sign", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                  contentLength: 100) + Array("name=Gone".utf8)
                let variants: [(String, [UInt8], Bool)] = [
                    ("connect and close", [], false),
                    ("half a request line", Array("GET /heal".utf8), false),
                    ("half a request line, reset", Array("GET /heal".utf8), true),
                    ("request line without the end of the headers", Array("GET /healthz HTTP/1.1\r\nHost: x\r\n".utf8), false),
                    ("headers without the end, reset", Array("GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: b".utf8), true),
                    ("half a body, reset", posting, true),
                    ("a whole page request, unread", client.requestBytes("GET", "/c/\(E2E.tacoma)?zip=98405"), true),
                    ("a signature, unread", signing, true),
                ]
                for (label, bytes, reset) in variants {
                    let connection = try HTTPConnection(port: server.port)
                    if !bytes.isEmpty { try connection.send(bytes) }
                    if reset { connection.abort() } else { connection.close() }
                    let next = try server.client().get("/healthz")
                    check.expect(next.status == 200, "after \(label): \(next.status)")
                }
                usleep(300_000)
                check.expect(server.isRunning, "the server died: \(server.logText.suffix(2000))")
                check.expect(try server.client().get("/c/\(E2E.dc)?lang=es").status == 200, "a page afterwards")
                check.expect(try E2E.signatureRows(server, email: email) <= 1, "a vanished signature stored twice")
                // Nothing left counted as in flight for good: shutdown completes cleanly (how
                // promptly is clientsClosingMidRequestAreDroppedAtOnce's business).
                let stop = server.stop(signal: SIGTERM, timeout: 30)
                check.expect(stop.exit == .success, "SIGTERM: \(stop.exit): \(server.logText.suffix(3000))")
                check.expect(!server.log.contains { $0.contains("did not finish in time") }, "requests left in flight: \(server.log.suffix(3))")
            }
        }

        /// A client that sends part of a request and closes its end (FIN)
        /// can never finish it. libmicrohttpd does not always notice a FIN
        /// right behind the bytes, so the guarantee is: nothing else is
        /// disturbed, and a graceful shutdown cuts such requests at once
        /// rather than waiting for their deadlines. Tried many times, as it
        /// is a race with the close arriving right behind the bytes.
        @Test func clientsClosingMidRequestNeitherDisturbOthersNorHoldUpShutdown() async throws {
            try await onThread { check in
                let server = try ServerProcess.start()
                defer { server.kill() }
                let tag = E2E.unique("vanish")
                let builder = server.client()
                // (phase, first bytes, bytes sent 20 ms later right before the close)
                let patterns: [(String, (Int) -> [UInt8], [UInt8])] = [
                    ("in the headers", { Array("GET /c/\(tag)-\($0)/page HTTP/1.1\r\nHost: x\r\n".utf8) }, Array("X-A: b".utf8)),
                    ("in the body", {
                        builder.requestBytes("POST", "/c/\(tag)-\($0)/sign", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                             contentLength: 100)
                    }, Array("name=Gone".utf8)),
                ]
                var attempt = 0
                var expected: [(phase: String, path: String)] = []
                for (phase, first, last) in patterns {
                    for _ in 0..<20 {
                        attempt += 1
                        let connection = try HTTPConnection(port: server.port)
                        try connection.send(first(attempt))
                        usleep(20_000)
                        try connection.send(last)
                        connection.close()
                        expected.append((phase, first(attempt).split(separator: UInt8(ascii: " ")).dropFirst().first.map { String(decoding: $0, as: UTF8.self) } ?? "?"))
                        check.expect(try server.client().get("/healthz").status == 200, "after attempt \(attempt)")
                    }
                }
                // Shutting down now cuts every request still being sent.
                let stop = server.stop(signal: SIGTERM, timeout: 30)
                check.expect(stop.exit == .success, "SIGTERM ended with \(stop.exit)")
                check.expect(stop.seconds < 3, "SIGTERM took \(String(format: "%.1f", stop.seconds)) s with half-sent requests open")
                let logged = Set(server.log.filter { $0.contains(tag) }.compactMap { $0.split(separator: " ").dropFirst().first.map(String.init) })
                check.expect(logged.count == expected.count, "\(expected.count - logged.count) half-sent requests were never let go")
            }
        }
    }
}

// MARK: - Servers of their own: rate limits, shutdown, crash

extension ServerEndToEndTests {
    @Suite struct OwnServers {
        /// Signs the Seattle note once from `client`; returns the response.
        static func sign(_ client: HTTPTestClient, token: String, email: String, name: String = "Ana Prueba Lista", reason: String = "",
                         forwardedFor: String? = nil) throws -> HTTPResponse {
            try client.post("/c/\(E2E.seattle)/sign", form: E2E.signature(token: token, name: name, email: email, zip: "98104", reason: reason,
                                                                          consent: reason.isEmpty ? [] : ["public"]),
                            headers: forwardedFor.map { [("X-Forwarded-For", $0)] } ?? [])
        }

        @Test func rateLimitKeepsExtraSignaturesAsSuspectAndSIGINTExitsCleanly() async throws {
            let data = try E2E.noConfirmData.get()
            try await onThread { check in
                let server = try ServerProcess.start(["--sign-limit", "2"], data: data)
                defer { server.kill() }
                let client = server.client()
                let token = try E2E.openForm(client, E2E.seattle, "en", check)
                let emails = (0..<4).map { _ in E2E.uniqueEmail("limited") }
                var answers: [HTTPResponse] = []
                for (position, email) in emails.enumerated() {
                    // X-Forwarded-For is not believed without --trust-proxy.
                    answers.append(try Self.sign(client, token: token, email: email, name: "Persona\(position) Apellidosecreto",
                                                 reason: "Razón pública \(position)", forwardedFor: "198.51.100.\(position + 1)"))
                }
                // Over the limit the thank-you page says the signature waits for the organizers' check.
                for (position, answer) in answers.enumerated() {
                    let location = "/c/\(E2E.seattle)/thanks?lang=en" + (position < 2 ? "" : "&review=1")
                    check.expect(answer.status == 303 && answer.header("Location") == location, "signature \(position): \(answer.summary)")
                }
                var suspect: [Int] = []
                for email in emails {
                    suspect.append(try E2E.integer(server, "SELECT suspect FROM signatures WHERE canonical_email = ?", [CanonicalEmail.of(email)]))
                }
                check.expect(suspect == [0, 0, 1, 1], "suspect flags \(suspect)")
                let stored = try E2E.storedCounts(server, E2E.seattle)
                check.expect(stored.rows == 4 && stored.suspect == 2 && stored.count == 2 && stored.validated == 2, "stored \(stored)")
                check.expect(try E2E.apiSignatures(client, E2E.seattle) == 2, "API count")
                // The page shows the new count at once, in either language.
                check.expect(try client.get("/c/\(E2E.seattle)?lang=en").text.contains("<p class=\"count\">2 signatures</p>"), "English page count")
                check.expect(try client.get("/c/\(E2E.seattle)?lang=es").text.contains("<p class=\"count\">2 firmas</p>"), "Spanish page count")
                // Public reasons show counted signatures only, with first names and no e-mail
                // (after the two seconds the first page of reasons is cached for).
                usleep(2_200_000)
                let reasons = try client.get("/c/\(E2E.seattle)/reasons?lang=en")
                check.expect(reasons.text.contains("Razón pública 0") && reasons.text.contains("Razón pública 1") && reasons.text.contains("Persona0"),
                             "the counted reasons are missing")
                check.expect(!reasons.text.contains("Razón pública 2") && !reasons.text.contains("Razón pública 3"), "a suspect reason is public")
                check.expect(!reasons.text.contains("Apellidosecreto") && !reasons.text.contains("@example.org"), "surnames or e-mails are public")
                check.expect(reasons.text.contains("Seattle"), "the reason's locality is missing")

                let stop = server.stop(signal: SIGINT)
                check.expect(stop.exit == .success, "SIGINT: \(stop.exit): \(server.logText.suffix(3000))")
                check.expect(server.log.contains("campaign-server: stopped"), "no 'stopped' line after SIGINT")
            }
        }

        @Test func trustedProxyAddressesAreLimitedOneByOne() async throws {
            let data = try E2E.noConfirmData.get()
            try await onThread { check in
                let server = try ServerProcess.start(["--sign-limit", "2", "--trust-proxy"], data: data)
                defer { server.kill() }
                let client = server.client()
                let token = try E2E.openForm(client, E2E.seattle, "en", check)
                for position in 0..<4 {
                    let answer = try Self.sign(client, token: token, email: E2E.uniqueEmail("proxied"), forwardedFor: "198.51.100.\(position + 1)")
                    check.expect(answer.status == 303, "proxied \(position): \(answer.summary)")
                }
                check.expect(try E2E.storedCounts(server, E2E.seattle).suspect == 0, "distinct forwarded addresses were limited together")
                // One address behind the proxy is still limited; the last entry is the one the proxy vouches for.
                for position in 0..<3 {
                    let answer = try Self.sign(client, token: token, email: E2E.uniqueEmail("same"), forwardedFor: "10.0.0.\(position), 203.0.113.7")
                    check.expect(answer.status == 303, "same address \(position): \(answer.summary)")
                }
                let stored = try E2E.storedCounts(server, E2E.seattle)
                check.expect(stored.rows == 7 && stored.suspect == 1 && stored.count == 6, "stored \(stored)")
                check.expect(try E2E.apiSignatures(client, E2E.seattle) == 6, "API count")
                let stop = server.stop(signal: SIGTERM)
                check.expect(stop.exit == .success, "SIGTERM: \(stop.exit): \(server.logText.suffix(3000))")
            }
        }

        @Test func sigtermUnderLoadLosesNoAcknowledgedSignature() async throws {
            let data = try E2E.noConfirmData.get()
            try await onThread { check in
                let server = try ServerProcess.start(["--trust-proxy"], data: data)
                defer { server.kill() }
                struct Tally: Sendable {
                    var acknowledged: [String] = []
                    var refused: [String] = []
                    var unexpected: [String] = []
                    var errors = 0
                    /// Answers to requests sent more than a second after SIGTERM.
                    var late = 0
                }
                let tally = Locked(Tally())
                let terminated = Locked<Date?>(nil)
                let clients: [@Sendable () -> Void] = (0..<4).map { number in
                    {
                        let client = HTTPTestClient(port: server.port, keepAlive: true, timeout: 30)
                        guard let page = try? client.get("/c/\(E2E.seattle)?lang=en"), let token = E2E.csrf(in: page.text) else {
                            tally.withLock { $0.unexpected.append("client \(number) could not open the form") }
                            return
                        }
                        let started = Date()
                        var sequence = 0
                        // Signs until the server is gone (at most 25 s: the server's own drain limit is 20 s + 5 s).
                        while Date().timeIntervalSince(started) < 25 {
                            sequence += 1
                            let email = "load\(number).\(sequence)@example.org"
                            let late = terminated.withLock { $0 }.map { Date().timeIntervalSince($0) > 1 } ?? false
                            do {
                                let answer = try Self.sign(client, token: token, email: email,
                                                           forwardedFor: "10.\(number).\(sequence / 250).\(sequence % 250 + 1)")
                                tally.withLock {
                                    if late { $0.late += 1 }
                                    switch answer.status {
                                    case 303: $0.acknowledged.append(email)
                                    case 503: $0.refused.append(email)
                                    default: $0.unexpected.append("\(email): \(answer.status)")
                                    }
                                }
                            } catch {
                                tally.withLock { $0.errors += 1 }
                                client.disconnect()
                                // After the signal, a refused connection means the server is gone.
                                if terminated.withLock({ $0 }) != nil, (try? HTTPConnection(port: server.port, timeout: 2)) == nil { return }
                            }
                        }
                    }
                }
                let exited = Locked<(exit: ServerProcess.Exit?, seconds: Double)>((nil, 0))
                concurrently(clients + [{
                    usleep(1_000_000)
                    let signalled = Date()
                    terminated.withLock { $0 = signalled }
                    server.send(signal: SIGTERM)
                    let exit = server.waitForExit(timeout: 40)
                    exited.withLock { $0 = (exit, Date().timeIntervalSince(signalled)) }
                }])
                let (exit, seconds) = exited.withLock { $0 }
                let result = tally.withLock { $0 }
                let stopped = server.log.first { $0.hasPrefix("campaign-server: stopped") } ?? "no 'stopped' line"
                check.expect(exit == .success, "SIGTERM under load: \(exit.map(\.description) ?? "still running"): \(server.logText.suffix(3000))")
                check.expect(result.acknowledged.count >= 8, "only \(result.acknowledged.count) signatures acknowledged in a second")
                check.expect(result.unexpected.isEmpty, "unexpected answers: \(result.unexpected.prefix(10))")
                // How promptly it drains is sigtermClosesKeptAliveConnectionsAndExitsPromptly's business.
                check.expect(stopped.hasPrefix("campaign-server: stopped"), stopped)
                check.expect(seconds < 30, "SIGTERM took \(seconds) s")
                if result.late > 0 {
                    print("sigtermUnderLoad: exit after \(String(format: "%.1f", seconds)) s; \(result.late) requests sent over a second after SIGTERM were answered (\(result.refused.count) with 503)")
                }

                let stored = try E2E.rows(server, "SELECT email, COUNT(*) AS n FROM signatures GROUP BY email")
                var counts: [String: Int] = [:]
                for row in stored { counts[(row["email"] as String?) ?? ""] = row["n"] as Int? }
                for email in result.acknowledged where counts[email] != 1 {
                    check.fail("acknowledged \(email) is stored \(counts[email] ?? 0) times")
                }
                for email in result.refused where counts[email] != nil {
                    check.fail("\(email) was answered 503 but stored")
                }
                let totals = try E2E.storedCounts(server, E2E.seattle)
                check.expect(totals.count == totals.validated && totals.suspect == 0, "stored count \(totals)")
                check.expect(totals.rows >= result.acknowledged.count, "\(totals.rows) rows for \(result.acknowledged.count) acknowledged")

                // Started again on the same file, the server shows the same count and loads no demo data.
                let again = try ServerProcess.start(["--trust-proxy"], data: data, database: server.databasePath)
                defer { again.kill() }
                check.expect(try E2E.apiSignatures(again.client(), E2E.seattle) == totals.count, "the count after a restart")
                check.expect(!again.log.contains { $0.contains("loaded the demo data") }, "the demo data was loaded again")
                let stop = again.stop(signal: SIGTERM)
                check.expect(stop.exit == .success, "second SIGTERM: \(stop.exit): \(again.logText.suffix(1000))")
            }
        }

        /// A signal that comes the moment the server says it listens, before
        /// its main thread waits for signals, still shuts it down cleanly:
        /// it is neither lost (the server running on) nor fatal.
        @Test func aSignalRightAfterStartingShutsTheServerDown() async throws {
            try await onThread { check in
                let first = try ServerProcess.start()
                defer { first.kill() }
                check.expect(first.stop(signal: SIGTERM).exit == .success, "the first start's SIGTERM")
                for attempt in 0..<10 {
                    let signal = attempt % 2 == 0 ? SIGTERM : SIGINT
                    let server = try ServerProcess.start(database: first.databasePath, signalOnListening: signal)
                    defer { server.kill() }
                    let exit = server.waitForExit(timeout: 10)
                    check.expect(exit == .success, "signal \(signal) at start \(attempt + 1): "
                                 + "\(exit.map(\.description) ?? "still running after 10 s"): \(server.logText.suffix(1000))")
                    check.expect(server.log.contains { $0.hasPrefix("campaign-server: stopped") }, "no 'stopped' line at start \(attempt + 1)")
                }
            }
        }

        /// Draining finishes the requests under way; it does not keep
        /// serving new requests on connections kept alive, or a busy server
        /// would never become idle.
        @Test func sigtermClosesKeptAliveConnectionsAndExitsPromptly() async throws {
            try await onThread { check in
                let server = try ServerProcess.start()
                defer { server.kill() }
                let kept = server.client(keepAlive: true)
                check.expect(try kept.get("/healthz").status == 200, "before SIGTERM")
                // A request under way: headers sent, body not yet complete.
                let underWay = try HTTPConnection(port: server.port)
                try underWay.send(kept.requestBytes("POST", "/c/\(E2E.dc)/sign", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                    contentLength: 100) + Array("name=Half".utf8))
                usleep(300_000)
                server.send(signal: SIGTERM)
                check.expect(server.waitForLine { $0.contains("SIGTERM: finishing requests under way") } != nil, "no SIGTERM line")
                usleep(500_000)
                // The kept-alive connection: closed, or its next answer says it closes.
                var served = 0
                for _ in 0..<3 {
                    guard let answer = try? kept.get("/healthz") else { break }
                    served += 1
                    if answer.closesConnection { break }
                }
                check.expect(served <= 1, "a kept-alive connection was served \(served) requests after SIGTERM without being closed")
                check.expect(kept.connectionsOpened == 1, "the client had to reconnect, so the listening socket is still open")
                // Once the request under way is gone, the server is idle and exits.
                underWay.abort()
                let closedAt = Date()
                let exit = server.waitForExit(timeout: 30)
                let seconds = Date().timeIntervalSince(closedAt)
                check.expect(exit == .success, "SIGTERM: \(exit.map(\.description) ?? "still running")")
                check.expect(seconds < 3, "exit \(seconds) s after the last request under way was gone")
                check.expect(server.log.contains("campaign-server: stopped"), "\(server.log.suffix(2))")
            }
        }

        @Test func sigkillLosesNoAcknowledgedSignature() async throws {
            let data = try E2E.noConfirmData.get()
            try await onThread { check in
                let server = try ServerProcess.start([], data: data)
                defer { server.kill() }
                // Where no confirmation is needed, the count moves at once.
                try E2E.signAndVerify(server, E2E.seattle, language: "es", confirm: false, zip: "98104", check)
                let client = server.client()
                let token = try E2E.openForm(client, E2E.seattle, "en", check)
                let local = E2E.unique("kill")
                let emails = ["\(local).a@example.org", "\(local).b@example.org", "\(local)@gmail.com", "\(local.prefix(4)).\(local.dropFirst(4))+tag@Gmail.com",
                              "\(local.uppercased()).A@EXAMPLE.ORG"]
                for email in emails {
                    check.expect(try Self.sign(client, token: token, email: email).status == 303, email)
                }
                server.kill()
                check.expect(!server.isRunning, "SIGKILL did not stop the server")
                let stored = try E2E.storedCounts(server, E2E.seattle)
                check.expect(stored.rows == 4 && stored.count == 4 && stored.validated == 4, "after SIGKILL: \(stored)")

                let again = try ServerProcess.start([], data: data, database: server.databasePath)
                defer { again.kill() }
                let next = again.client()
                next.setCookie("sid", client.cookie("sid"))
                check.expect(try E2E.apiSignatures(next, E2E.seattle) == 4, "the count after a restart")
                // Forms opened before the crash still work: the CSRF secret is stored.
                check.expect(try Self.sign(next, token: token, email: E2E.uniqueEmail("after")).status == 303, "an old form after the restart")
                check.expect(try E2E.apiSignatures(next, E2E.seattle) == 5, "the count after one more")
                check.expect(again.stop().exit == .success, "SIGTERM after the restart")
            }
        }
    }
}
