import Campaign
import Foundation
import Synchronization

/// What pages read from the database, kept in memory so a page view costs
/// no query: published campaigns, the directory with its lookup, and each
/// campaign's latest public reasons. A thread of its own (`watch`) reads
/// campaigns and the directory again moments after they change, so a
/// campaign published or closed from the command line shows within a second.
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
        /// The directory and the rows the lookup was built from, to tell
        /// whether a new reading needs a new one.
        let places: Places
        /// Each campaign version's jurisdictions with district seats among
        /// its targets, worked out on its first signature or call.
        let districtSeats = Mutex<[Int64: (version: Int, jurisdictions: Set<String>)]>([:])
        /// Each campaign's deliveries and responses, by campaign id, with
        /// the generation they were first read at: cached pages show them.
        let records: [Int64: StampedRecord]

        init(generation: Int, campaigns: [String: PublishedCampaign], order: [String], lookup: Lookup, resolver: TargetResolver, places: Places,
             records: [Int64: StampedRecord] = [:]) {
            self.records = records
            self.generation = generation
            self.campaigns = campaigns
            self.order = order
            self.lookup = lookup
            self.resolver = resolver
            self.places = places
        }
    }

    /// A campaign's record and the site generation it first read so at.
    struct StampedRecord: Sendable {
        let record: CampaignRecord
        let stamp: Int
    }

    /// The directory and district rows, as read: cheap to read and compare,
    /// dear to turn into a lookup (every boundary is parsed). The lookup
    /// holds the same strings.
    struct Places: Sendable, Equatable {
        let directory: Directory
        let districts: [DistrictStore.Entry]
        let jurisdictionZIPs: [JurisdictionZIP]

        struct JurisdictionZIP: Sendable, Equatable {
            let jurisdictionID: String
            let zip: String
        }
    }

    private let pool: DatabasePool
    /// What is loaded.
    private let snapshot: Mutex<Snapshot>
    private let reasonsCache = Mutex<[Int64: (loadedAt: Date, reasons: [Reason], stamp: Int)]>([:])
    /// How many times everything was read, the first included.
    let loads = Mutex(1)
    /// When the cached reasons are old.
    private let clock: Clock
    private let watcher = WakeableThread()

    /// Loads everything once.
    public init(pool: DatabasePool, clock: Clock = .live) throws {
        self.pool = pool
        self.clock = clock
        snapshot = Mutex(try Self.load(pool, reusing: nil))
    }

    /// Reads everything, keeping from `previous` what has not changed: a
    /// campaign version already parsed (a close changes only its status),
    /// and the lookup when the directory and districts read the same. So a
    /// publish or a close is read in milliseconds, not the seconds that
    /// parsing every campaign and boundary again takes.
    private static func load(_ pool: DatabasePool, reusing previous: Snapshot?) throws -> Snapshot {
        let (stamp, rows, read, records) = try pool.read { db in
            (try SiteGenerationStore.current(db), try CampaignStore.heads(db).compactMap { head -> PublishedCampaign? in
                if let known = previous?.campaigns[head.slug], known.id == head.id, known.version == head.version {
                    return known.status == head.status && known.closedAt == head.closedAt ? known
                        : PublishedCampaign(id: head.id, folder: known.folder, status: head.status, version: head.version, closedAt: head.closedAt)
                }
                guard let current = try CampaignStore.current(head.slug, db) else { return nil }
                return PublishedCampaign(id: head.id, folder: current.folder, status: current.status, version: current.version, closedAt: head.closedAt)
            }, Places(directory: try DirectoryStore.load(db), districts: try DistrictStore.all(db),
                      jurisdictionZIPs: try DistrictStore.jurisdictionZIPs(db).map { Places.JurisdictionZIP(jurisdictionID: $0.jurisdictionID, zip: $0.zip) }),
             try DeliveryStore.records(db))
        }
        // A record read the same as before keeps its stamp, so its pages stay cached.
        let stamped = records.reduce(into: [Int64: StampedRecord]()) { stamped, entry in
            let known = previous?.records[entry.key]
            stamped[entry.key] = known?.record == entry.value ? known : StampedRecord(record: entry.value, stamp: stamp)
        }
        let lookup: Lookup, resolver: TargetResolver, places: Places
        if let previous, previous.places == read {
            // The rows kept are those the lookup shares its strings with (boundaries can be megabytes).
            (lookup, resolver, places) = (previous.lookup, previous.resolver, previous.places)
        } else {
            places = read
            lookup = try Lookup(directory: places.directory, districts: places.districts,
                                jurisdictionZIPs: places.jurisdictionZIPs.map { ($0.jurisdictionID, $0.zip) })
            resolver = TargetResolver(directory: places.directory, districts: places.districts.map(\.district))
        }
        return Snapshot(generation: stamp, campaigns: Dictionary(uniqueKeysWithValues: rows.map { ($0.definition.slug, $0) }),
                        order: rows.map(\.definition.slug), lookup: lookup, resolver: resolver, places: places, records: stamped)
    }

    /// What is loaded: requests use it while a reading is under way.
    private func current() -> Snapshot { snapshot.withLock { $0 } }

    /// Starts the thread that looks every `interval` seconds whether
    /// anything was committed to the database, and when something was,
    /// whether it moved the site generation; then it reads everything
    /// again and calls `reloaded`. The first look costs a pragma on a
    /// connection of its own (on PostgreSQL, reading the notifications
    /// that came); the second, a one-row read, which the server's own
    /// signatures never get past. Counts that another server's commits
    /// moved (PostgreSQL) call `countsMoved`.
    public func watch(every interval: TimeInterval = 0.1, reloaded: @escaping @Sendable () -> Void = {},
                      countsMoved: @escaping @Sendable () -> Void = {}) throws {
        let commits = try pool.commitWatcher()
        // Whether to look even with no new commit: a look that failed is repeated.
        watcher.start(name: "site-data", every: interval, context: true) { [self] mustLook, _ in
            // A look that failed (the database out of reach) is looked at again; the
            // counts are read again once the watcher's connection is back.
            let changes = (try? commits.changes()) ?? .site
            if changes.contains(.counts) { countsMoved() }
            guard changes.contains(.site) || mustLook else { return }
            let look = refreshNow()
            mustLook = look == .failed
            if look == .reloaded { reloaded() }
        }
    }

    /// What a look for changes found.
    enum Look {
        case unchanged, reloaded
        /// The database could not be read; what was loaded stays.
        case failed
    }

    /// Stops the thread `watch` started.
    public func stopWatching() { watcher.stop() }

    /// Reads everything again if the site generation moved since what is
    /// loaded was read.
    @discardableResult
    func refreshNow() -> Look {
        guard let generation = try? pool.read(SiteGenerationStore.current) else { return .failed }
        let loaded = current()
        guard generation != loaded.generation else { return .unchanged }
        guard let fresh = try? Self.load(pool, reusing: loaded) else { return .failed }
        snapshot.withLock { $0 = fresh }
        // A decision on reasons touches its campaign: they are read anew, not in 2 s.
        reasonsCache.withLock { $0.removeAll() }
        loads.withLock { $0 += 1 }
        return .reloaded
    }

    /// A campaign's deliveries and responses, and a stamp that changes when they do.
    func record(of campaignID: Int64) -> (record: CampaignRecord, stamp: Int) {
        guard let known = current().records[campaignID] else { return (.empty, 0) }
        return (known.record, known.stamp)
    }

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
    public var directory: Directory { current().places.directory }

    /// What finds a signer's or caller's districts for `campaign`'s district seats.
    func districtResolver(for campaign: PublishedCampaign) -> DistrictResolver {
        let snapshot = current()
        if let known = snapshot.districtSeats.withLock({ $0[campaign.id] }), known.version == campaign.version {
            return DistrictResolver(lookup: snapshot.lookup, asked: known.jurisdictions)
        }
        let jurisdictions = snapshot.resolver.districtSeatJurisdictions(campaign.definition.targets)
        snapshot.districtSeats.withLock { $0[campaign.id] = (campaign.version, jurisdictions) }
        return DistrictResolver(lookup: snapshot.lookup, asked: jurisdictions)
    }

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
