@testable import Campaign
import Foundation
import Testing

/// `embed_origins` in campaign.toml: read as `frame-ancestors` sources,
/// each mistake at its place; `campaign check` says embeds need HTTPS.
@Suite struct EmbedOriginsTests {
    @Test func originsAreHTTPSOriginsAlone() {
        let accepted: [(String, String)] = [
            ("https://Example.org", "https://example.org"), ("https://example.org/", "https://example.org"),
            ("https://example.org:443", "https://example.org"), ("https://news.example.org:8443", "https://news.example.org:8443"),
            ("https://*.example.org", "https://*.example.org"), ("https://xn--bcher-kva.example", "https://xn--bcher-kva.example"),
        ]
        for (text, origin) in accepted {
            #expect(EmbedOrigins.origin(text) == .success(origin), "\(text)")
        }
        let refused: [(String, EmbedOrigins.Problem)] = [
            ("http://example.org", .notHTTPS), ("example.org", .notAnOrigin), ("https://example.org/petition", .hasPath),
            ("https://example.org?x=1", .hasPath), ("https://example.org:0", .notAnOrigin), ("https://example.org:99999", .notAnOrigin),
            ("https://*.org", .notAnOrigin), ("https://exa mple.org", .notAnOrigin), ("https://example.org; script-src *", .notAnOrigin),
            ("https://user@example.org", .notAnOrigin), ("https://bücher.example", .notAnOrigin), ("https://", .notAnOrigin),
            ("https://-bad.example.org", .notAnOrigin), ("https://a.*.example.org", .notAnOrigin),
        ]
        for (text, problem) in refused {
            #expect(EmbedOrigins.origin(text) == .failure(problem), "\(text)")
        }
    }

    static func folder(_ line: String, petition: Bool = true) throws -> CampaignFolder {
        let toml = """
            slug = "embedded"
            status = "live"
            \(line)

            [title]
            en = "Embedded"

            \(petition ? "[petition]\nconsent = []" : "[call]")
            """
        var files = [CampaignFolder.metadataFile: toml]
        files[petition ? "petition.en.md" : "script.en.md"] = "Sign."
        return try CampaignFolder(files: files, path: "/embedded")
    }

    @Test func mistakesAreNamedAtTheirPlace() throws {
        #expect(try Self.folder("embed_origins = [\"https://a.example.org\", \"https://A.example.org/\"]").definition.embedOrigins
            == ["https://a.example.org"])
        #expect(try Self.folder("").definition.embedOrigins == [])
        let messages: [String]
        do {
            _ = try Self.folder("embed_origins = [\"http://a.example.org\", 3, \"https://b.example.org/join\"]")
            messages = []
        } catch let errors as InputErrors {
            messages = errors.errors.map(\.description)
        }
        #expect(messages == [
            "/embedded/campaign.toml:3:18: embed_origins: 'http://a.example.org' is not an https:// origin; embeds work only between HTTPS sites "
                + "(the form's cookie inside another site's frame must be Secure), so write https://…",
            "/embedded/campaign.toml:3:42: embed_origins holds origins in quotes, e.g. \"https://example.org\"",
            "/embedded/campaign.toml:3:45: embed_origins: 'https://b.example.org/join' has a path; write the origin alone, scheme and host (and port): "
                + "https://example.org",
        ])
    }

    @Test func checkSaysEmbedsNeedHTTPS() throws {
        let localizer = try Localizer.load(folder: CampaignCheckTests.catalogFolder)
        func embedFindings(_ folder: CampaignFolder) -> [String] {
            CampaignCheck.run(folder, directory: nil, localizer: localizer, catalogFolder: CampaignCheckTests.catalogFolder)
                .filter { $0.message.hasPrefix("embed_origins") }.map(\.description)
        }
        let embedded = try Self.folder("embed_origins = [\"https://a.example.org\"]")
        #expect(embedFindings(embedded) == [
            "/embedded/campaign.toml:3:17: warning: embed_origins: embeds work only over HTTPS, with the server told so (--trust-proxy behind a proxy "
                + "that sends X-Forwarded-Proto, as in docs/deploy.md): inside another site's frame the form's session cookie is "
                + "SameSite=None; Secure; Partitioned, which browsers keep only from an https:// page",
        ])
        #expect(embedFindings(try Self.folder("")) == [])
        #expect(embedFindings(try Self.folder("embed_origins = [\"https://a.example.org\"]", petition: false)).first?.contains("has no [petition]") == true)
    }
}
