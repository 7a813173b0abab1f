import Foundation
import Synchronization
import Testing
@testable import Campaign
@testable import CampaignWeb

/// The route table, without sockets: what it matches, what a path allows,
/// HEAD for every GET route, and failures answered and logged at the edge.
@Suite struct RouterTests {
    @Test(arguments: [
        ("/c/:slug/sign", "/c/seattle/sign", ["slug": "seattle"]), ("/c/:slug/sign", "//c//seattle//sign/", ["slug": "seattle"]),
        ("/", "", [:]), ("/", "/", [:]), ("/static/:file", "/static/campaign.css", ["file": "campaign.css"]),
        ("/c/:slug", "/c/café", ["slug": "café"]),
    ])
    func templatesMatchSegmentBySegmentAndCaptureParameters(template: String, path: String, parameters: [String: String]) throws {
        let values = try #require(PathTemplate(template).match(path))
        #expect(Dictionary(uniqueKeysWithValues: values.map { ($0.name, $0.value) }) == parameters)
    }

    @Test(arguments: [("/c/:slug/sign", "/c/seattle"), ("/c/:slug", "/c/seattle/sign"), ("/api/v1/campaigns", "/api/v2/campaigns"), ("/", "/x")])
    func templatesRefuseOtherPaths(template: String, path: String) {
        #expect(PathTemplate(template).match(path) == nil)
    }

    @Test(arguments: [("PUT", "/c/x/sign", "POST"), ("GET", "/c/x/sign", "POST"), ("POST", "/c/x", "GET, HEAD"), ("DELETE", "/unsubscribe", "GET, HEAD, POST"),
                      ("POST", "/healthz", "GET, HEAD"), ("POST", "/admin/campaigns/x/export", "GET, HEAD")])
    func aPathOfAnotherMethodSaysExactlyWhatItAllows(method: String, path: String, allowed: String) {
        guard case .methodNotAllowed(let methods) = Router.site.decide(method: method, path: path) else {
            Issue.record("\(method) \(path) was not refused")
            return
        }
        #expect(methods.joined(separator: ", ") == allowed)
    }

    @Test func aHiddenRouteIsNotFoundForOtherMethods() {
        guard case .notFound = Router.site.decide(method: "POST", path: "/metrics") else {
            Issue.record("POST /metrics showed that the path exists")
            return
        }
    }

