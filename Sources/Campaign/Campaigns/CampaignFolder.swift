import Foundation

/// Reads a campaign folder: `campaign.toml` and the prose files beside it.
/// Structural mistakes are `InputError`s at file:line:column, all reported
/// together; what needs the directory to judge is left to `CampaignCheck`.
public struct CampaignFolder: Sendable {
    /// The folder.
    public let path: String
    /// The campaign it describes.
    public let definition: CampaignDefinition
    /// Where each target rule was written, in rule order.
    public let targetLocations: [SourceLocation]
    /// Where the list of locales was written.
    public let localesLocation: SourceLocation
    /// Where `[organizer]` was written, when it was.
    public let organizerLocation: SourceLocation?
    /// Where `embed_origins` was written, when it was.
    public let embedOriginsLocation: SourceLocation?
    /// Where `[petition] hold_words` was written, when it was.
    public let holdWordsLocation: SourceLocation?
    /// Where campaign.toml's [title] and [summary] tables are, by name.
    public let textLocations: [String: SourceLocation]
    /// The prose files read, by file name.
    public let files: [String: String]
    /// The text of `campaign.toml`.
    public let metadataText: String
    /// The roles its targets and script variants were checked against.
    public let roles: OfficeRoles

    /// Every file, `campaign.toml` included, as published.
    public var allFiles: [String: String] { files.merging([Self.metadataFile: metadataText]) { current, _ in current } }
    /// Partial templates by name and locale (`ask.en.md` is `ask` in `en`).
    public let partials: [String: [String: Template]]
    /// The petition and talking points rendered from Markdown once, by locale.
    public let petitionMarkup: [String: TemplateValue]
    public let pointsMarkup: [String: TemplateValue]

    /// The metadata file's name.
    public static let metadataFile = "campaign.toml"

    /// Reads the folder at `path`.
    public init(path: String, roles: OfficeRoles = .builtIn) throws {
        let metadataPath = (path as NSString).appendingPathComponent(Self.metadataFile)
        guard FileManager.default.fileExists(atPath: metadataPath) else {
            throw InputError("no \(Self.metadataFile) in \(path); create one with `campaign new SLUG`")
        }
        var files: [String: String] = [:]
        let errors = InputErrorCollector()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0 == Self.metadataFile || $0.hasSuffix(".md") }
        for name in names.sorted() {
            let filePath = (path as NSString).appendingPathComponent(name)
            guard let bytes = FileManager.default.contents(atPath: filePath) else { continue }
            if let text = try errors.collect({ try TextDecoding.utf8([UInt8](bytes), file: filePath) }) {
                files[name] = text.replacingOccurrences(of: "\r\n", with: "\n")
            }
        }
        try errors.throwIfAny()
        try self.init(files: files, path: path, roles: roles)
    }

    /// Reads a campaign from its files' texts, as stored when published;
    /// `path` names them in messages.
    public init(files: [String: String], path: String, roles: OfficeRoles = .builtIn) throws {
        self.path = path
        self.roles = roles
        let metadataPath = (path as NSString).appendingPathComponent(Self.metadataFile)
        guard let metadataText = files[Self.metadataFile] else {
            throw InputError("no \(Self.metadataFile) in \(path); create one with `campaign new SLUG`")
        }
        let root = try TOMLParser.parse(bytes: Array(metadataText.utf8), file: metadataPath)
        let errors = InputErrorCollector()
        let metadata = MetadataReader(root: root, errors: errors, roles: roles)
        self.files = files.filter { $0.key != Self.metadataFile }
        self.metadataText = metadataText

        let locales = metadata.locales
        let targets = metadata.targets
        var scripts: [String: [String: Template]] = [:]
        var partials: [String: [String: Template]] = [:]
        var petitionText: [String: String] = [:]
        var points: [String: String] = [:]
        for (name, text) in self.files {
            let parts = name.dropLast(3).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2 else { continue }
            let filePath = (path as NSString).appendingPathComponent(name)
            switch (parts[0], parts.count) {
            case ("petition", 2): petitionText[parts[1]] = text
            case ("points", 2): points[parts[1]] = text
            case ("script", 2), ("script", 3):
                if parts.count == 3 && !roles.knows(parts[2]) {
                    errors.add("script variant for \(roles.unknown(parts[2]))", at: SourceLocation(file: filePath, line: 1))
                    continue
                }
                if let template = try errors.collect({ try Template(text, name: filePath) }) {
                    scripts[parts[1], default: [:]][parts.count == 3 ? parts[2] : ""] = template
                }
            case (_, 2) where name != "README.md":
                if let template = try errors.collect({ try Template(text, name: filePath) }) {
                    partials[parts[0], default: [:]][parts[1]] = template
                }
            default: continue
            }
        }
        for locale in Set(petitionText.keys).union(points.keys).union(scripts.keys) where !locales.contains(locale) {
            let file = petitionText[locale] != nil ? "petition.\(locale).md" : scripts[locale].map { $0[""] != nil ? "script.\(locale).md" : "script.\(locale).\($0.keys.sorted()[0]).md" } ?? "points.\(locale).md"
            errors.add("file for locale '\(locale)', which is not in locales (\(locales.joined(separator: ", ")))",
                       at: SourceLocation(file: (path as NSString).appendingPathComponent(file), line: 1))
        }

        let petition = metadata.petition(text: petitionText)
        let call = metadata.hasCall || !scripts.isEmpty ? CampaignDefinition.Call(scripts: scripts, talkingPoints: points) : nil
        try errors.throwIfAny()
        definition = CampaignDefinition(
            slug: metadata.slug, status: metadata.status, defaultLocale: metadata.defaultLocale, locales: locales,
            starts: metadata.date("starts"), ends: metadata.date("ends"), source: metadata.string("source") ?? "",
            title: metadata.localized("title"), summary: metadata.localized("summary"), translations: metadata.localized("translations"),
            petition: petition, call: call, targets: targets.map(\.rule), digest: metadata.digest,
            organizer: metadata.organizer, milestones: metadata.milestones(locales: locales),
            retainDaysAfterClose: metadata.retainDaysAfterClose, embedOrigins: metadata.embedOrigins)
        try errors.throwIfAny()
        targetLocations = targets.map(\.location)
        localesLocation = root["locales"]?.location ?? root.location
        organizerLocation = root["organizer"]?.location
        embedOriginsLocation = root["embed_origins"]?.location
        holdWordsLocation = root["petition"]?["hold_words"]?.location
        textLocations = Dictionary(uniqueKeysWithValues: ["title", "summary"].compactMap { key in root[key].map { (key, $0.location) } })
        self.partials = partials
        petitionMarkup = (definition.petition?.text ?? [:]).mapValues(Markdown.render)
        pointsMarkup = (definition.call?.talkingPoints ?? [:]).mapValues(Markdown.render)
    }

    /// The partials a script in `locale` can include.
    public func partialLookup(locale: String) -> @Sendable (String) -> Template? {
        let partials = self.partials
        return { name in partials[name]?[locale] }
    }
}

