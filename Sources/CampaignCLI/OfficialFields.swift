import ArgumentParsing
import Campaign

/// The options `officials add` and `officials edit` share, and how they
/// change an official.
struct OfficialFields {
    static let discussion = """
        A contact is VALUE, or VALUE | LABEL | HOURS: --phone "(360) 902-4110 | Olympia office | Mon–Fri 8–5". \
        A contact added here is sourced and dated on its own: --contact-source (else --source, when given) and \
        --contact-verified (else --verified, when given; else today). Titles are LOCALE=TEXT: --title es=Alcaldesa. \
        No value may hold a control character.
        """
    static let name = Option<String?>(name: "name", valueName: "name", help: "Full name as it should be shown.")
    static let sortName = Option<String?>(name: "sort-name", valueName: "name", help: "Name as it sorts (default: \"Family, Given\").")
    static let party = Option<String?>(name: "party", valueName: "party", help: "Party, if any.")
    static let pronouns = Option<String?>(name: "pronouns", valueName: "pronouns", help: "Pronouns, if given.")
    static let language = Option<String?>(name: "language", valueName: "code", help: "The language to write to them in (es, en), when not the campaign's.")
    static let jurisdiction = Option<String?>(name: "jurisdiction", valueName: "id", help: "The OCD id of the jurisdiction served.")
    static let role = Option<String?>(name: "role", valueName: "role", help: "The office's role: \(OfficeRole.slugList), or one in roles.toml in your templates folder.")
    static let seat = Option<String?>(name: "seat", valueName: "seat", help: "The seat, e.g. \"Ward 5\" or \"Position 9\"; empty for a sole office.")
    static let district = Option<String?>(name: "district", valueName: "code", help: "The district code the seat represents.")
    static let titles = Option<[String]>(name: "title", valueName: "locale=text", help: "This holder's title in a locale, e.g. es=Alcaldesa.")
    static let termStart = Option<String?>(name: "term-start", valueName: "date", help: "Start of term (YYYY-MM-DD, YYYY-MM or YYYY).")
    static let termEnd = Option<String?>(name: "term-end", valueName: "date", help: "End of term.")
    static let source = Option<String?>(name: "source", valueName: "source", help: "The document or URL the record comes from.")
    static let verified = Option<String?>(name: "verified", valueName: "date", help: "When the record was checked against its source.")
    static let phones = Option<[String]>(name: "phone", valueName: "contact", help: "Add a phone number.")
    static let emails = Option<[String]>(name: "email", valueName: "contact", help: "Add an e-mail address.")
    static let webs = Option<[String]>(name: "web", valueName: "contact", help: "Add a web form or page.")
    static let addresses = Option<[String]>(name: "address", valueName: "contact", help: "Add a postal address.")
    static let contactSource = Option<String?>(name: "contact-source", valueName: "source", check: .nonEmpty("a source"),
                                               help: "Where the contacts added come from (default: --source, when given).")
    static let contactVerified = Option<PartialDate?>(name: "contact-verified", valueName: "date",
                                                      help: "When the contacts added were checked (default: --verified, when given; else today).")
    static let arguments: [any ArgumentSpec] = arguments(requiring: [])

    /// The options, those named in `required` made required (a new
    /// official needs a name, jurisdiction, role and source).
    static func arguments(requiring required: Set<String>) -> [any ArgumentSpec] {
        func field(_ option: Option<String?>) -> any ArgumentSpec { required.contains(option.name) ? option.required() : option }
        return [name, sortName, party, pronouns, language, jurisdiction, role, seat, district].map(field) + [titles]
            + [termStart, termEnd, source, verified].map(field) + [phones, emails, webs, addresses, contactSource, contactVerified]
            + [CampaignFiles.templates]
    }

    /// Each field's text as given; nil when its option is left out, empty
    /// to clear it.
    private let texts: [String: String]
    private let titleTexts: [String]
    private let contactTexts: [(kind: Contact.Kind, text: String)]
    private let contactSourceText: String?
    private let contactVerifiedDate: PartialDate?
    /// The roles `--role` may name: the built-in ones and the organizer's.
    private let roles: OfficeRoles

    init(_ arguments: ParsedArguments) throws {
        roles = try CampaignFiles(arguments).roles()
        var texts: [String: String] = [:]
        for option in [Self.name, Self.sortName, Self.party, Self.pronouns, Self.language, Self.jurisdiction, Self.role, Self.seat,
                       Self.district, Self.termStart, Self.termEnd, Self.source, Self.verified] {
            texts[option.name] = try arguments[option]
        }
        self.texts = texts
        titleTexts = try arguments[Self.titles]
        var contacts: [(kind: Contact.Kind, text: String)] = []
        // Grouped by kind, in the kinds' order, as contacts are stored.
        for (kind, option) in [(Contact.Kind.phone, Self.phones), (.email, Self.emails), (.web, Self.webs), (.address, Self.addresses)] {
            contacts += try arguments[option].map { (kind, $0) }
        }
        contactTexts = contacts
        contactSourceText = try arguments[Self.contactSource]
        contactVerifiedDate = try arguments[Self.contactVerified]
        for (option, given) in [(Self.contactSource.name, contactSourceText != nil), (Self.contactVerified.name, contactVerifiedDate != nil)]
        where given && contacts.isEmpty {
            throw UsageError("--\(option) goes with a contact to add: --phone, --email, --web or --address.", commandPath: arguments.commandPath)
        }
    }

