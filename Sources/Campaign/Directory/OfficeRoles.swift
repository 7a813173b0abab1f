import Foundation

/// The roles a command knows: the built-in ones (`OfficeRole.all`) and those
/// an organizer adds in a roles file, `roles.toml` in their templates folder
/// (`--templates`, `CAMPAIGN_TEMPLATES`). The file is TOML, like
/// campaign.toml, so errors name file:line and each role's titles are keyed
/// by locale as in the campaign's own files:
///
///     [water-commissioner]
///     en = "Water Commissioner"
///     es = "Comisionado del Agua"
///     legislative = true      # optional: the role sits on a board or council
public struct OfficeRoles: Sendable {
    /// Every role, the built-in ones first.
    public let all: [OfficeRole]
    private let bySlug: [String: OfficeRole]
    /// Whether any slug passes (see `published`).
    private let acceptsAny: Bool

    /// The name of the roles file in a templates folder.
    public static let fileName = "roles.toml"

    /// The built-in roles alone.
    public static let builtIn = OfficeRoles(adding: [])

    /// For reading back a published campaign: it was checked against the
    /// organizer's roles when it was published, and the server that shows it
    /// need not have their roles file.
    public static let published = OfficeRoles(adding: [], acceptsAny: true)

    /// The built-in roles and `added`.
    public init(adding added: [OfficeRole]) { self.init(adding: added, acceptsAny: false) }

    private init(adding added: [OfficeRole], acceptsAny: Bool) {
        all = OfficeRole.all + added
        bySlug = Dictionary(all.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        self.acceptsAny = acceptsAny
    }

    /// The role with this slug, or nil.
    public func named(_ slug: String) -> OfficeRole? { bySlug[slug] }

    /// Whether a campaign or an import may use `slug`.
    public func knows(_ slug: String) -> Bool { acceptsAny || bySlug[slug] != nil }

    /// The message for an unknown role.
    public func unknown(_ slug: String) -> String { "unknown role '\(slug)' (known roles: \(slugList))" }

    /// The known slugs, for messages.
    public var slugList: String { all.map(\.slug).joined(separator: ", ") }

    /// `office`'s titles, completed from its role's for the locales it lacks,
    /// so that an office of an added role keeps its titles wherever it is shown.
    public func completingTitles(of office: Office) -> Office {
        guard let role = named(office.role) else { return office }
        var office = office
        for (locale, title) in role.titles where office.titles[locale] == nil { office.titles[locale] = title }
        return office
    }

    /// The built-in roles and those of the first roles file in `folders`
    /// (the organizer's folder comes first).
    public static func load(folders: [String]) throws -> OfficeRoles {
        for folder in folders {
            let path = (folder as NSString).appendingPathComponent(fileName)
            if FileManager.default.fileExists(atPath: path) { return try load(file: path) }
        }
        return builtIn
    }

    /// The built-in roles and those of the roles file at `path`; every
    /// error in the file at once.
    public static func load(file path: String) throws -> OfficeRoles {
        guard let data = FileManager.default.contents(atPath: path) else { throw InputError("cannot read the roles file \(path)") }
        return try parse(bytes: Array(data), file: path)
    }

    /// The built-in roles and those of a roles file's bytes.
    public static func parse(bytes: [UInt8], file: String) throws -> OfficeRoles {
        let root = try TOMLParser.parse(bytes: bytes, file: file)
        let errors = InputErrorCollector()
        var added: [OfficeRole] = []
        for (slug, table) in root.members ?? [] {
            guard let members = table.members else {
                errors.add("role '\(slug)' is written as a table: [\(slug)] with en = \"Title\"", at: table.location)
                continue
            }
            if !CampaignDefinition.isValidSlug(slug) {
                errors.add("malformed role '\(slug)'; use lowercase letters, digits and dashes", at: table.location)
            }
            if OfficeRole.named(slug) != nil {
                errors.add("role '\(slug)' is built in; give an office its own titles instead", at: table.location)
            }
            var titles: [String: String] = [:]
            var legislative = false
            for (key, value) in members {
                if key == "legislative" {
                    guard case .bool(let flag) = value.value else {
                        errors.add("'legislative' must be true or false, not \(value.kindName)", at: value.location)
                        continue
                    }
                    legislative = flag
                } else if MetadataReader.isLocale(key) {
                    guard let title = value.string, !title.trimmingCharacters(in: .whitespaces).isEmpty else {
                        errors.add("the '\(key)' title of role '\(slug)' must be text in quotes", at: value.location)
                        continue
                    }
                    titles[key] = title
                } else {
                    errors.add("unknown key '\(key)' in role '\(slug)' (a locale such as en or es, or legislative)", at: value.location)
                }
            }
            if titles["en"] == nil { errors.add("role '\(slug)' has no English title: en = \"…\"", at: table.location) }
            added.append(OfficeRole(slug: slug, titles: titles, isLegislative: legislative))
        }
        try errors.throwIfAny()
        return OfficeRoles(adding: added)
    }
}
