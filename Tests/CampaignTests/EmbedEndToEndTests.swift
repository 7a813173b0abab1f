@testable import Campaign
import CampaignWeb
import Foundation
import Glibc
import Testing

/// The embedded sign form (`/c/SLUG/embed`) over a real socket: framed only
/// by the origins a campaign lists, its cookie made for a third-party frame
/// over HTTPS, errors and thanks inside the frame, the snippet `campaign
/// show` prints; and the Open Graph tags of campaign pages.
@Suite struct EmbedEndToEndTests {
    static let seattle = E2E.seattle
    static let parentOrigin = "https://parent.test:8443"

    /// The demo data with the Seattle note counting at once, framed by
    /// `origins`, and its English title replaced by `title` when given (a TOML string).
    static func data(origins: [String], title: String? = nil) throws -> String {
        let folder = try E2E.dataCopy(editing: seattle, replacing: "confirm_email = true", with: "confirm_email = false")
        let toml = folder + "/campaigns/\(seattle)/campaign.toml"
        var text = try String(contentsOfFile: toml, encoding: .utf8)
        let list = origins.map { "\"\($0)\"" }.joined(separator: ", ")
        text = text.replacingOccurrences(of: "default_locale = \"en\"\n", with: "default_locale = \"en\"\nembed_origins = [\(list)]\n")
        if let title {
            text = text.replacingOccurrences(of: "en = \"Thank Mayor Durkan and Councilmember González for protecting Seattle's immigrants\"",
                                             with: "en = \(title)")
        }
        try text.write(toFile: toml, atomically: false, encoding: .utf8)
        return folder
    }

    static let https = [("X-Forwarded-Proto", "https")]

