/// The directory as Popolo JSON (areas, posts, persons, memberships), the
/// shape civic-tech tools exchange. Extensions Popolo lacks are plain
/// members: `seat`, `district` and `titles` on posts, `verified` on sources,
/// `hours` on contact details.
public enum PopoloJSON {
    // MARK: - Writing

    /// The whole directory as one Popolo document.
    public static func export(_ directory: Directory) -> String {
        let areas: [JSONOutput] = DirectoryCSV.parentsFirst(directory.jurisdictions).map { jurisdiction in
            var members: [(String, JSONOutput)] = [("id", .string(jurisdiction.id)), ("name", .string(jurisdiction.name)),
                                                   ("classification", .string(jurisdiction.kind.rawValue)), ("parent_id", .string(jurisdiction.parentID))]
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

    /// Parses a Popolo document with the members `export` writes.
    public static func parse(bytes: [UInt8], file: String, roles: OfficeRoles = .builtIn) throws -> ParsedDirectory {
        let root = try JSONParser.parse(bytes: bytes, file: file)
        let reader = Reader(errors: InputErrorCollector(), roles: roles)
        let parsed = try reader.read(root)
        try reader.errors.throwIfAny()
        return parsed
    }

    private struct Reader {
        let errors: InputErrorCollector
        let roles: OfficeRoles

        func read(_ root: JSONNode) throws -> ParsedDirectory {
            guard root.members != nil else { throw InputError("expected a Popolo object with areas, posts, persons and memberships", at: root.location) }
            var parsed = ParsedDirectory()
            for area in list(root, "areas") {
                try errors.collect {
                    let id = try string(area, "id")
                    if let problem = OCDIdentifier.problem(with: id) {
                        throw InputError("malformed OCD id '\(id)': \(problem)", at: area["id"]?.location)
                    }
                    if let first = parsed.jurisdictionLocations[id] { throw InputError("duplicate id '\(id)' (first at \(first))", at: area["id"]?.location) }
                    let kindText = try string(area, "classification")
                    guard let kind = Jurisdiction.Kind(rawValue: kindText) else {
                        throw InputError("unknown kind '\(kindText)' (known kinds: \(Jurisdiction.Kind.allCases.map(\.rawValue).joined(separator: ", ")))",
                                         at: area["classification"]?.location)
                    }
                    let parent = try optionalString(area, "parent_id")
                    if let parent, let node = area["parent_id"] {
                        if let problem = OCDIdentifier.problem(with: parent) { throw InputError("malformed OCD id '\(parent)': \(problem)", at: node.location) }
                        parsed.jurisdictionReferences.append(.init(id: parent, location: node.location))
                    }
                    parsed.directory.jurisdictions.append(Jurisdiction(id: id, name: try string(area, "name"), kind: kind, parentID: parent,
                                                                       identifiers: try identifiers(area)))
                    parsed.jurisdictionLocations[id] = area.location
                }
            }
            var officesByPostID: [String: Office] = [:]
            for post in list(root, "posts") {
                try errors.collect {
                    let postID = try string(post, "id")
                    let jurisdictionID = try string(post, "area_id")
                    if let problem = OCDIdentifier.problem(with: jurisdictionID) {
                        throw InputError("malformed OCD id '\(jurisdictionID)': \(problem)", at: post["area_id"]?.location)
                    }
                    parsed.jurisdictionReferences.append(.init(id: jurisdictionID, location: post["area_id"]?.location ?? post.location))
                    let role = try string(post, "role")
                    guard roles.knows(role) else {
                        throw InputError(roles.unknown(role), at: post["role"]?.location)
                    }
                    let office = Office(jurisdictionID: jurisdictionID, role: role, seat: try optionalString(post, "seat") ?? "",
                                        districtCode: try optionalString(post, "district"), titles: try titles(post),
                                        contacts: try contacts(post, defaultSource: nil))
                    if officesByPostID[postID] != nil { throw InputError("duplicate post id '\(postID)'", at: post["id"]?.location) }
                    officesByPostID[postID] = office
                    parsed.directory.offices.append(office)
                    parsed.describedOffices.insert(office.id)
                    parsed.officeLocations[office.id] = post.location
                }
            }
            var memberships: [String: JSONNode] = [:]
            for membership in list(root, "memberships") {
                try errors.collect {
                    let personID = try string(membership, "person_id")
                    if memberships[personID] != nil {
                        throw InputError("person '\(personID)' has a second membership; the directory keeps one office per official", at: membership.location)
                    }
                    memberships[personID] = membership
                }
            }
            for person in list(root, "persons") {
                try errors.collect {
                    let id = try string(person, "id")
                    guard Official.isValidID(id) else { throw InputError("malformed id '\(id)'; use lowercase letters, digits and dashes", at: person["id"]?.location) }
                    if let first = parsed.officialLocations[id] { throw InputError("duplicate id '\(id)' (first at \(first))", at: person["id"]?.location) }
                    guard let membership = memberships[id] else { throw InputError("person '\(id)' has no membership naming their post", at: person.location) }
                    let postID = try string(membership, "post_id")
                    guard let office = officesByPostID[postID] else { throw InputError("unknown post '\(postID)'", at: membership["post_id"]?.location) }
                    let (source, verified) = try sourceOf(person, defaultSource: nil)
                    let name = try string(person, "name")
                    let sortName = try optionalString(person, "sort_name")
                    parsed.directory.officials.append(Official(
                        id: id, name: name, sortName: sortName ?? DirectoryCSV.defaultSortName(name),
                        party: try optionalString(membership, "party"), pronouns: try optionalString(person, "pronouns"),
                        language: try DirectoryCSV.language(try optionalString(person, "language"), at: person["language"]?.location),
                        officeID: office.id, termStart: try date(membership, "start_date"), termEnd: try date(membership, "end_date"),
                        source: source, verified: verified, contacts: try contacts(person, defaultSource: (source, verified)),
                        titles: try titles(membership), identifiers: try identifiers(person)))
                    parsed.officialLocations[id] = person.location
                }
            }
            return parsed
        }

        func list(_ node: JSONNode, _ key: String) -> [JSONNode] {
            guard let child = node[key] else { return [] }
            guard let elements = child.array else {
                errors.add("'\(key)' must be an array, not \(child.kindName)", at: child.location)
                return []
            }
            return elements
        }

        func string(_ node: JSONNode, _ key: String) throws -> String {
            guard let child = node[key] else { throw InputError("missing '\(key)'", at: node.location) }
            guard let text = child.string, !text.isEmpty else { throw InputError("'\(key)' must be a non-empty string, not \(child.quoted)", at: child.location) }
            try checkCharacters(text, key, child)
            return text
        }

        func optionalString(_ node: JSONNode, _ key: String) throws -> String? {
            guard let child = node[key], !child.isNull else { return nil }
            guard let text = child.string else { throw InputError("'\(key)' must be a string, not \(child.kindName)", at: child.location) }
            try checkCharacters(text, key, child)
            return text.isEmpty ? nil : text
        }

        /// Refuses control characters (NUL, ESC, …), as the CSV import does;
        /// a contact's value (a postal address) and note may have line breaks.
        func checkCharacters(_ text: String, _ key: String, _ node: JSONNode) throws {
            if let scalar = ControlCharacters.first(in: text, allowingLineBreaks: key == "value" || key == "note") {
                throw InputError("'\(key)' holds a control character (\(ControlCharacters.name(scalar))); remove it", at: node.location)
            }
        }

        func titles(_ node: JSONNode) throws -> [String: String] {
            var titles: [String: String] = [:]
            guard let titlesNode = node["titles"], !titlesNode.isNull else { return titles }
            guard let members = titlesNode.members else {
                throw InputError("titles must be an object of locale to title, not \(titlesNode.kindName)", at: titlesNode.location)
            }
            for (locale, title) in members {
                guard let key = LocaleTag.key(locale) else {
                    throw InputError("'\(locale)' is not a language tag; write en, es or es-MX", at: title.location)
                }
                guard let text = title.string else { throw InputError("title for '\(locale)' must be a string", at: title.location) }
                try checkCharacters(text, "titles.\(locale)", title)
                titles[key] = text
            }
            return titles
        }

        /// Popolo's `identifiers`: [{"scheme": …, "identifier": …}].
        func identifiers(_ node: JSONNode) throws -> [ExternalIdentifier] {
            guard let list = node["identifiers"], !list.isNull else { return [] }
            guard let elements = list.array else { throw InputError("'identifiers' must be an array, not \(list.kindName)", at: list.location) }
            return try elements.map { element in
                let scheme = try string(element, "scheme"), value = try string(element, "identifier")
                if let problem = ExternalIdentifier.problem(scheme: scheme, value: value) { throw InputError(problem, at: element.location) }
                return ExternalIdentifier(scheme: scheme, value: value)
            }
        }

        func date(_ node: JSONNode, _ key: String) throws -> PartialDate? {
            guard let text = try optionalString(node, key) else { return nil }
            guard let date = PartialDate(text) else {
                throw InputError("malformed date '\(text)' in \(key); write YYYY-MM-DD, YYYY-MM or YYYY", at: node[key]?.location)
            }
            return date
        }

        func sourceOf(_ node: JSONNode, defaultSource: (String, PartialDate?)?) throws -> (String, PartialDate?) {
            guard let sources = node["sources"]?.array, let first = sources.first else {
                if let defaultSource { return defaultSource }
                throw InputError("missing 'sources'; say where the record comes from", at: node.location)
            }
            guard let source = try optionalString(first, "url") ?? optionalString(first, "note") else {
                throw InputError("a source needs a 'url' or a 'note'", at: first.location)
            }
            return (source, try date(first, "verified"))
        }

        func contacts(_ node: JSONNode, defaultSource: (String, PartialDate?)?) throws -> [Contact] {
            guard let details = node["contact_details"], !details.isNull else { return [] }
            guard let elements = details.array else { throw InputError("'contact_details' must be an array", at: details.location) }
            return try elements.map { detail in
                let type = try string(detail, "type")
                guard let kind = PopoloJSON.popoloTypes.first(where: { $0.value == type })?.key else {
                    throw InputError("unknown contact type '\(type)' (known types: voice, email, url, address)", at: detail["type"]?.location)
                }
                let (source, verified) = try sourceOf(detail, defaultSource: defaultSource)
                do {
                    return try Contact(kind: kind, display: try string(detail, "value"), label: try optionalString(detail, "label") ?? "",
                                       hours: try optionalString(detail, "hours") ?? "", note: try optionalString(detail, "note") ?? "",
                                       source: source, verified: verified)
                } catch let error as ContactError {
                    throw InputError(error.description, at: detail["value"]?.location)
                }
            }
        }
    }
}
