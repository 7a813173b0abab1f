@testable import CampaignWeb
@testable import Campaign
import Testing

/// The cache of campaign pages: a page rendered once with holes for the
/// visitor's token and the petition's count is given to every visitor with
/// their own token and the count of the moment, until the page's version changes.
@Suite struct PageCacheTests {
    static let version = PageCache.Version(campaignVersion: 1, status: .live, reasonsStamp: 0, resources: 1)
    static let page = "<p class=\"count\">\u{1}count\u{1}</p><progress value=\"\u{1}percent\u{1}\" aria-label=\"\u{1}goal\u{1}\">"
        + "<input name=\"csrf\" value=\"\u{1}csrf\u{1}\"><p>\u{1}unknown\u{1} \u{1}</p>"

    @Test func fillsEachHoleForEveryView() {
        let cache = PageCache()
        let first = cache.store(Array(Self.page.utf8), campaignID: 7, locale: "en", version: Self.version,
                                fills: [.csrf: "tok-a", .count: "2 signatures", .percent: "1", .goal: "2 of 200 signatures"])
        #expect(String(decoding: first, as: UTF8.self) == "<p class=\"count\">2 signatures</p><progress value=\"1\" aria-label=\"2 of 200 signatures\">"
            + "<input name=\"csrf\" value=\"tok-a\"><p>\u{1}unknown\u{1} \u{1}</p>", "a control character that names no hole stays as it was")

        // A new signature changes the count, not the cached page: the next view gets the new count without a render.
        let later = cache.page(campaignID: 7, locale: "en", version: Self.version, fills: [.csrf: "tok-b", .count: "3 signatures", .percent: "1", .goal: "3 of 200 signatures"])
        #expect(later.map { String(decoding: $0, as: UTF8.self) } == "<p class=\"count\">3 signatures</p><progress value=\"1\" aria-label=\"3 of 200 signatures\">"
            + "<input name=\"csrf\" value=\"tok-b\"><p>\u{1}unknown\u{1} \u{1}</p>")
    }

    @Test func aChangedVersionOrAnotherLanguageIsRenderedAnew() {
        let cache = PageCache()
        _ = cache.store(Array(Self.page.utf8), campaignID: 7, locale: "en", version: Self.version, fills: [:])
        var edited = Self.version
        edited.reasonsStamp = 5
        #expect(cache.page(campaignID: 7, locale: "en", version: edited, fills: [:]) == nil, "a new public reason")
        edited = Self.version
        edited.resources = 2
        #expect(cache.page(campaignID: 7, locale: "en", version: edited, fills: [:]) == nil, "templates read again")
        #expect(cache.page(campaignID: 7, locale: "es", version: Self.version, fills: [:]) == nil)
        #expect(cache.page(campaignID: 8, locale: "en", version: Self.version, fills: [:]) == nil)
        #expect(cache.page(campaignID: 7, locale: "en", version: Self.version, fills: [:]).map { String(decoding: $0, as: UTF8.self) }
            == "<p class=\"count\"></p><progress value=\"\" aria-label=\"\"><input name=\"csrf\" value=\"\"><p>\u{1}unknown\u{1} \u{1}</p>",
            "a hole without a fill is left empty")
    }

    @Test func theCountsTextsAreMadeOncePerCount() {
        let cache = PageCache()
        let made = Counter()
        func fills(_ signatures: Int, _ version: PageCache.Version = Self.version) -> [PageCache.Slot: String] {
            cache.countFills(campaignID: 7, locale: "en", version: version, signatures: signatures) {
                made.add()
                return [.count: "\(signatures) signatures"]
            }
        }
        #expect(fills(2) == [.count: "2 signatures"])
        #expect(fills(2) == [.count: "2 signatures"])
        #expect(made.value == 1, "the second view of the same count reuses its texts")
        #expect(fills(3) == [.count: "3 signatures"])
        var edited = Self.version
        edited.campaignVersion = 2
        #expect(fills(3, edited) == [.count: "3 signatures"])
        #expect(made.value == 3, "a new count, and a new version of the campaign (its goal may have changed), make them again")
    }
}

/// Counts calls from a closure the cache may call.
private final class Counter {
    private(set) var value = 0
    func add() { value += 1 }

    /// Views of a campaign page, and of its embed, after the first are served
    /// from the cache, with no render.
    @Test func theCampaignPageAndItsEmbedAreRenderedOnceForManyViews() async throws {
        let pool = try TestSupport.seededDatabase()
        var configuration = Configuration()
        configuration.templates = TestSupport.templatesFolder
        let counts = try SignatureCounts(pool: pool)
        let context = try SiteContext(configuration: configuration, pool: pool, counts: counts, writer: SignatureWriter(pool: pool, counts: counts),
                                      resources: try SiteResources.load(configuration), log: { _ in })
        let app = App(context: context)
        for path in ["/c/\(DeliveryEndToEndTests.dc)?lang=es", "/c/\(DeliveryEndToEndTests.dc)/embed?lang=es"] {
            for _ in 1...3 { #expect(await RouterTests.answer(app, "GET", path).status == 200, "\(path)") }
        }
        #expect(context.pageCache.renders == 1, "the campaign page")
        #expect(context.embedPageCache.renders == 1, "the embed")
    }
}