    /// The text given for `option`, if it was.
    private func value(_ option: Option<String?>) -> String? { texts[option.name] }

    /// The official and office after the options are applied to `existing`
    /// (nil for a new official); every value is checked and a bad one is
    /// named by its option. Contacts added without a verification date
    /// are dated `today`.
    func apply(to existing: Official?, id: String, in directory: Directory, today: PartialDate) throws -> (Official, Office) {
        guard Official.isValidID(id) else { throw InputError("--id: malformed id '\(id)'; use lowercase letters, digits and dashes") }
        try checkCharacters()
        func date(_ option: Option<String?>) throws -> PartialDate?? {
            guard let text = value(option) else { return .none }
            if text.isEmpty { return .some(nil) }
            guard let date = PartialDate(text) else { throw InputError("--\(option.name): malformed date '\(text)'; write YYYY-MM-DD, YYYY-MM or YYYY") }
            return .some(date)
        }
        let currentOffice = existing.flatMap { directory.office($0.officeID) }
        let jurisdictionID = value(Self.jurisdiction) ?? currentOffice?.jurisdictionID ?? ""
        if let problem = OCDIdentifier.problem(with: jurisdictionID) {
            throw InputError("--jurisdiction: malformed OCD id '\(jurisdictionID)': \(problem)")
        }
        guard directory.jurisdiction(jurisdictionID) != nil else {
            throw InputError("--jurisdiction: unknown jurisdiction '\(jurisdictionID)'; add it with `campaign jurisdictions add`")
        }
        let role = value(Self.role) ?? currentOffice?.role ?? ""
        // The role an official already holds stays valid when the roles file is not at hand.
        guard roles.knows(role) || (value(Self.role) == nil && currentOffice != nil) else { throw InputError("--role: \(roles.unknown(role))") }
        let seat = value(Self.seat) ?? currentOffice?.seat ?? ""
        let officeID = Office.id(jurisdictionID: jurisdictionID, role: role, seat: seat)
        var office = directory.office(officeID) ?? roles.completingTitles(of: Office(jurisdictionID: jurisdictionID, role: role, seat: seat))
        if let district = value(Self.district) { office.districtCode = district.isEmpty ? nil : district }
        var titles: [String: String] = [:]
        for title in titleTexts {
            let parts = title.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let locale = LocaleTag.key(parts[0]), !parts[1].isEmpty else {
                throw InputError("--title: '\(title)' must be LOCALE=TEXT with a language tag, e.g. es=Alcaldesa")
            }
            titles[locale] = parts[1]
        }

        let name = value(Self.name) ?? existing?.name ?? ""
        guard !name.isEmpty else { throw InputError("--name: the name is empty") }
        let source = value(Self.source) ?? existing?.source ?? ""
        guard !source.isEmpty else { throw InputError("--source: say where the record comes from") }
        var official = existing ?? Official(id: id, name: name, sortName: "", officeID: officeID, source: source, verified: nil)
        official.name = name
        official.sortName = value(Self.sortName) ?? (existing?.name == name ? existing?.sortName : nil) ?? DirectoryCSV.defaultSortName(name)
        if let party = value(Self.party) { official.party = party.isEmpty ? nil : party }
        if let pronouns = value(Self.pronouns) { official.pronouns = pronouns.isEmpty ? nil : pronouns }
        if let language = value(Self.language) {
            do { official.language = try DirectoryCSV.language(language.isEmpty ? nil : language, at: nil) } catch {
                throw InputError("--language \(language): use a language code such as es or pt-br")
            }
        }
        official.officeID = officeID
        official.titles.merge(titles) { _, new in new }
        if let start = try date(Self.termStart) { official.termStart = start }
        if let end = try date(Self.termEnd) { official.termEnd = end }
        official.source = source
        let givenVerified = try date(Self.verified)
        if let givenVerified { official.verified = givenVerified }
        // A contact added by hand comes from where this command says, not
        // from the document the record was first taken from.
        let givenSource = value(Self.source).flatMap { $0.isEmpty ? nil : $0 }
        for (kind, text) in contactTexts {
            guard let contactSource = contactSourceText ?? givenSource else {
                throw InputError("--\(kind.rawValue): say where the contact comes from with --contact-source (the record's source, \(official.source), is not where it was found)")
            }
            let parts = text.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            do {
                var contact = try Contact(kind: kind, display: parts[0], label: parts.count > 1 ? parts[1] : "",
                                          hours: parts.count > 2 ? parts[2] : "", source: contactSource,
                                          verified: contactVerifiedDate ?? givenVerified ?? today)
                // Added by hand: a re-import keeps it.
                contact.origin = .local
                official.contacts.append(contact)
            } catch {
                throw InputError("--\(kind.rawValue): \(error)")
            }
        }
        return (official, office)
    }

    /// Refuses a value holding a control character, naming its option.
    private func checkCharacters() throws {
        let values = texts.map { ("--" + $0.key, $0.value) } + titleTexts.map { ("--title", $0) }
            + contactTexts.map { ("--" + $0.kind.rawValue, $0.text) } + (contactSourceText.map { [("--contact-source", $0)] } ?? [])
        for (option, text) in values.sorted(by: { $0.0 < $1.0 }) {
            if let scalar = ControlCharacters.first(in: text) {
                throw InputError("\(option): the value holds a control character (\(ControlCharacters.name(scalar))); remove it")
            }
        }
    }
}