/// Reads the values of `campaign.toml`, recording mistakes instead of
/// stopping at the first.
struct MetadataReader {
    let root: JSONNode
    let errors: InputErrorCollector
    let roles: OfficeRoles

    static let knownKeys: Set<String> = ["slug", "status", "default_locale", "locales", "starts", "ends", "source", "title",
                                         "summary", "translations", "petition", "call", "targets", "digest", "organizer",
                                         "milestones", "retain_days_after_close", "embed_origins"]

    init(root: JSONNode, errors: InputErrorCollector, roles: OfficeRoles) {
        self.root = root
        self.errors = errors
        self.roles = roles
        for (key, node) in root.members ?? [] where !Self.knownKeys.contains(key) {
            errors.add("unknown key '\(key)' (known keys: \(Self.knownKeys.sorted().joined(separator: ", ")))", at: node.location)
        }
    }

    func string(_ key: String, in node: JSONNode? = nil) -> String? {
        guard let value = (node ?? root)[key] else { return nil }
        guard let text = value.string else {
            errors.add("'\(key)' must be text in quotes, not \(value.kindName)", at: value.location)
            return nil
        }
        return text
    }

    var slug: String {
        guard let slug = string("slug") else {
            errors.add("missing 'slug', the campaign's address: slug = \"my-campaign\"", at: root.location)
            return ""
        }
        if !CampaignDefinition.isValidSlug(slug) {
            errors.add("malformed slug '\(slug)'; use lowercase letters, digits and dashes", at: root["slug"]?.location)
        }
        return slug
    }

    var status: CampaignDefinition.Status {
        guard let text = string("status") else { return .draft }
        guard let status = CampaignDefinition.Status(rawValue: text) else {
            errors.add("unknown status '\(text)' (known: draft, live, closed)", at: root["status"]?.location)
            return .draft
        }
        return status
    }

