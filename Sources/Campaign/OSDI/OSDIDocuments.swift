import Foundation

/// The resources of the Open Supporter Data Interface (OSDI 1.x) as HAL
/// JSON, each built from what the stores read: the entry point, petitions,
/// signatures, people, advocacy campaigns and outreaches, and the pages of
/// collections that embed them. Members follow the order of the spec's
/// examples; identifiers are `campaign:KIND-ID`.
public struct OSDIDocuments: Sendable {
    /// The system name in identifiers and `origin_system`.
    public static let system = "campaign"
    /// Where the API answers, below the site's base URL.
    public static let root = "/api/osdi/v1"

    /// The API's own address: the base URL and `root`, no trailing slash.
    let api: String
    /// Makes a person's id from their canonical e-mail.
    let personKey: HMAC.Key
    /// The directory the targets are named from.
    let directory: Directory
    /// The day whose officeholders a target list names.
    let today: PartialDate
    private let officials: [String: Official]

    init(baseURL: String, personKey: [UInt8], directory: Directory, today: PartialDate) {
        api = (baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + Self.root
        self.personKey = HMAC.Key(personKey)
        self.directory = directory
        self.today = today
        officials = Dictionary(directory.officials.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// A campaign as the OSDI resources describe it.
    struct Campaign: Sendable {
        let id: Int64
        let definition: CampaignDefinition
        /// When its first version was published, and its current one.
        let createdAt: String
        let modifiedAt: String
        var slug: String { definition.slug }
    }

    // MARK: - Links

    private static func link(_ href: String, title: String? = nil) -> JSONOutput {
        .object([("href", .string(href))] + (title.map { [("title", .string($0))] } ?? []))
    }

    private var curies: JSONOutput {
        .array([.object([("name", .string("osdi")), ("href", .string("https://opensupporter.github.io/osdi-docs/{rel}")), ("templated", .bool(true))])])
    }

    private static func identifiers(_ kind: String, _ id: String) -> JSONOutput { .array([.string("\(system):\(kind)-\(id)")]) }

    /// The id a person is known by: a keyed hash of their canonical e-mail, the same for every campaign they signed.
    func personID(_ canonicalEmail: String) -> String {
        personKey.sha256(Array(canonicalEmail.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    func url(_ path: String) -> String { api + path }

    // MARK: - Entry point

    /// The Application Server Entry Point.
    func entryPoint(maxPageSize: Int) -> JSONOutput {
        .object([
            ("motd", .string("The campaign engine's petitions, signatures, call campaigns and the supporters who agreed to hear from the organizer.")),
            ("vendor_name", .string("campaign")), ("product_name", .string("campaign")), ("osdi_version", .string("1.0")),
            ("max_pagesize", .number(Double(maxPageSize))), ("namespace", .string(Self.system)),
            ("_links", .object([
                ("curies", curies),
                ("self", Self.link(url("/"), title: "This API entry point")),
                ("osdi:people", Self.link(url("/people"), title: "The people who agreed to hear from the organizer")),
                ("osdi:petitions", Self.link(url("/petitions"), title: "The campaigns with a petition")),
                ("osdi:advocacy_campaigns", Self.link(url("/advocacy_campaigns"), title: "The campaigns with calls to officials")),
            ])),
        ])
    }

    // MARK: - Collections

    /// Which page of a collection, and how many on it.
    public struct Page: Sendable, Equatable {
        public var number: Int
        public var size: Int
        public init(number: Int, size: Int) {
            self.number = number
            self.size = size
        }
        var offset: Int { (number - 1) * size }
    }

    /// A page of the collection at `path`, embedding `items` under `osdi:REL`.
    func collection(_ rel: String, path: String, page: Page, total: Int, items: [JSONOutput], selves: [String]) -> JSONOutput {
        let pages = (total + page.size - 1) / page.size
        func at(_ number: Int) -> JSONOutput { Self.link(url(path) + "?page=\(number)&per_page=\(page.size)") }
        var links: [(String, JSONOutput)] = []
        if page.number < pages { links.append(("next", at(page.number + 1))) }
        if page.number > 1 { links.append(("previous", at(min(page.number - 1, max(pages, 1))))) }
        links.append(("osdi:\(rel)", .array(selves.map { Self.link($0) })))
        links += [("curies", curies), ("self", at(page.number))]
        return .object([
            ("total_pages", .number(Double(pages))), ("per_page", .number(Double(page.size))), ("page", .number(Double(page.number))),
            ("total_records", .number(Double(total))), ("_links", .object(links)), ("_embedded", .object([("osdi:\(rel)", .array(items))])),
        ])
    }

    // MARK: - Campaigns

    private func text(_ texts: [String: String], _ definition: CampaignDefinition) -> String {
        texts[definition.defaultLocale] ?? texts.sorted { $0.key < $1.key }.first?.value ?? ""
    }

    /// The common members of a petition and an advocacy campaign.
    private func campaignMembers(_ campaign: Campaign, kind: String) -> [(String, JSONOutput)] {
        let definition = campaign.definition
        return [
            ("identifiers", Self.identifiers(kind, campaign.slug)), ("origin_system", .string(Self.system)),
            ("created_date", .string(campaign.createdAt)), ("modified_date", .string(campaign.modifiedAt)),
            ("name", .string(campaign.slug)), ("title", .string(text(definition.title, definition))),
            ("description", .string(text(definition.summary, definition))), ("summary", .string(text(definition.summary, definition))),
        ]
    }

    private func browserURL(_ campaign: Campaign) -> String {
        String(api.dropLast(Self.root.count)) + "/c/" + campaign.slug
    }

    /// A Petition resource: a campaign with a petition.
    func petition(_ campaign: Campaign, totalSignatures: Int) -> JSONOutput {
        var members = campaignMembers(campaign, kind: "petition")
        if let petition = campaign.definition.petition {
            let letter = text(petition.text, campaign.definition)
            if !letter.isEmpty { members.append(("petition_text", .string(letter))) }
        }
        let targets = targetList(campaign.definition)
        members += [
            ("browser_url", .string(browserURL(campaign))), ("total_signatures", .number(Double(totalSignatures))),
            ("target", .array(targets.map { .object([("name", .string($0.name))]) })),
            ("_links", .object([("self", Self.link(url("/petitions/" + campaign.slug))),
                                ("osdi:signatures", Self.link(url("/petitions/\(campaign.slug)/signatures")))])),
        ]
        return .object(members)
    }

    /// An Advocacy Campaign resource: a campaign with calls to officials.
    func advocacyCampaign(_ campaign: Campaign, totalOutreaches: Int) -> JSONOutput {
        var members = campaignMembers(campaign, kind: "advocacy_campaign")
        let targets = targetList(campaign.definition)
        members += [
            ("targets", .string(targets.map(\.name).joined(separator: "; "))),
            ("target_list", .array(targets.map(\.object))),
            ("browser_url", .string(browserURL(campaign))), ("type", .string("phone")), ("total_outreaches", .number(Double(totalOutreaches))),
            ("_links", .object([("self", Self.link(url("/advocacy_campaigns/" + campaign.slug))),
                                ("osdi:outreaches", Self.link(url("/advocacy_campaigns/\(campaign.slug)/outreaches")))])),
        ]
        return .object(members)
    }

    // MARK: - Targets

    /// A target as OSDI's target object describes it.
    struct Target {
        var name: String
        var object: JSONOutput
    }

    /// Who a campaign asks: the officials a rule names, in office today;
    /// for "the supporter's own" a rule, it in words.
    func targetList(_ definition: CampaignDefinition) -> [Target] {
        var targets: [Target] = []
        for rule in definition.targets {
            switch rule {
            case .official, .office:
                for official in directory.officialsInDisplayOrder where !official.hasLeftOffice(before: today) {
                    if rule.includes(official, office: directory.office(official.officeID)) { targets.append(target(official, locale: definition.defaultLocale)) }
                }
            case .own:
                let summary = rule.summary(in: directory)
                targets.append(Target(name: summary, object: .object([("title", .string(summary))])))
            }
        }
        return targets
    }

    private func target(_ official: Official, locale: String) -> Target {
        let office = directory.office(official.officeID)
        let title = official.title(in: locale, office: office)
        let organization = office.flatMap { directory.jurisdiction($0.jurisdictionID)?.name } ?? ""
        let (given, family) = Self.split(official.name)
        var members: [(String, JSONOutput)] = [("title", .string(title)), ("organization", .string(organization)), ("given_name", .string(given))]
        if !family.isEmpty { members.append(("family_name", .string(family))) }
        return Target(name: [official.name, title, organization].filter { !$0.isEmpty }.joined(separator: ", "), object: .object(members))
    }

    /// A name as given and family name, as best one can without asking:
    /// the last word is taken as the family name.
    static func split(_ name: String) -> (given: String, family: String) {
        let words = name.split(whereSeparator: \.isWhitespace)
        guard words.count > 1, let last = words.last else { return (words.joined(separator: " "), "") }
        return (words.dropLast().joined(separator: " "), String(last))
    }

    // MARK: - Signatures, people, outreaches

    func signatureURL(_ signature: OSDIStore.Signature, slug: String) -> String { url("/petitions/\(slug)/signatures/\(signature.id)") }

    /// A Signature resource; its person only when they agreed to hear from the organizer, and only then their comment.
    func signature(_ signature: OSDIStore.Signature, slug: String, sharesReasons: Bool) -> JSONOutput {
        var members: [(String, JSONOutput)] = [
            ("identifiers", Self.identifiers("signature", String(signature.id))), ("origin_system", .string(Self.system)),
            ("created_date", .string(signature.createdAt)), ("modified_date", .string(signature.modifiedAt)),
            ("action_date", .string(signature.createdAt)),
        ]
        if sharesReasons && signature.person != nil && !signature.reason.isEmpty { members.append(("comments", .string(signature.reason))) }
        var links: [(String, JSONOutput)] = [("self", Self.link(signatureURL(signature, slug: slug))), ("osdi:petition", Self.link(url("/petitions/" + slug)))]
        if let person = signature.person { links.append(("osdi:person", Self.link(url("/people/" + personID(person))))) }
        members.append(("_links", .object(links)))
        return .object(members)
    }

    func personURL(_ key: String) -> String { url("/people/" + personID(key)) }

    /// A Person resource from their agreeing signatures, oldest first: the
    /// newest name, address and ZIP code, every language they signed in.
    func person(key: String, signatures: [OSDIStore.PersonSignature]) -> JSONOutput {
        guard let newest = signatures.last, let oldest = signatures.first else { return .null }
        let (given, family) = Self.split(newest.name)
        var languages: [String] = []
        for signature in signatures where !languages.contains(signature.locale) { languages.append(signature.locale) }
        let modified = signatures.map { $0.validatedAt ?? $0.createdAt }.max() ?? newest.createdAt
        var members: [(String, JSONOutput)] = [
            ("identifiers", Self.identifiers("person", personID(key))), ("origin_system", .string(Self.system)),
            ("created_date", .string(oldest.createdAt)), ("modified_date", .string(modified)), ("given_name", .string(given)),
        ]
        if !family.isEmpty { members.append(("family_name", .string(family))) }
        members += [
            ("languages_spoken", .array(languages.map { .string($0) })), ("preferred_language", .string(newest.locale)),
            ("postal_addresses", .array([.object([("primary", .bool(true)), ("postal_code", .string(newest.zip)), ("country", .string("US"))])])),
            ("email_addresses", .array([.object([("primary", .bool(true)), ("address", .string(newest.email)), ("status", .string("subscribed"))])])),
            ("_links", .object([("self", Self.link(personURL(key)))])),
        ]
        return .object(members)
    }

    func outreachURL(_ outreach: OSDIStore.Outreach, slug: String) -> String { url("/advocacy_campaigns/\(slug)/outreaches/\(outreach.id)") }

    /// An Outreach resource: a call report, with whom it called and how it
    /// ended (in `notes`), and nothing of the caller.
    func outreach(_ outreach: OSDIStore.Outreach, campaign: Campaign) -> JSONOutput {
        let locale = campaign.definition.defaultLocale
        // The target is an official, or an office no one holds.
        let target: JSONOutput
        if let official = officials[outreach.target] {
            target = self.target(official, locale: locale).object
        } else {
            let office = directory.office(outreach.target)
            target = .object([("title", .string(office?.title(in: locale) ?? outreach.target)),
                              ("organization", .string(office.flatMap { directory.jurisdiction($0.jurisdictionID)?.name } ?? ""))])
        }
        return .object([
            ("identifiers", Self.identifiers("outreach", String(outreach.id))), ("origin_system", .string(Self.system)),
            ("created_date", .string(outreach.createdAt)), ("modified_date", .string(outreach.createdAt)), ("action_date", .string(outreach.createdAt)),
            ("type", .string("phone")), ("notes", .string(outreach.outcome)), ("targets", .array([target])),
            ("_links", .object([("self", Self.link(outreachURL(outreach, slug: campaign.slug))),
                                ("osdi:advocacy_campaign", Self.link(url("/advocacy_campaigns/" + campaign.slug)))])),
        ])
    }
}
