import Campaign
import Foundation
import Synchronization

/// What pages read from the database, kept in memory and refreshed every few
/// seconds, so a page view costs no query: published campaigns, the
/// directory with its lookup, and each campaign's latest public reasons.
public final class SiteData: Sendable {
    /// One public reason for signing: the name its signer chose to show,
    /// and the locality of their ZIP code, only.
    public struct Reason: Sendable, Equatable {
        public let shownName: String
        public let locality: String
        public let text: String
    }

    /// One reading of everything; replaced whole when anything changes.
    final class Snapshot: Sendable {
        /// The database's site generation when this was read.
        let generation: Int
        let campaigns: [String: PublishedCampaign]
        let order: [String]
        let lookup: Lookup
        let resolver: TargetResolver
        let directory: Directory

        init(generation: Int, campaigns: [String: PublishedCampaign], order: [String], lookup: Lookup, resolver: TargetResolver, directory: Directory) {
            self.generation = generation
            self.campaigns = campaigns
            self.order = order
            self.lookup = lookup
            self.resolver = resolver
            self.directory = directory
        }
    }

    private let pool: DatabasePool
    /// What is loaded, and when the generation was last checked.
    private let snapshot: Mutex<(loaded: Snapshot, checkedAt: Date)>
    private let reasonsCache = Mutex<[Int64: (loadedAt: Date, reasons: [Reason], stamp: Int)]>([:])
    private let refreshing = Mutex(false)
    /// How many times everything was read, the first included.
    let loads = Mutex(1)
    /// Seconds between checks whether campaigns or the directory changed.
    private let lifetime: TimeInterval
    /// When "every few seconds" is.
    private let clock: Clock

    /// Loads everything once.
    public init(pool: DatabasePool, lifetime: TimeInterval = 5, clock: Clock = .live) throws {
        self.pool = pool
        self.lifetime = lifetime
        self.clock = clock
        snapshot = Mutex((try Self.load(pool), clock.now()))
    }

    private static func load(_ pool: DatabasePool) throws -> Snapshot {
        let (stamp, rows, directory, districts) = try pool.read { db in
            (try SiteGenerationStore.current(db), try CampaignStore.slugs(db).compactMap { slug -> PublishedCampaign? in
                guard let current = try CampaignStore.current(slug, db), let id = try CampaignStore.id(of: slug, db) else { return nil }
                return PublishedCampaign(id: id, folder: current.folder, status: current.status, version: current.version)
            }, try DirectoryStore.load(db), try DistrictStore.all(db))
        }
        let lookup = try pool.read { db in
            try Lookup(directory: directory, districts: districts, jurisdictionZIPs: DistrictStore.jurisdictionZIPs(db))
        }
        return Snapshot(generation: stamp, campaigns: Dictionary(uniqueKeysWithValues: rows.map { ($0.definition.slug, $0) }),
                        order: rows.map(\.definition.slug), lookup: lookup,
                        resolver: TargetResolver(directory: directory, districts: districts.map(\.district)), directory: directory)
    }

    /// What is loaded; when it is old, a background reading starts and
    /// requests keep using what is loaded until it is done.
    private func current() -> Snapshot {
        let (loaded, checkedAt) = snapshot.withLock { $0 }
        guard clock.now().timeIntervalSince(checkedAt) > lifetime,
              refreshing.withLock({ busy in defer { busy = true }; return !busy }) else { return loaded }
        Thread.detachNewThread { [self] in
            refresh(from: loaded)
            refreshing.withLock { $0 = false }
        }
        return loaded
    }

    /// Reads everything again if the site generation moved since `loaded`
    /// was read; notes the time it looked either way.
    func refresh(from loaded: Snapshot) {
        let unchanged = (try? pool.read(SiteGenerationStore.current)) == loaded.generation
        let fresh = unchanged ? nil : try? Self.load(pool)
        snapshot.withLock { snapshot in
            snapshot = (fresh ?? snapshot.loaded, clock.now())
        }
        if fresh != nil { loads.withLock { $0 += 1 } }
    }

