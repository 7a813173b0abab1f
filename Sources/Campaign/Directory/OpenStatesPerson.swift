/// One Open States person file, read into the directory's records: an
/// official record for each role held on the import date (the person's
/// most recent role when they hold none, so that the ended term shows),
/// with their contacts, party and identifiers.
struct OpenStatesPerson {
    /// The person's `ocd-person/…` id.
    let personID: String
    let name: String
    let sortName: String
    let party: String?
    let roles: [OpenStatesRole]
    let source: String
    let contacts: [Contact]
    let identifiers: [ExternalIdentifier]

    /// Reads a person; `file` is the record's source when it names none,
    /// `asOf` the day whose party is taken.
    init(_ root: YAMLNode, file: String, asOf: PartialDate, verified: PartialDate?) throws {
        guard root.mapping != nil else {
            throw InputError("expected an Open States person (id, name, roles, …), not \(root.kindName)", at: root.location)
        }
        personID = try OpenStatesField.string(root, "id")
        guard personID.hasPrefix("ocd-person/"), personID.count > "ocd-person/".count,
              ExternalIdentifier.problem(scheme: "openstates", value: personID) == nil else {
            throw InputError("malformed id '\(personID)'; an Open States person id is ocd-person/ and a UUID", at: root["id"]?.location)
        }
        name = try OpenStatesField.string(root, "name")
        let given = try OpenStatesField.optionalString(root, "given_name")
        let family = try OpenStatesField.optionalString(root, "family_name")
        let suffix = try OpenStatesField.optionalString(root, "suffix")
        if let given, let family {
            sortName = [family, given, suffix].compactMap { $0 }.joined(separator: ", ")
        } else {
            sortName = DirectoryCSV.defaultSortName(name)
        }
        party = try OpenStatesPerson.party(root, on: asOf)
        let errors = InputErrorCollector()
        let roleNodes = try OpenStatesField.list(root, "roles")
        roles = try roleNodes.compactMap { node in try errors.collect { try OpenStatesRole(node) } }
        if roleNodes.isEmpty { errors.add("'\(name)' has no roles; a person is imported for an office they hold or held", at: root.location) }
        let source = try OpenStatesPerson.firstURL(root, "sources") ?? OpenStatesPerson.firstURL(root, "links") ?? file
        let personID = personID
        self.source = source
        contacts = try errors.collect { try OpenStatesContacts.read(root, source: source, verified: verified) } ?? []
        identifiers = try errors.collect { try OpenStatesPerson.identifiers(root, personID: personID) } ?? []
        // Reported in file order, whichever part of the person was read first.
        let found = errors.errors.enumerated().sorted {
            ($0.element.location?.line ?? 0, $0.element.location?.column ?? 0, $0.offset)
                < ($1.element.location?.line ?? 0, $1.element.location?.column ?? 0, $1.offset)
        }.map(\.element)
        if found.count == 1 { throw found[0] }
        if !found.isEmpty { throw InputErrors(found) }
    }

    /// The roles that become records on `day`: those held then, else the most recent.
    func roles(on day: PartialDate) -> [OpenStatesRole] {
        let held = roles.filter { $0.isHeld(on: day) }
        if !held.isEmpty { return held }
        return roles.max(by: OpenStatesRole.isLessRecent).map { [$0] } ?? []
    }

    /// The party current on `day`, else the last one listed.
    private static func party(_ root: YAMLNode, on day: PartialDate) throws -> String? {
        var parties: [(name: String, start: PartialDate?, end: PartialDate?)] = []
        for entry in try OpenStatesField.list(root, "party") {
            guard entry.mapping != nil else { throw InputError("a party must be a mapping with a name, not \(entry.kindName)", at: entry.location) }
            parties.append((try OpenStatesField.string(entry, "name"), try OpenStatesField.date(entry, "start_date"),
                            try OpenStatesField.date(entry, "end_date")))
        }
        let current = parties.last { OpenStatesRole.covers(start: $0.start, end: $0.end, day: day) }
        return (current ?? parties.last)?.name
    }

    /// The first `url` of a list of sources or links.
    private static func firstURL(_ root: YAMLNode, _ key: String) throws -> String? {
        for entry in try OpenStatesField.list(root, key) {
            if let url = try OpenStatesField.optionalString(entry, "url") { return url }
        }
        return nil
    }

    /// The person's id as `openstates`, the handles of `ids` (twitter, …)
    /// and `other_identifiers`, each under its scheme.
    private static func identifiers(_ root: YAMLNode, personID: String) throws -> [ExternalIdentifier] {
        var found: Set<ExternalIdentifier> = [ExternalIdentifier(scheme: "openstates", value: personID)]
        func add(_ scheme: String, _ value: String, at location: SourceLocation) throws {
            let scheme = scheme.lowercased()
            if let problem = ExternalIdentifier.problem(scheme: scheme, value: value) { throw InputError(problem, at: location) }
            found.insert(ExternalIdentifier(scheme: scheme, value: value))
        }
        if let ids = root["ids"], !ids.isNull {
            guard let entries = ids.mapping else { throw InputError("'ids' must be a mapping of scheme to id, not \(ids.kindName)", at: ids.location) }
            for (key, value) in entries {
                guard let scheme = key.string, let text = value.string?.trimmedWhitespace, !text.isEmpty else { continue }
                try add(scheme, text, at: value.location)
            }
        }
        for entry in try OpenStatesField.list(root, "other_identifiers") {
            try add(try OpenStatesField.string(entry, "scheme"), try OpenStatesField.string(entry, "identifier"), at: entry.location)
        }
        return found.sorted()
    }
}
