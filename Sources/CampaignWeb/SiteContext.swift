import Campaign
import Foundation

/// Everything the handlers share, made once when the server starts: the
/// configuration (its base URL final), the database and what is loaded
/// from it, the writer, the site's templates and mail composer (read again
/// when their files change), the security checks and the log.
public final class SiteContext: Sendable {
    public let configuration: Configuration
    let pool: DatabasePool
    let site: SiteData
    let counts: SignatureCounts
    let writer: SignatureWriter
    let csrf: CSRFProtection
    let crossSite: CrossSiteCheck
    let signLimiter: RateLimiter
    let callLimiter: RateLimiter
    /// Street addresses one client may have looked up per window, as many
    /// as signatures: past it the question is asked without the lookup, so
    /// no one can use the site to query the geocoder at will.
    let geocodeLimiter: RateLimiter
    let resources: SiteResources
    /// Writes the mail the site sends, with links to the base URL, from the templates as last read.
    public var composer: MailComposer { resources.composer }
    let pageCache = PageCache()
    /// The same for the embedded sign form (`/c/:slug/embed`).
    let embedPageCache = PageCache()
    let summaryCache = SummaryCache()
    let outboxBacklog: OutboxBacklog
    let clock: Clock
    let tokens: TokenSource
    /// The street-address geocoder, when the site has one.
    let geocoder: (any Geocoder)?
    /// Where geocoding waits, so that a slow geocoder holds no HTTP thread.
    let geocoding = DispatchQueue(label: "geocoding", attributes: .concurrent)
    /// Where failures are told (never what a supporter typed).
    let log: @Sendable (String) -> Void

    /// Loads the site's data; `resources` also write the site's mail, shared with the mail senders.
    public init(configuration: Configuration, pool: DatabasePool, counts: SignatureCounts, writer: SignatureWriter, resources: SiteResources,
                clock: Clock = .live, tokens: TokenSource = .live, log: @escaping @Sendable (String) -> Void = { _ in }) throws {
        self.configuration = configuration
        self.pool = pool
        self.counts = counts
        self.writer = writer
        self.resources = resources
        self.clock = clock
        self.tokens = tokens
        self.log = log
        geocoder = configuration.geocoder.makeGeocoder(clock: clock)
        site = try SiteData(pool: pool, clock: clock)
        outboxBacklog = OutboxBacklog(pool: pool)
        csrf = try CSRFProtection(pool: pool, tokens: tokens)
        crossSite = CrossSiteCheck(baseURL: configuration.baseURL)
        signLimiter = RateLimiter(limit: configuration.signLimit, window: configuration.rateWindow)
        callLimiter = RateLimiter(limit: configuration.callLimit, window: configuration.rateWindow)
        geocodeLimiter = RateLimiter(limit: configuration.signLimit, window: configuration.rateWindow)
    }

    /// Starts reading campaigns and the directory again moments after they
    /// change (a publish or close from the command line shows within a
    /// second), and the counts with them, which an organizer approving
    /// suspect signatures changes too, as do other servers on the same
    /// PostgreSQL database.
    public func watchForChanges() throws {
        try site.watch(reloaded: { [writer] in writer.reloadCounts() }, countsMoved: { [writer] in writer.reloadCounts() })
    }

    /// On a database several servers share (PostgreSQL), counts each
    /// client's signatures, calls and address lookups across all of them.
    public func shareRateLimits() throws {
        guard pool.isPostgreSQL else { return }
        let sharing = try RateLimitSharing(pool: pool, limiters: [("sign", signLimiter), ("call", callLimiter), ("geocode", geocodeLimiter)],
                                           tokens: tokens, clock: clock)
        sharing.start(log: log)
    }

    var localizer: Localizer { resources.localizer }
    var library: TemplateLibrary { resources.library }
    /// The public address share links use ("https://act.example.org").
    var baseURL: String { configuration.baseURL }
    /// The site's languages: those with a catalog.
    var siteLocales: [String] { localizer.locales }
}