    @Test func everyRouteHasOneLabelAndUnknownPathsShareOne() {
        #expect(Router.site.labels == ["/", "/healthz", "/metrics", "/static/:file", "/api/v1/campaigns", "/api/v1/campaigns/:slug",
                                       "/api/v1/localities/:zip", "/admin/campaigns/:slug/export", "/api/osdi/v1", "/api/osdi/v1/people",
                                       "/api/osdi/v1/people/:id", "/api/osdi/v1/petitions", "/api/osdi/v1/petitions/:slug",
                                       "/api/osdi/v1/petitions/:slug/signatures", "/api/osdi/v1/petitions/:slug/signatures/:id",
                                       "/api/osdi/v1/advocacy_campaigns", "/api/osdi/v1/advocacy_campaigns/:slug",
                                       "/api/osdi/v1/advocacy_campaigns/:slug/outreaches", "/api/osdi/v1/advocacy_campaigns/:slug/outreaches/:id",
                                       "/unsubscribe", "/c/:slug", "/c/:slug/sign", "/c/:slug/call", "/c/:slug/locate",
                                       "/c/:slug/thanks", "/c/:slug/confirm", "/c/:slug/reasons", "/c/:slug/embed", "/c/:slug/embed/sign",
                                       "/c/:slug/embed/thanks", "other"])
        #expect(Router.site.label(target: "/wp-login.php") == "other")
        #expect(Router.site.label(target: "/unsubscribe?token=x") == "/unsubscribe")
    }

    // MARK: - The app, in process

    /// An app on a seeded database; `templates` is an organizer's own folder searched first.
    static func app(templates: String? = nil, log: @escaping @Sendable (String) -> Void = { _ in }) throws -> App {
        var configuration = Configuration()
        configuration.templates = TestSupport.repository.appendingPathComponent("templates").path
        configuration.customTemplates = templates
        configuration.baseURL = "https://act.example.org"
        let pool = try TestSupport.seededDatabase()
        let counts = try SignatureCounts(pool: pool)
        let resources = try SiteResources.load(configuration)
        let context = try SiteContext(configuration: configuration, pool: pool, counts: counts, writer: SignatureWriter(pool: pool, counts: counts),
                                      resources: resources, log: log)
        return App(context: context)
    }

    static func answer(_ app: App, _ method: String, _ target: String) async -> Response {
        switch app.handle(Request(method: method, target: target, headers: [:], clientAddress: "127.0.0.1")) {
        case .now(let response): return response
        case .later(let start): return await withCheckedContinuation { continuation in start { continuation.resume(returning: $0) } }
        }
    }

    @Test func headIsAnsweredForEveryGetRouteAsGetWithoutTheBody() async throws {
        let app = try Self.app()
        let slug = "dc-protect-residents-from-ice"
        let targets = ["/", "/healthz", "/metrics", "/static/campaign.css", "/api/v1/campaigns", "/api/v1/campaigns/\(slug)", "/api/v1/localities/98104",
                       "/admin/campaigns/\(slug)/export?all=1", "/unsubscribe?token=unknown", "/c/\(slug)", "/c/\(slug)/thanks",
                       "/c/\(slug)/confirm?token=aaaaaaaaaaaaaaaaaaaa", "/c/\(slug)/reasons", "/c/\(slug)/embed", "/c/\(slug)/embed/thanks"]
            + ["", "/people", "/people/x", "/petitions", "/petitions/\(slug)", "/petitions/\(slug)/signatures", "/petitions/\(slug)/signatures/1",
               "/advocacy_campaigns", "/advocacy_campaigns/x", "/advocacy_campaigns/x/outreaches", "/advocacy_campaigns/x/outreaches/1"].map { "/api/osdi/v1" + $0 }
        let getRoutes = Set(Router.site.routes.filter { $0.method == "GET" }.map(\.template.text))
        #expect(Set(targets.map { Router.site.label(target: $0) }) == getRoutes, "every GET route is tried")
        for target in targets {
            let get = await Self.answer(app, "GET", target)
            let head = await Self.answer(app, "HEAD", target)
            #expect(head.status == get.status, "\(target)")
            #expect(head.header("Content-Type") == get.header("Content-Type"), "\(target)")
            #expect(head.body.isEmpty && head.file == nil, "\(target)")
            #expect(get.status == 401 || get.status == 404 || !get.body.isEmpty, "\(target) has a body to leave out")
        }
    }

    @Test func aMethodARouteDoesNotTakeGets405WithAllow() async throws {
        let app = try Self.app()
        let response = await Self.answer(app, "PUT", "/c/dc-protect-residents-from-ice/sign")
        #expect(response.status == 405)
        #expect(response.header("Allow") == "POST")
        #expect(response.header("Content-Security-Policy") != nil, "answered through the same edge as every response")
    }

    @Test func aPageThatFailsToRenderIsA500AndIsLoggedWithItsRouteButNoQuery() async throws {
        let folder = TestSupport.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/pages", withIntermediateDirectories: true)
        try "<p>{{> no-such-partial}}</p>".write(toFile: folder + "/pages/campaign.html", atomically: true, encoding: .utf8)
        let lines = Mutex<[String]>([])
        let app = try Self.app(templates: folder) { line in lines.withLock { $0.append(line) } }
        let response = await Self.answer(app, "GET", "/c/dc-protect-residents-from-ice?zip=20001&name=Ana+Secret")
        #expect(response.status == 500)
        let logged = lines.withLock { $0 }
        #expect(logged.count == 1)
        #expect(logged.first?.hasPrefix("GET /c/:slug: page pages/campaign could not be rendered: ") == true, "\(logged)")
        #expect(logged.first?.contains("no-such-partial") == true)
        #expect(logged.allSatisfy { !$0.contains("Secret") && !$0.contains("20001") })
    }

    @Test func anUnknownCampaignAndAnUnknownAPIPathAreNotFoundInTheirOwnForm() async throws {
        let app = try Self.app()
        let page = await Self.answer(app, "GET", "/c/no-such-campaign")
        #expect(page.status == 404 && page.header("Content-Type")?.hasPrefix("text/html") == true)
        let api = await Self.answer(app, "GET", "/api/v1/campaigns/no-such-campaign")
        #expect(api.status == 404 && String(decoding: api.body, as: UTF8.self) == "{\"error\": \"not found\"}\n")
        let other = await Self.answer(app, "GET", "/api/v2/x")
        #expect(other.status == 404 && other.header("Content-Type")?.hasPrefix("application/json") == true)
    }
}
