import Foundation

/// The OSDI read API over the database: which resource a request names,
/// read in one transaction and built by `OSDIDocuments`. The server's
/// handler and `campaign export --format osdi` both go through it, so they
/// give the same documents.
public struct OSDIView: Sendable {
    /// The most a page holds (`max_pagesize`), and what it holds when not told.
    public static let maxPageSize = 100
    /// The highest page asked for: a million pages of the most a page holds.
    public static let maxPage = 1_000_000
    public static let defaultPageSize = 25

    /// A resource of the API, by its path below `/api/osdi/v1`.
    public enum Resource: Sendable, Equatable {
        case entryPoint
        case people
        case person(id: String)
        case petitions
        case petition(slug: String)
        case signatures(slug: String)
        case signature(slug: String, id: String)
        case advocacyCampaigns
        case advocacyCampaign(slug: String)
        case outreaches(slug: String)
        case outreach(slug: String, id: String)
    }

    let baseURL: String
    let personKey: [UInt8]
    let today: PartialDate

    /// A view whose links start at `baseURL`; `personKey` makes people's ids (see `personKey(_:tokens:)`).
    public init(baseURL: String, personKey: [UInt8], now: Date) {
        self.baseURL = baseURL
        self.personKey = personKey
        today = PartialDate(now)
    }

    /// The key people's ids are made with, made once and kept with the
    /// server's other secrets, so a person keeps their id across restarts
    /// and servers, and an id tells nothing of the e-mail address.
    public static func personKey(_ pool: DatabasePool, tokens: TokenSource) throws -> [UInt8] {
        try pool.write { try SecretStore.secret(named: "osdi-people", orStore: { tokens.bytes(32) }, $0) }
    }

    /// The document of `resource`, or nil when there is no such resource.
    public func document(_ resource: Resource, page: OSDIDocuments.Page, _ db: Database) throws -> JSONOutput? {
        let page = OSDIDocuments.Page(number: min(max(page.number, 1), Self.maxPage), size: min(max(page.size, 1), Self.maxPageSize))
        switch resource {
        case .entryPoint:
            return documents(Directory()).entryPoint(maxPageSize: Self.maxPageSize)
        case .people:
            let docs = documents(Directory())
            let total = try OSDIStore.countPeople(campaignID: nil, db)
            let people = try OSDIStore.people(campaignID: nil, limit: page.size, offset: page.offset, db)
            return docs.collection("people", path: "/people", page: page, total: total, items: people.map { docs.person(key: $0.key, signatures: $0.signatures) },
                                   selves: people.map { docs.personURL($0.key) })
        case .person(let id):
            let docs = documents(Directory())
            guard let key = try OSDIStore.firstPerson(where: { docs.personID($0) == id }, db) else { return nil }
            return docs.person(key: key, signatures: try OSDIStore.person(key: key, db))
        case .petitions, .advocacyCampaigns:
            let petitions = resource == .petitions
            let docs = documents(try DirectoryStore.load(db))
            let campaigns = try Self.campaigns(db).filter { petitions ? $0.definition.petition != nil : $0.definition.call != nil }
            let shown = campaigns.dropFirst(page.offset).prefix(page.size)
            let items = try shown.map { try petitions ? petition($0, docs, db) : advocacyCampaign($0, docs, db) }
            let path = petitions ? "/petitions/" : "/advocacy_campaigns/"
            return docs.collection(petitions ? "petitions" : "advocacy_campaigns", path: String(path.dropLast()), page: page, total: campaigns.count,
                                   items: items, selves: shown.map { docs.url(path + $0.slug) })
        case .petition(let slug):
            guard let campaign = try Self.campaign(slug, db), campaign.definition.petition != nil else { return nil }
            return try petition(campaign, documents(try DirectoryStore.load(db)), db)
        case .advocacyCampaign(let slug):
            guard let campaign = try Self.campaign(slug, db), campaign.definition.call != nil else { return nil }
            return try advocacyCampaign(campaign, documents(try DirectoryStore.load(db)), db)
        case .signatures(let slug):
            guard let campaign = try Self.campaign(slug, db), campaign.definition.petition != nil else { return nil }
            let docs = documents(Directory())
            let signatures = try OSDIStore.signatures(campaignID: campaign.id, limit: page.size, offset: page.offset, db)
            return docs.collection("signatures", path: "/petitions/\(slug)/signatures", page: page,
                                   total: try OSDIStore.countSignatures(campaignID: campaign.id, db),
                                   items: signatures.map { docs.signature($0, slug: slug, sharesReasons: campaign.definition.sharesReasons) }, selves: signatures.map { docs.signatureURL($0, slug: slug) })
        case .signature(let slug, let id):
            guard let campaign = try Self.campaign(slug, db), campaign.definition.petition != nil, let number = Int64(id),
                  let signature = try OSDIStore.signature(id: number, campaignID: campaign.id, db) else { return nil }
            return documents(Directory()).signature(signature, slug: slug, sharesReasons: campaign.definition.sharesReasons)
        case .outreaches(let slug):
            guard let campaign = try Self.campaign(slug, db), campaign.definition.call != nil else { return nil }
            let docs = documents(try DirectoryStore.load(db))
            let outreaches = try OSDIStore.outreaches(campaignID: campaign.id, limit: page.size, offset: page.offset, db)
            return docs.collection("outreaches", path: "/advocacy_campaigns/\(slug)/outreaches", page: page,
                                   total: try OSDIStore.countOutreaches(campaignID: campaign.id, db),
                                   items: outreaches.map { docs.outreach($0, campaign: campaign) }, selves: outreaches.map { docs.outreachURL($0, slug: slug) })
        case .outreach(let slug, let id):
            guard let campaign = try Self.campaign(slug, db), campaign.definition.call != nil, let number = Int64(id),
                  let outreach = try OSDIStore.outreach(id: number, campaignID: campaign.id, db) else { return nil }
            return documents(try DirectoryStore.load(db)).outreach(outreach, campaign: campaign)
        }
    }

    func documents(_ directory: Directory) -> OSDIDocuments {
        OSDIDocuments(baseURL: baseURL, personKey: personKey, directory: directory, today: today)
    }

    func petition(_ campaign: OSDIDocuments.Campaign, _ docs: OSDIDocuments, _ db: Database) throws -> JSONOutput {
        docs.petition(campaign, totalSignatures: try OSDIStore.countSignatures(campaignID: campaign.id, db))
    }

    func advocacyCampaign(_ campaign: OSDIDocuments.Campaign, _ docs: OSDIDocuments, _ db: Database) throws -> JSONOutput {
        docs.advocacyCampaign(campaign, totalOutreaches: try OSDIStore.countOutreaches(campaignID: campaign.id, db))
    }

    // MARK: - Campaigns

    /// Every published campaign that is not a draft, by slug.
    static func campaigns(_ db: Database) throws -> [OSDIDocuments.Campaign] {
        try CampaignStore.heads(db).filter { $0.status != .draft }.compactMap { try campaign($0.slug, db) }
    }

    /// The published campaign `slug`, unless it is a draft.
    static func campaign(_ slug: String, _ db: Database) throws -> OSDIDocuments.Campaign? {
        guard let id = try CampaignStore.id(of: slug, db), let (folder, status, _) = try CampaignStore.current(slug, db), status != .draft else { return nil }
        let versions = try CampaignStore.versions(slug, db)
        return OSDIDocuments.Campaign(id: id, definition: folder.definition, createdAt: versions.first?.publishedAt ?? "",
                                      modifiedAt: versions.last?.publishedAt ?? "")
    }
}