    /// Listed origins frame the embed and nothing else does: the embed
    /// names them in `frame-ancestors` without X-Frame-Options, a campaign
    /// listing none and every other page refuse framing. Over HTTPS its new
    /// session cookie is `SameSite=None; Secure; Partitioned`; a form with
    /// a mistake comes back in the embed with what was typed, a signature
    /// goes to the thanks inside the frame, and a post from the parent's
    /// page itself is refused.
    @Test func embedIsFramedOnlyByListedOriginsAndSignsInside() async throws {
        let data = try Self.data(origins: [Self.parentOrigin, "https://*.example.org/"])
        try await onThread { check in
            let server = try ServerProcess.start(["--trust-proxy"], data: data)
            defer { server.kill() }
            let client = server.client()
            let embed = try client.get("/c/\(Self.seattle)/embed?lang=es", headers: Self.https)
            try check.require(embed.status == 200, "GET embed: \(embed.summary)")
            check.expect(embed.header("Content-Security-Policy")?.contains("frame-ancestors https://parent.test:8443 https://*.example.org;") == true,
                         "the embed's policy: \(embed.header("Content-Security-Policy") ?? "none")")
            check.expect(embed.headers("Content-Security-Policy").count == 1, "one policy: \(embed.headers("Content-Security-Policy"))")
            check.expect(embed.header("X-Frame-Options") == nil, "the embed forbids framing with X-Frame-Options")
            let session = embed.headers("Set-Cookie").first { $0.hasPrefix("sid=") } ?? ""
            check.expect(session.hasSuffix("; Path=/; Secure; HttpOnly; SameSite=None; Partitioned"), "the embed's session cookie: \(session)")
            check.expect(embed.text.contains("action=\"/c/\(Self.seattle)/embed/sign#result\""), "the form does not post to the embed")
            check.expect(embed.text.contains("<p class=\"count\">0 firmas</p>"), "no count in Spanish")
            check.expect(!embed.text.contains("class=\"masthead\"") && !embed.text.contains("class=\"reasons\""), "the embed has the site's masthead")
            check.expect(embed.text.contains("href=\"/c/\(Self.seattle)?lang=es\" target=\"_blank\" rel=\"noopener\">\(E2E.html("embed.full", "es"))"),
                         "no link to the campaign page opening in a new tab")

            // Over plain HTTP the browser would drop a Secure cookie: the usual one.
            let plain = try server.client().get("/c/\(Self.seattle)/embed")
            check.expect(plain.headers("Set-Cookie").contains { $0.hasPrefix("sid=") && $0.hasSuffix("SameSite=Lax") }, "over HTTP: \(plain.headers("Set-Cookie"))")

            for (path, what) in [("/c/\(E2E.dc)/embed", "a campaign without embed_origins"), ("/c/\(Self.seattle)?lang=es", "the campaign page"),
                                 ("/c/\(Self.seattle)/thanks", "the campaign's thanks")] {
                let page = try client.get(path, headers: Self.https)
                check.expect(page.status == 200, "\(what): \(page.summary)")
                check.expect(page.header("Content-Security-Policy") == SecurityHeaders.contentSecurityPolicy && page.header("X-Frame-Options") == "DENY",
                             "\(what) may be framed: \(page.header("Content-Security-Policy") ?? "no policy")")
            }
            check.expect(try client.get("/c/\(E2E.tacoma)/embed").status == 404, "a call campaign has an embed")

            let token = try check.unwrap(E2E.csrf(in: embed.text), "no token in the embed")
            let email = E2E.uniqueEmail("embed")
            let mistaken = try client.post("/c/\(Self.seattle)/embed/sign", form: E2E.signature(token: token, name: "Ana Marco", email: "ana@", zip: "98104",
                                                                                                 reason: "Por la ciudad", language: "es"),
                                           headers: Self.https + [("Origin", "https://127.0.0.1:\(server.port)")])
            check.expect(mistaken.status == 422, "a mistaken e-mail: \(mistaken.summary)")
            check.expect(mistaken.text.contains("<body class=\"embed\">") && mistaken.text.contains("value=\"Ana Marco\"")
                         && E2E.textarea(in: mistaken.text) == "Por la ciudad", "the mistake does not come back in the embed with what was typed")
            check.expect(mistaken.text.contains(E2E.html("error.email.invalid", "es")), "no error beside the e-mail")
            check.expect(mistaken.header("Content-Security-Policy")?.contains("frame-ancestors https://parent.test:8443") == true,
                         "the answer cannot show in the frame")

            let fromParent = try client.post("/c/\(Self.seattle)/embed/sign", form: E2E.signature(token: token, email: email, zip: "98104", language: "es"),
                                             headers: Self.https + [("Origin", Self.parentOrigin), ("Sec-Fetch-Site", "cross-site")])
            check.expect(fromParent.status == 403, "a post from the parent's own page: \(fromParent.summary)")

            let signed = try client.post("/c/\(Self.seattle)/embed/sign", form: E2E.signature(token: token, name: "Ana Marco", email: email, zip: "98104",
                                                                                              language: "es"),
                                         headers: Self.https + [("Origin", "https://127.0.0.1:\(server.port)"), ("Sec-Fetch-Site", "same-origin")])
            try check.require(signed.status == 303, "signing in the embed: \(signed.summary)")
            check.expect(signed.header("Location") == "/c/\(Self.seattle)/embed/thanks?lang=es", "thanks at \(signed.header("Location") ?? "nowhere")")
            check.expect(try E2E.signatureRows(server, email: email) == 1, "the signature was not stored")
            let thanks = try client.get("/c/\(Self.seattle)/embed/thanks?lang=es", headers: Self.https)
            check.expect(thanks.status == 200 && thanks.text.contains(E2E.html("petition.thanks", "es")), "thanks: \(thanks.summary)")
            check.expect(thanks.header("Content-Security-Policy")?.contains("frame-ancestors https://parent.test:8443") == true,
                         "the thanks cannot show in the frame")
            check.expect(thanks.text.contains("href=\"/c/\(Self.seattle)?lang=es\" target=\"_blank\""), "the thanks has no link out of the frame")

            let show = TestSupport.campaignInProcess(["show", Self.seattle, "--base-url", "https://act.example.org"], database: server.databasePath)
            check.expect(show.status == 0, "show: \(show.errors)")
            check.expect(show.output.contains("Embed: allowed on https://parent.test:8443, https://*.example.org"), "show: \(show.output)")
            check.expect(show.output.contains("<iframe src=\"https://act.example.org/c/\(Self.seattle)/embed?lang=en\" title=\"Thank Mayor Durkan and "
                + "Councilmember González for protecting Seattle&#39;s immigrants\" width=\"100%\" height=\"\(EmbedSnippet.height)\" loading=\"lazy\""),
                         "no snippet: \(show.output)")
            let dc = TestSupport.campaignInProcess(["show", E2E.dc], database: server.databasePath)
            check.expect(dc.output.contains("Embed: none") && !dc.output.contains("<iframe"), "show without embed_origins: \(dc.output)")
        }
    }

