import Foundation

/// Works out digests: for the organizers, new signatures and call outcomes
/// since their last digest, per target and per district, the newest public
/// reasons and the trend; for each target with an e-mail address (when the
/// campaign opts in), the new signatures from their own constituents.
/// Recording a digest stores its window and queues its messages in one
/// transaction, so a run after a crash neither skips nor repeats a signature.
public struct DigestPlanner {
    public let pool: DatabasePool
    public let composer: MailComposer
    public let lookup: Lookup
    /// The digest's language when given; else the campaign's default.
    public var locale: String?
    /// Organizer addresses to use instead of the campaign's `[digest] organizers`.
    public var organizers: [MailAddress]?

    public init(pool: DatabasePool, composer: MailComposer, locale: String? = nil, organizers: [MailAddress]? = nil) throws {
        self.pool = pool
        self.composer = composer
        self.lookup = try Lookup.load(from: pool)
        self.locale = locale
        self.organizers = organizers
    }

    /// Which digests to work out.
    public enum Scope: Sendable {
        /// The organizer digest and, where the campaign opts in, each official's.
        case all
        case organizers
        /// One official's, even when the campaign has not opted in (for previews).
        case official(String)
    }

    /// The digests due for `slug`, or for every live campaign when nil.
    public func plan(slug: String?, scope: Scope = .all, now: Date) throws -> [DigestPlan] {
        try pool.read { db in
            let slugs: [String]
            if let slug {
                guard try CampaignStore.id(of: slug, db) != nil else { throw InputError("no published campaign '\(slug)' (see `campaign list`)") }
                slugs = [slug]
            } else {
                slugs = try CampaignStore.list(db).filter { $0.status == .live }.map(\.slug)
            }
            let directory = try DirectoryStore.load(db)
            var plans: [DigestPlan] = []
            for slug in slugs {
                guard let campaignID = try CampaignStore.id(of: slug, db), let (folder, _, _) = try CampaignStore.current(slug, db),
                      folder.definition.petition != nil || folder.definition.call != nil else { continue }
                let context = CampaignDigest(planner: self, db: db, campaignID: campaignID, folder: folder, directory: directory, now: now, reader: nil)
                switch scope {
                case .all:
                    plans.append(try context.organizerDigest())
                    if folder.definition.digest.officials {
                        for official in context.targetOfficials { plans.append(try context.reading(official).officialDigest()) }
                    }
                case .organizers: plans.append(try context.organizerDigest())
                case .official(let id):
                    guard let official = directory.officials.first(where: { $0.id == id }) else {
                        throw InputError("--official \(id): no such official in the directory (see `campaign officials list`)")
                    }
                    plans.append(try context.reading(official).officialDigest())
                }
            }
            return plans
        }
    }

    /// Records the plans that have messages: each digest's window and its
    /// messages in one transaction. A plan whose window no longer starts
    /// where the last recorded digest ended (another run got there first) is
    /// left out. Returns the plans recorded.
    @discardableResult
    public func record(_ plans: [DigestPlan], now: Date) throws -> [DigestPlan] {
        try pool.write { db in
            var recorded: [DigestPlan] = []
            for plan in plans where !plan.messages.isEmpty {
                let last = try Self.lastWindow(campaignID: plan.campaignID, audience: plan.audience, db)
                guard last.seq == plan.window.afterSeq, last.call == plan.window.afterCall else { continue }
                try DigestStore.record(campaignID: plan.campaignID, audience: plan.audience, window: plan.window, at: CampaignStore.timestamp(now), db)
                try OutboxStore.enqueue(plan.messages, at: now, db)
                recorded.append(plan)
            }
            return recorded
        }
    }

    /// Where the last digest for an audience ended (0, 0 before the first),
    /// how many signatures it covered and when it was made.
    static func lastWindow(campaignID: Int64, audience: String, _ db: Database) throws -> (seq: Int64, call: Int64, count: Int?, at: String?) {
        guard let last = try DigestStore.latest(campaignID: campaignID, audience: audience, db) else { return (0, 0, nil, nil) }
        let count = try SignatureStore.countedCount(campaignID: campaignID, afterSeq: last.afterSeq, throughSeq: last.throughSeq, db)
        return (last.throughSeq, last.throughCall, count, last.createdAt)
    }
}
