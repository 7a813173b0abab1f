/// The directory as Popolo JSON (areas, posts, persons, memberships), the
/// shape civic-tech tools exchange. Extensions Popolo lacks are plain
/// members: `seat`, `district` and `titles` on posts, `verified` on sources,
/// `hours` on contact details, `language` on areas as on persons. An area's
/// names in other languages are `other_names` with a `lang`, as
/// EveryPolitician writes them.
public enum PopoloJSON {
    // MARK: - Writing

    /// The whole directory as one Popolo document.
    public static func export(_ directory: Directory) -> String {
        let areas: [JSONOutput] = DirectoryCSV.parentsFirst(directory.jurisdictions).map { jurisdiction in
            var members: [(String, JSONOutput)] = [("id", .string(jurisdiction.id)), ("name", .string(jurisdiction.name)),
                                                   ("classification", .string(jurisdiction.kind.rawValue)), ("parent_id", .string(jurisdiction.parentID))]
            if let language = jurisdiction.language { members.append(("language", .string(language))) }
            if !jurisdiction.names.isEmpty {
                members.append(("other_names", .array(jurisdiction.names.sorted { $0.key < $1.key }.map { locale, name in
                    .object([("lang", .string(LocaleTag.canonical(locale) ?? locale)), ("name", .string(name)), ("note", .string("multilingual"))])
                })))
            }
            if !jurisdiction.identifiers.isEmpty { members.append(("identifiers", identifiers(jurisdiction.identifiers))) }
            return .object(members)
        }
        let posts: [JSONOutput] = directory.offices.sorted { $0.id < $1.id }.map { office in
            var members: [(String, JSONOutput)] = [
                ("id", .string(office.id)), ("label", .string(office.title(in: "en"))), ("role", .string(office.role)),
                ("area_id", .string(office.jurisdictionID)), ("seat", .string(office.seat)),
                ("district", .string(office.districtCode)),
                ("titles", .object(office.titles.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ]
            if !office.contacts.isEmpty { members.append(("contact_details", .array(office.contacts.map(contactDetail)))) }
            return .object(members)
        }
        let officials = directory.officialsInDisplayOrder
        let persons: [JSONOutput] = officials.map { official in
            var members: [(String, JSONOutput)] = [
                ("id", .string(official.id)), ("name", .string(official.name)), ("sort_name", .string(official.sortName)),
            ]
            if let pronouns = official.pronouns { members.append(("pronouns", .string(pronouns))) }
            if let language = official.language { members.append(("language", .string(language))) }
            if !official.identifiers.isEmpty { members.append(("identifiers", identifiers(official.identifiers))) }
            members.append(("contact_details", .array(official.contacts.map(contactDetail))))
            members.append(("sources", .array([source(official.source, official.verified)])))
            return .object(members)
        }
        let memberships: [JSONOutput] = officials.map { official in
            var members: [(String, JSONOutput)] = [("person_id", .string(official.id)), ("post_id", .string(official.officeID))]
            if let party = official.party { members.append(("party", .string(party))) }
            if let start = official.termStart { members.append(("start_date", .string(start.description))) }
            if let end = official.termEnd { members.append(("end_date", .string(end.description))) }
            if !official.titles.isEmpty {
                members.append(("titles", .object(official.titles.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
            }
            return .object(members)
        }
        return JSONOutput.object([("areas", .array(areas)), ("posts", .array(posts)),
                                  ("persons", .array(persons)), ("memberships", .array(memberships))]).rendered()
    }

    private static let popoloTypes: [Contact.Kind: String] = [.phone: "voice", .email: "email", .web: "url", .address: "address"]

    private static func identifiers(_ identifiers: [ExternalIdentifier]) -> JSONOutput {
        .array(identifiers.map { .object([("scheme", .string($0.scheme)), ("identifier", .string($0.value))]) })
    }

    private static func contactDetail(_ contact: Contact) -> JSONOutput {
        var members: [(String, JSONOutput)] = [("type", .string(popoloTypes[contact.kind] ?? contact.kind.rawValue)),
                                               ("value", .string(contact.display))]
        if !contact.label.isEmpty { members.append(("label", .string(contact.label))) }
        if !contact.hours.isEmpty { members.append(("hours", .string(contact.hours))) }
        if !contact.note.isEmpty { members.append(("note", .string(contact.note))) }
        members.append(("sources", .array([source(contact.source, contact.verified)])))
        return .object(members)
    }

    private static func source(_ source: String, _ verified: PartialDate?) -> JSONOutput {
        let isURL = source.hasPrefix("http://") || source.hasPrefix("https://")
        return .object([(isURL ? "url" : "note", .string(source)), ("verified", .string(verified?.description))])
    }

    // MARK: - Reading

    /// Parses a Popolo document, the project's own or a published one (see
    /// `PopoloReader`), all or nothing: any record's problem is thrown, every
    /// one of them in file order.
    public static func parse(bytes: [UInt8], file: String, roles: OfficeRoles = .builtIn, options: PopoloOptions = .init()) throws -> ParsedDirectory {
        let parsed = try read(bytes: bytes, file: file, roles: roles, options: options)
        if !parsed.problems.isEmpty { try InputErrorCollector(parsed.problems).throwIfAny() }
        return parsed
    }

    /// Reads what can be read: the records without problems, and in
    /// `ParsedDirectory.problems` the others'. Only a file that is not a
    /// Popolo document at all throws.
    public static func read(bytes: [UInt8], file: String, roles: OfficeRoles = .builtIn, options: PopoloOptions = .init()) throws -> ParsedDirectory {
        let root = try JSONParser.parse(bytes: bytes, file: file)
        return try PopoloReader(roles: roles, options: options).read(root)
    }
}