    /// Campaign pages tell link previews their title, summary, address and
    /// languages in the page's language, escaped where the title holds
    /// quotes and `<`.
    @Test func campaignPagesCarryOpenGraphTagsPerLanguage() async throws {
        let data = try Self.data(origins: [], title: #""\"Thank\" <Mayor> Durkan & 'Co'""#)
        try await onThread { check in
            let server = try ServerProcess.start(["--base-url", "https://act.example.org"], data: data)
            defer { server.kill() }
            let client = server.client()
            let english = try client.get("/c/\(Self.seattle)?lang=en").text
            let base = "https://act.example.org/c/\(Self.seattle)"
            for tag in [
                "<meta property=\"og:title\" content=\"&quot;Thank&quot; &lt;Mayor&gt; Durkan &amp; &#39;Co&#39;\">",
                "<meta property=\"og:type\" content=\"website\">",
                "<meta property=\"og:url\" content=\"\(base)?lang=en\">",
                "<link rel=\"canonical\" href=\"\(base)?lang=en\">",
                "<meta property=\"og:locale\" content=\"en_US\">",
                "<meta property=\"og:locale:alternate\" content=\"es_ES\">",
                "<meta property=\"og:locale:alternate\" content=\"zh_TW\">",
                "<meta property=\"og:site_name\" content=\"\(E2E.html("site.title", "en"))\">",
                "<meta name=\"twitter:card\" content=\"summary\">",
                "<link rel=\"alternate\" hreflang=\"es\" href=\"\(base)?lang=es\">",
                "<link rel=\"alternate\" hreflang=\"x-default\" href=\"\(base)\">",
            ] {
                check.expect(english.contains(tag), "English page lacks \(tag)")
            }
            check.expect(english.contains("<meta property=\"og:description\" content=\"Thank Mayor Jenny Durkan and Councilmember Lorena González for the directive"),
                         "no English description")
            check.expect(!english.contains("<Mayor>") && !english.contains("\"Thank\""), "the title is not escaped")

            let spanish = try client.get("/c/\(Self.seattle)?lang=es").text
            for tag in [
                "<meta property=\"og:title\" content=\"Dales las gracias a la alcaldesa Durkan y a la concejala González por proteger a los inmigrantes de Seattle\">",
                "<meta property=\"og:description\" content=\"Dales las gracias a la alcaldesa Jenny Durkan",
                "<meta property=\"og:url\" content=\"\(base)?lang=es\">",
                "<link rel=\"canonical\" href=\"\(base)?lang=es\">",
                "<meta property=\"og:locale\" content=\"es_ES\">",
                "<meta property=\"og:locale:alternate\" content=\"en_US\">",
                "<meta property=\"og:site_name\" content=\"\(E2E.html("site.title", "es"))\">",
            ] {
                check.expect(spanish.contains(tag), "Spanish page lacks \(tag)")
            }
            check.expect(!spanish.contains("<meta property=\"og:locale:alternate\" content=\"es_ES\">"), "the page's own language among the alternates")
        }
    }
}

/// Signing inside the embed's frame on another site, in headless Chromium
/// behind nginx configured as docs/deploy.md says (its file, with a
/// self-signed certificate and loopback ports), third-party cookies blocked
/// as they are where browsers phase them out; and the same frame refused on
/// a site the campaign does not list.
@Suite(.enabled(if: EmbedBrowser.isInstalled, "needs chromium, nginx and openssl (script/setup --tests)"))
struct EmbedBrowserTests {
    @Test func signsInsideAFrameOnAnotherSiteOverHTTPS() async throws {
        let browser = try EmbedBrowser()
        let data = try EmbedEndToEndTests.data(origins: [browser.parentOrigin])
        try await onThread { check in
            let server = try ServerProcess.start(["--trust-proxy", "--base-url", browser.campaignOrigin], data: data)
            defer { server.kill() }
            try browser.startNginx(upstreamPort: Int(server.port))
            defer { browser.stopNginx() }
            let email = E2E.uniqueEmail("framed")
            let result = try browser.sign(slug: EmbedEndToEndTests.seattle, locale: "es",
                                          fields: ["name": "Ana Marco", "email": email, "zip": "98104", "consent_updates": true])
            check.expect(result.before.contains("0 firmas") && result.before.contains(E2E.t("petition.sign.button", "es")),
                         "the frame did not show the form: \(result.before)")
            check.expect(result.after.contains(E2E.t("petition.thanks", "es")), "no thanks in the frame: \(result.after)")
            check.expect(result.afterURL.hasPrefix(browser.campaignOrigin + "/c/\(EmbedEndToEndTests.seattle)/embed/thanks?lang=es"),
                         "the frame went to \(result.afterURL)")
            check.expect(result.partitionedBy == "https://parent.test", "the session cookie is not partitioned by the parent: \(result.partitionedBy ?? "none")")
            check.expect(try E2E.integer(server, "SELECT COUNT(*) FROM signatures WHERE canonical_email = ? AND locale = 'es'",
                                         [CanonicalEmail.of(email)]) == 1, "the signature is not in the database")
            check.expect(result.otherURL.hasPrefix("chrome-error:"), "a site not listed showed the embed: \(result.otherURL)")
        }
    }
}
