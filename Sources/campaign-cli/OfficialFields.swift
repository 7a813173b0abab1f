import Campaign

/// The options `officials add` and `officials edit` share, and how they
/// change an official.
struct OfficialFields {
    static let discussion = """
        A contact is VALUE, or VALUE | LABEL | HOURS: --phone "(360) 902-4110 | Olympia office | Mon–Fri 8–5". \
        Titles are LOCALE=TEXT: --title es=Alcaldesa.
        """
    static let arguments: [ArgumentSpec] = [
        .option("name", "name", help: "Full name as it should be shown."),
        .option("sort-name", "name", help: "Name as it sorts (default: \"Family, Given\")."),
        .option("party", "party", help: "Party, if any."),
        .option("pronouns", "pronouns", help: "Pronouns, if given."),
        .option("language", "code", help: "The language to write to them in (es, en), when not the campaign's."),
        .option("jurisdiction", "id", help: "The OCD id of the jurisdiction served."),
        .option("role", "role", help: "The office's role: \(OfficeRole.slugList)."),
        .option("seat", "seat", help: "The seat, e.g. \"Ward 5\" or \"Position 9\"; empty for a sole office."),
        .option("district", "code", help: "The district code the seat represents."),
        .option("title", "locale=text", repeating: true, help: "This holder's title in a locale, e.g. es=Alcaldesa."),
        .option("term-start", "date", help: "Start of term (YYYY-MM-DD, YYYY-MM or YYYY)."),
        .option("term-end", "date", help: "End of term."),
        .option("source", "source", help: "The document or URL the record comes from."),
        .option("verified", "date", help: "When the record was checked against its source."),
        .option("phone", "contact", repeating: true, help: "Add a phone number."),
        .option("email", "contact", repeating: true, help: "Add an e-mail address."),
        .option("web", "contact", repeating: true, help: "Add a web form or page."),
        .option("address", "contact", repeating: true, help: "Add a postal address."),
    ]

    let arguments: ParsedArguments

    init(_ arguments: ParsedArguments) { self.arguments = arguments }

    func value(_ name: String) -> String? { arguments.option(name) }

    /// The official and office after the options are applied to `existing`
    /// (nil for a new official); every value is checked and a bad one is
    /// named by its option.
    func apply(to existing: Official?, id: String, in directory: Directory) throws -> (Official, Office) {
        guard Official.isValidID(id) else { throw InputError("--id: malformed id '\(id)'; use lowercase letters, digits and dashes") }
        func date(_ name: String) throws -> PartialDate?? {
            guard let text = value(name) else { return .none }
            if text.isEmpty { return .some(nil) }
            guard let date = PartialDate(text) else { throw InputError("--\(name): malformed date '\(text)'; write YYYY-MM-DD, YYYY-MM or YYYY") }
            return .some(date)
        }
        let currentOffice = existing.flatMap { directory.office($0.officeID) }
        let jurisdictionID = value("jurisdiction") ?? currentOffice?.jurisdictionID ?? ""
        if let problem = OCDIdentifier.problem(with: jurisdictionID) {
            throw InputError("--jurisdiction: malformed OCD id '\(jurisdictionID)': \(problem)")
        }
        guard directory.jurisdiction(jurisdictionID) != nil else {
            throw InputError("--jurisdiction: unknown jurisdiction '\(jurisdictionID)'; add it with `campaign jurisdictions add`")
        }
        let role = value("role") ?? currentOffice?.role ?? ""
        guard OfficeRole.named(role) != nil else { throw InputError("--role: unknown role '\(role)' (known roles: \(OfficeRole.slugList))") }
        let seat = value("seat") ?? currentOffice?.seat ?? ""
        let officeID = Office.id(jurisdictionID: jurisdictionID, role: role, seat: seat)
        var office = directory.office(officeID) ?? Office(jurisdictionID: jurisdictionID, role: role, seat: seat)
        if let district = value("district") { office.districtCode = district.isEmpty ? nil : district }
        var titles: [String: String] = [:]
        for title in arguments.options("title") {
            let parts = title.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let locale = LocaleTag.key(parts[0]), !parts[1].isEmpty else {
                throw InputError("--title: '\(title)' must be LOCALE=TEXT with a language tag, e.g. es=Alcaldesa")
            }
            titles[locale] = parts[1]
        }

        let name = value("name") ?? existing?.name ?? ""
        guard !name.isEmpty else { throw InputError("--name: the name is empty") }
        let source = value("source") ?? existing?.source ?? ""
        guard !source.isEmpty else { throw InputError("--source: say where the record comes from") }
        var official = existing ?? Official(id: id, name: name, sortName: "", officeID: officeID, source: source, verified: nil)
        official.name = name
        official.sortName = value("sort-name") ?? (existing?.name == name ? existing?.sortName : nil) ?? DirectoryCSV.defaultSortName(name)
        if let party = value("party") { official.party = party.isEmpty ? nil : party }
        if let pronouns = value("pronouns") { official.pronouns = pronouns.isEmpty ? nil : pronouns }
        if let language = value("language") {
            do { official.language = try DirectoryCSV.language(language.isEmpty ? nil : language, at: nil) } catch {
                throw InputError("--language \(language): use a language code such as es or pt-br")
            }
        }
        official.officeID = officeID
        official.titles.merge(titles) { _, new in new }
        if let start = try date("term-start") { official.termStart = start }
        if let end = try date("term-end") { official.termEnd = end }
        official.source = source
        if let verified = try date("verified") { official.verified = verified }
        for kind in Contact.Kind.allCases {
            for text in arguments.options(kind == .web ? "web" : kind.rawValue) {
                let parts = text.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                do {
                    official.contacts.append(try Contact(kind: kind, display: parts[0], label: parts.count > 1 ? parts[1] : "",
                                                         hours: parts.count > 2 ? parts[2] : "", source: official.source,
                                                         verified: official.verified))
                } catch {
                    throw InputError("--\(kind.rawValue): \(error)")
                }
            }
        }
        return (official, office)
    }
}