    var locales: [String] {
        guard let node = root["locales"] else { return [defaultLocale] }
        guard let items = node.array?.compactMap(\.string), items.count == node.array?.count, !items.isEmpty else {
            errors.add("'locales' must be a list of locale codes, e.g. [\"en\", \"es\"]", at: node.location)
            return [defaultLocale]
        }
        for (item, element) in zip(items, node.array ?? []) where !Self.isLocale(item) {
            errors.add("malformed locale '\(item)'; write a language code such as en, es or es-MX", at: element.location)
        }
        if !items.contains(defaultLocale) {
            errors.add("default_locale '\(defaultLocale)' is not in locales (\(items.joined(separator: ", ")))", at: root["default_locale"]?.location ?? node.location)
        }
        return items
    }

    var defaultLocale: String { string("default_locale") ?? "en" }

    static func isLocale(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = parts.first, (2...3).contains(language.count), language.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        return parts.dropFirst().allSatisfy { (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    func date(_ key: String) -> PartialDate? {
        guard let text = string(key) else { return nil }
        guard let date = PartialDate(text) else {
            errors.add("malformed date '\(text)' in \(key); write YYYY-MM-DD", at: root[key]?.location)
            return nil
        }
        return date
    }

    func localized(_ key: String) -> [String: String] {
        guard let node = root[key] else { return [:] }
        guard let members = node.members else {
            errors.add("'\(key)' must be a table of locale = \"text\", e.g. [\(key)] then en = \"…\"", at: node.location)
            return [:]
        }
        var result: [String: String] = [:]
        for (locale, value) in members {
            guard let text = value.string else { errors.add("\(key).\(locale) must be text in quotes", at: value.location); continue }
            result[locale] = text
        }
        return result
    }

    func petition(text: [String: String]) -> CampaignDefinition.Petition? {
        guard let node = root["petition"] else {
            if !text.isEmpty { errors.add("petition files exist but campaign.toml has no [petition] table", at: root.location) }
            return nil
        }
        var goal: Int?
        if let goalNode = node["goal"] {
            if let number = goalNode.number, number >= 1, number <= 100_000_000, number == number.rounded() { goal = Int(number) } else {
                errors.add("petition.goal must be a whole number of signatures from 1 to 100,000,000", at: goalNode.location)
            }
        }
        var confirm = false
        if let confirmNode = node["confirm_email"] {
            if case .bool(let flag) = confirmNode.value { confirm = flag } else {
                errors.add("petition.confirm_email must be true or false", at: confirmNode.location)
            }
        }
        var consent: [CampaignDefinition.Consent] = []
        if let consentNode = node["consent"] {
            for item in consentNode.array ?? [consentNode] {
                guard let text = item.string, let question = CampaignDefinition.Consent(rawValue: text) else {
                    errors.add("unknown consent question \(item.quoted) (known: public, share_email, updates)", at: item.location)
                    continue
                }
                consent.append(question)
            }
        }
        var petition = CampaignDefinition.Petition(goal: goal, confirmEmail: confirm, consent: consent, text: text)
        moderation(node, into: &petition)
        for (key, value) in node.members ?? [] where !["goal", "confirm_email", "consent", "reasons", "hold_words"].contains(key) {
            errors.add("unknown key 'petition.\(key)' (known: goal, confirm_email, consent, reasons, hold_words)", at: value.location)
        }
        return petition
    }

    /// `reasons` and `hold_words` of `[petition]`: when reasons are shown, and what holds one for review.
    func moderation(_ node: JSONNode, into petition: inout CampaignDefinition.Petition) {
        if let reasonsNode = node["reasons"] {
            if let text = reasonsNode.string, let policy = CampaignDefinition.ReasonsPolicy(rawValue: text) { petition.reasons = policy } else {
                errors.add("petition.reasons must be \"after\", \"before\" or \"off\", not \(reasonsNode.quoted)", at: reasonsNode.location)
            }
        }
        guard let wordsNode = node["hold_words"] else { return }
        guard let items = wordsNode.array else {
            errors.add("petition.hold_words must be a list of words in quotes, e.g. [\"spam\", \"buy now\"]", at: wordsNode.location)
            return
        }
        var words: [String] = []
        for item in items {
            guard let text = item.string, !HoldWords.words(in: text).isEmpty else {
                errors.add("petition.hold_words: \(item.quoted) is not a word or phrase in quotes", at: item.location)
                continue
            }
            words.append(text)
        }
        petition.holdWords = HoldWords(words)
    }

    /// `retain_days_after_close`: how many days after closing signers' personal data is kept.
    var retainDaysAfterClose: Int? {
        guard let node = root["retain_days_after_close"] else { return nil }
        guard let number = node.number, number >= 0, number <= 36_500, number == number.rounded() else {
            errors.add("retain_days_after_close must be a whole number of days from 0 to 36,500", at: node.location)
            return nil
        }
        return Int(number)
    }

    /// `[digest]`: who gets the organizer digest, and whether targets get theirs.
    var digest: CampaignDefinition.Digest {
        var digest = CampaignDefinition.Digest()
        guard let node = root["digest"] else { return digest }
        guard node.members != nil else {
            errors.add("'digest' must be a table: [digest] then organizers = [\"you@example.org\"]", at: node.location)
            return digest
        }
        if let organizers = node["organizers"] {
            for item in organizers.array ?? [organizers] {
                guard let text = item.string else { errors.add("digest.organizers holds addresses in quotes", at: item.location); continue }
                do { digest.organizers.append(try MailAddress(parsing: text)) } catch {
                    errors.add("digest.organizers: \(item.quoted) is not an e-mail address (write \"Name <name@example.org>\" or \"name@example.org\")", at: item.location)
                }
            }
        }
        if let officials = node["officials"] {
            if case .bool(let flag) = officials.value { digest.officials = flag } else {
                errors.add("digest.officials must be true or false, not \(officials.quoted)", at: officials.location)
            }
        }
        for (key, value) in node.members ?? [] where !["organizers", "officials"].contains(key) {
            errors.add("unknown key 'digest.\(key)' (known: organizers, officials)", at: value.location)
        }
        return digest
    }

    /// `[organizer]`: who delivers the petition and how to reply to them.
    /// An empty value is one not filled in yet (`campaign check` warns).
    var organizer: CampaignDefinition.Organizer {
        var organizer = CampaignDefinition.Organizer()
        guard let node = root["organizer"] else { return organizer }
        guard let members = node.members else {
            errors.add("'organizer' must be a table: [organizer] then name = \"…\", email = \"…\", phone = \"…\"", at: node.location)
            return organizer
        }
        for (key, value) in members {
            guard ["name", "email", "phone"].contains(key) else {
                errors.add("unknown key 'organizer.\(key)' (known: name, email, phone)", at: value.location)
                continue
            }
            guard let text = value.string?.trimmingCharacters(in: .whitespaces) else {
                errors.add("organizer.\(key) must be text in quotes", at: value.location)
                continue
            }
            if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                errors.add("organizer.\(key) must be one line of text, without control characters", at: value.location)
                continue
            }
            switch key {
            case "name": organizer.name = text
            case "email":
                if !text.isEmpty && !EmailAddress.isValid(text) {
                    errors.add("organizer.email: \(value.quoted) is not an e-mail address (write \"name@example.org\")", at: value.location)
                }
                organizer.email = text
            default:
                if !text.isEmpty, case .failure(let problem) = PhoneNumber.normalize(text) {
                    errors.add("organizer.phone: \(value.quoted) is not a phone number (\(problem))", at: value.location)
                }
                organizer.phone = text
            }
        }
        return organizer
    }

    var hasCall: Bool { root["call"] != nil }

    var targets: [(rule: TargetRule, location: SourceLocation)] {
        guard let node = root["targets"] else { return [] }
        guard let tables = node.array else {
            errors.add("targets are written as [[targets]] tables", at: node.location)
            return []
        }
        return tables.compactMap { table in
            let keys = Set(table.members?.map(\.key) ?? [])
            for (key, value) in table.members ?? [] where !["official", "role", "jurisdiction", "own"].contains(key) {
                errors.add("unknown key '\(key)' in a target (known: official, role, jurisdiction, own)", at: value.location)
            }
            if let id = string("official", in: table) {
                if keys.count > 1 { errors.add("a target with 'official' takes no other keys", at: table.location) }
                return (.official(id: id), table.location)
            }
            if let role = string("own", in: table) {
                if !roles.knows(role) { errors.add(roles.unknown(role), at: table["own"]?.location) }
                return (.own(role: role, jurisdictionID: string("jurisdiction", in: table)), table.location)
            }
            if let role = string("role", in: table) {
                if !roles.knows(role) { errors.add(roles.unknown(role), at: table["role"]?.location) }
                guard let jurisdiction = string("jurisdiction", in: table) else {
                    errors.add("a target by role needs a jurisdiction (or write own = \"\(role)\" for the supporter's own)", at: table.location)
                    return nil
                }
                return (.office(role: role, jurisdictionID: jurisdiction), table.location)
            }
            errors.add("a target needs one of: official = \"id\", role = \"…\" with jurisdiction = \"…\", or own = \"role\"", at: table.location)
            return nil
        }
    }
}