    /// Looks for changes now, on this thread (what a request past the
    /// lifetime starts in the background).
    func refreshNow() { refresh(from: snapshot.withLock { $0.loaded }) }

    /// A published campaign that supporters may see (not a draft).
    public func campaign(_ slug: String) -> PublishedCampaign? {
        guard let campaign = current().campaigns[slug], campaign.status != .draft else { return nil }
        return campaign
    }

    /// The campaigns on the front page: live ones first, then closed ones.
    public func listed() -> [PublishedCampaign] {
        let snapshot = current()
        let all = snapshot.order.compactMap { snapshot.campaigns[$0] }.filter { $0.status != .draft }
        return all.filter { $0.status == .live } + all.filter { $0.status == .closed }
    }

    /// Where a supporter is.
    public var lookup: Lookup { current().lookup }

    /// Turns target rules into targets.
    public var resolver: TargetResolver { current().resolver }

    /// The directory.
    public var directory: Directory { current().directory }

    /// Public reasons, newest first: only signers who opted in, counted
    /// signatures only. The first page is cached for a few seconds.
    public func reasons(of campaignID: Int64, page: Int, perPage: Int = 20) throws -> (reasons: [Reason], hasMore: Bool) {
        if page == 1, let cached = freshReasons(of: campaignID) {
            return (Array(cached.reasons.prefix(perPage)), cached.reasons.count > perPage)
        }
        return try readReasons(of: campaignID, page: page, perPage: perPage)
    }

    /// The newest public reasons and a number that changes when they do,
    /// for caching pages that show them.
    public func latestReasons(of campaignID: Int64, count: Int) throws -> (reasons: [Reason], stamp: Int) {
        if let cached = freshReasons(of: campaignID) {
            return (Array(cached.reasons.prefix(count)), cached.stamp)
        }
        _ = try readReasons(of: campaignID, page: 1, perPage: 20)
        let cached = reasonsCache.withLock { $0[campaignID] }
        return (Array((cached?.reasons ?? []).prefix(count)), cached?.stamp ?? 0)
    }

    /// The stamp `latestReasons` returns, without copying the reasons: what
    /// a cached page checks on every view.
    public func latestReasonsStamp(of campaignID: Int64) throws -> Int {
        try freshReasons(of: campaignID)?.stamp ?? latestReasons(of: campaignID, count: 0).stamp
    }

    /// The first page of reasons as cached, if it was read in the last 2 s.
    private func freshReasons(of campaignID: Int64) -> (reasons: [Reason], stamp: Int)? {
        guard let cached = reasonsCache.withLock({ $0[campaignID] }), clock.now().timeIntervalSince(cached.loadedAt) < 2 else { return nil }
        return (cached.reasons, cached.stamp)
    }

    private func readReasons(of campaignID: Int64, page: Int, perPage: Int) throws -> (reasons: [Reason], hasMore: Bool) {
        let rows = try pool.read { db in try SignatureStore.publicReasons(campaignID: campaignID, limit: perPage + 1, offset: (page - 1) * perPage, db) }
        let lookup = current().lookup
        var localities: [String: String] = [:]
        let reasons = rows.map { row -> Reason in
            let locality = Constituency.locality(zip: row.zip, lookup: lookup, cache: &localities)
            return Reason(shownName: row.publicName, locality: locality, text: row.reason)
        }
        if page == 1 {
            var hasher = Hasher()
            for reason in reasons { hasher.combine(reason.text); hasher.combine(reason.shownName); hasher.combine(reason.locality) }
            let stamp = hasher.finalize()
            reasonsCache.withLock { $0[campaignID] = (clock.now(), reasons, stamp) }
        }
        return (Array(reasons.prefix(perPage)), reasons.count > perPage)
    }
}
