import Foundation

/// Reads Open States' people data (github.com/openstates/people, CC0): a
/// person's YAML file, a state's folder (`executive/`, `legislature/`,
/// `municipalities/` and `municipalities.yml`), several of them, or the
/// whole `data/` tree, into directory records with where each came from.
///
/// - A role's `ocd-jurisdiction` id stands for its division. Jurisdictions
///   the records need are created when the database lacks them: a city by
///   its name in the state's `municipalities.yml`, a state, DC or territory
///   by its name; one the database holds is left as it is.
/// - Each role held on `asOf` becomes an official record (the first keeps
///   the person's id, the others add their role and seat); a person who
///   holds none comes in with their most recent role, ended, so that
///   `officials stale` shows it.
/// - Ids are slugs of the name; the import settles them against the
///   database (see `ParsedDirectory.settleGeneratedIDs`).
/// - Open States does not date its records: they are unverified unless
///   `verified` is given.
public enum OpenStatesPeople {
    /// The Open States person id's scheme among an official's identifiers.
    public static let scheme = "openstates"

    /// Reads `paths`; every problem is reported with file:line:column, in
    /// file order, and nothing is returned if there is any. With
    /// `skipInvalid`, a person's file with a problem is left out instead
    /// (`ParsedDirectory.problems`); a `municipalities.yml` with one still
    /// stops the import, since the cities of the state depend on it.
    public static func read(paths: [String], asOf: PartialDate, verified: PartialDate? = nil, skipInvalid: Bool = false) throws -> ParsedDirectory {
        let files = try OpenStatesFiles(paths: paths)
        let fatal = InputErrorCollector(), people = InputErrorCollector()
        var builder = Builder(asOf: asOf, verified: verified)
        for file in files.municipalityNames {
            guard let root = try fatal.collect({ try parse(file) }) else { continue }
            try fatal.collect { try builder.addMunicipalities(root, creating: files.municipalities.contains(file)) }
        }
        for file in files.people {
            guard let root = try people.collect({ try parse(file) }) else { continue }
            try people.collect { try builder.addPerson(root, file: file) }
        }
        if !fatal.errors.isEmpty || !skipInvalid {
            try InputErrorCollector(fatal.errors + people.errors).throwIfAny()
        }
        var parsed = builder.parsed
        parsed.problems = InputErrors.inFileOrder(people.errors)
        parsed.skipsInvalid = skipInvalid
        return parsed
    }

    private static func parse(_ file: String) throws -> YAMLNode {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw InputError("cannot read \(file): no such file, or it is not readable")
        }
        return try YAMLDocument.parse(bytes: [UInt8](data), file: file)
    }

    /// Gathers the records of every file read.
    private struct Builder {
        let asOf: PartialDate
        let verified: PartialDate?
        var parsed = ParsedDirectory()
        /// City names from `municipalities.yml`, by division.
        var placeNames: [String: String] = [:]
        /// Ids handed out so far, so that two people of one name differ.
        var taken: Set<String> = []

        init(asOf: PartialDate, verified: PartialDate?) {
            self.asOf = asOf
            self.verified = verified
        }

        /// Reads a `municipalities.yml`: its names, and with `creating` its
        /// cities as jurisdictions.
        mutating func addMunicipalities(_ root: YAMLNode, creating: Bool) throws {
            guard let entries = root.sequence else {
                throw InputError("expected a list of municipalities (name, id), not \(root.kindName)", at: root.location)
            }
            let errors = InputErrorCollector()
            for entry in entries {
                try errors.collect {
                    guard entry.mapping != nil else { throw InputError("a municipality must be a mapping (name, id), not \(entry.kindName)", at: entry.location) }
                    let name = try OpenStatesField.string(entry, "name")
                    let division = try OpenStatesRole.division(of: try OpenStatesField.string(entry, "id"), at: entry["id"]?.location ?? entry.location)
                    placeNames[division] = placeNames[division] ?? name
                    if creating { need(division, at: entry.location) }
                }
            }
            try errors.throwIfAny()
        }

        /// Reads a person into one record per role held on the import date.
        mutating func addPerson(_ root: YAMLNode, file: String) throws {
            let person = try OpenStatesPerson(root, file: file, asOf: asOf, verified: verified)
            let uuid = String(person.personID.dropFirst("ocd-person/".count))
            let slug = OfficialSlug.make(person.name) ?? "person-\(uuid.prefix(8))"
            var firstID: String?
            for role in person.roles(on: asOf) {
                need(role.divisionID, at: role.location)
                parsed.jurisdictionReferences.append(.init(id: role.divisionID, location: role.location))
                let office = role.office
                if !parsed.directory.offices.contains(where: { $0.id == office.id }) {
                    parsed.directory.offices.append(office)
                    parsed.officeLocations[office.id] = role.location
                }
                let state = OCDIdentifier.ancestors(of: role.divisionID).reversed().dropFirst().first.flatMap { $0.split(separator: ":").last }
                    ?? role.divisionID.split(separator: ":").last ?? ""
                var generated = GeneratedOfficialID(person: ExternalIdentifier(scheme: OpenStatesPeople.scheme, value: person.personID),
                                                    slug: slug, qualifiers: [String(state), String(uuid.prefix(8))].filter { !$0.isEmpty })
                if firstID != nil {
                    generated.officeSuffix = [role.role.slug, OfficialSlug.seat(role.seat)].filter { !$0.isEmpty }.joined(separator: "-")
                }
                let id = generated.candidates(firstID: firstID).first { !taken.contains($0) } ?? "\(slug)-\(uuid)"
                taken.insert(id)
                firstID = firstID ?? id
                parsed.directory.officials.append(Official(
                    id: id, name: person.name, sortName: person.sortName, party: person.party, officeID: office.id,
                    termStart: role.start, termEnd: role.end, source: person.source, verified: verified,
                    contacts: person.contacts, identifiers: person.identifiers))
                parsed.officialLocations[id] = role.location
                parsed.generatedOfficialIDs[id] = generated
            }
        }

        /// Creates the jurisdiction `division` and the states and country
        /// above it, where their names are known, unless the database holds them.
        mutating func need(_ division: String, at location: SourceLocation) {
            for id in [division] + OCDIdentifier.ancestors(of: division) {
                guard parsed.jurisdictionLocations[id] == nil, let name = USStateNames.name(of: id) ?? placeNames[id] else { continue }
                parsed.directory.jurisdictions.append(Jurisdiction(id: id, name: name, kind: Jurisdiction.Kind(ocdID: id)))
                parsed.jurisdictionLocations[id] = location
                parsed.derivedParents.insert(id)
                parsed.impliedJurisdictions.insert(id)
            }
        }
    }
}
