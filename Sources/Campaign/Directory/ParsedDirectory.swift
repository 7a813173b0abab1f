/// Directory records read from a file, with where each came from so that
/// checks made later against the database can still name file:line:column.
public struct ParsedDirectory: Sendable {
    /// A reference to a jurisdiction that must exist.
    public struct Reference: Sendable, Hashable {
        public let id: String
        public let location: SourceLocation
    }

    public var directory = Directory()
    /// Jurisdictions the records name, with where they name them.
    public var jurisdictionReferences: [Reference] = []
    /// Where each official was first described.
    public var officialLocations: [String: SourceLocation] = [:]
    /// Where each jurisdiction was described.
    public var jurisdictionLocations: [String: SourceLocation] = [:]
    /// Offices the files describe themselves (an office row, a Popolo
    /// post), as opposed to offices only an official's row names.
    public var describedOffices: Set<String> = []
    /// Where each office was first named.
    public var officeLocations: [String: SourceLocation] = [:]
    /// Jurisdictions given without a parent: theirs follows from the id,
    /// once the import knows which of its ancestors exist.
    public var derivedParents: Set<String> = []
    /// Jurisdictions read from the ocd-division-ids project's own files,
    /// where one division may be listed in several files.
    public var repeatableJurisdictions: Set<String> = []
    /// Records a reader left out, each with its problem, in file order:
    /// an import refuses them all, or with `skipInvalid` leaves them out.
    public var problems: [InputError] = []
    /// Records left out because one they depend on was (an official in an
    /// area that was left out), each said so; reported when skipping.
    public var skippedAlong: [InputError] = []
    /// Whether the import leaves out what has problems (`--skip-invalid`)
    /// rather than refusing everything.
    public var skipsInvalid = false
    /// Ids of jurisdictions a reader left out for their problems, so that
    /// what lies in them is said to be left out with them.
    public var leftOutJurisdictions: Set<String> = []
    /// Jurisdictions the records need but no file describes (a state
    /// named from a table): added only when the database lacks them.
    public var impliedJurisdictions: Set<String> = []
    /// Officials whose ids the import made from their names, with how: the
    /// import settles them against the database (`settleGeneratedIDs`).
    public var generatedOfficialIDs: [String: GeneratedOfficialID] = [:]
    /// Officials CSV files read in a first pass only, by name: their
    /// officials are in `directory` without their contacts, and an import
    /// reads each file again for them, one official at a time
    /// (`forEachWholeOfficial`).
    public var outlinedFiles: [String: OfficialsFileOutline] = [:]

    /// Gives each jurisdiction without a parent the nearest ancestor in its
    /// id that the files or `known` hold (Seattle's ward in Seattle, else in
    /// Washington), or none.
    public mutating func deriveParents(known: Set<String>) {
        guard !derivedParents.isEmpty else { return }
        let available = known.union(directory.jurisdictions.map(\.id))
        for index in directory.jurisdictions.indices where derivedParents.contains(directory.jurisdictions[index].id) {
            directory.jurisdictions[index].parentID = OCDIdentifier.ancestors(of: directory.jurisdictions[index].id).first(where: available.contains)
        }
    }

    /// Whether no two records have one id, and only they have a place:
    /// then adding them one by one to none would give them as they are.
    private static func eachOnce(_ ids: [String], placed places: [String: SourceLocation]) -> Bool {
        let distinct = Set(ids)
        return distinct.count == ids.count && places.keys.allSatisfy(distinct.contains)
    }

    /// Adds another file's records; the same id in two files is an error.
    /// The records read so far are looked up by id while the new ones are
    /// gathered beside them, then appended at once: appending as they come
    /// would drop the directory's index of ids at every record.
    mutating func merge(_ other: ParsedDirectory, errors: InputErrorCollector) {
        var jurisdictions: [Jurisdiction] = []
        var jurisdictionPositions: [String: Int] = [:]
        for jurisdiction in other.directory.jurisdictions {
            if let first = jurisdictionLocations[jurisdiction.id] {
                let earlier = directory.jurisdiction(jurisdiction.id) ?? jurisdictionPositions[jurisdiction.id].map { jurisdictions[$0] }
                if repeatableJurisdictions.contains(jurisdiction.id), other.repeatableJurisdictions.contains(jurisdiction.id),
                   earlier == jurisdiction { continue }
                errors.add("duplicate jurisdiction id '\(jurisdiction.id)' (first described at \(first))",
                           at: other.jurisdictionLocations[jurisdiction.id])
                continue
            }
            jurisdictionPositions[jurisdiction.id] = jurisdictions.count
            jurisdictions.append(jurisdiction)
            jurisdictionLocations[jurisdiction.id] = other.jurisdictionLocations[jurisdiction.id]
        }
        var offices = directory.offices
        if offices.isEmpty && officeLocations.isEmpty && Self.eachOnce(other.directory.offices.map(\.id), placed: other.officeLocations) {
            // The first offices are taken as they are, as the first officials are below.
            offices = other.directory.offices
            officeLocations = other.officeLocations
        } else {
            var officePositions: [String: Int] = [:]
            for office in other.directory.offices {
                let location = other.officeLocations[office.id]
                if let index = directory.officePosition(office.id) ?? officePositions[office.id] {
                    let first = officeLocations[office.id].map { " at \($0)" } ?? ""
                    if offices[index].districtCode != office.districtCode {
                        errors.add("office '\(office.id)' is given district '\(office.districtCode ?? "")' here but '\(offices[index].districtCode ?? "")'\(first)", at: location)
                    }
                    for (locale, title) in office.titles {
                        if let other = offices[index].titles[locale], other != title {
                            errors.add("office '\(office.id)' is titled '\(title)' here but '\(other)'\(first)", at: location)
                        }
                    }
                    offices[index].contacts += office.contacts
                    offices[index].titles.merge(office.titles) { current, _ in current }
                } else {
                    officePositions[office.id] = offices.count
                    offices.append(office)
                    officeLocations[office.id] = location
                }
            }
        }
        directory.jurisdictions += jurisdictions
        directory.offices = offices
        describedOffices.formUnion(other.describedOffices)
        derivedParents.formUnion(other.derivedParents)
        repeatableJurisdictions.formUnion(other.repeatableJurisdictions)
        impliedJurisdictions.formUnion(other.impliedJurisdictions)
        generatedOfficialIDs.merge(other.generatedOfficialIDs) { first, _ in first }
        outlinedFiles.merge(other.outlinedFiles) { first, _ in first }
        if directory.officials.isEmpty && officialLocations.isEmpty
            && Self.eachOnce(other.directory.officials.map(\.id), placed: other.officialLocations) {
            // The first officials are taken as they are: tens of thousands appended one by one would be held twice.
            directory.officials = other.directory.officials
            officialLocations = other.officialLocations
        } else {
            directory.officials.reserveCapacity(directory.officials.count + other.directory.officials.count)
            for official in other.directory.officials {
                if let first = officialLocations[official.id] {
                    errors.add("duplicate id '\(official.id)' (first described at \(first))", at: other.officialLocations[official.id])
                    continue
                }
                directory.officials.append(official)
                officialLocations[official.id] = other.officialLocations[official.id]
            }
        }
        // A row's reference each: taken as they are by a directory with none yet, rather than copied.
        jurisdictionReferences = jurisdictionReferences.isEmpty ? other.jurisdictionReferences
            : jurisdictionReferences + other.jurisdictionReferences
        problems += other.problems
        skippedAlong += other.skippedAlong
        leftOutJurisdictions.formUnion(other.leftOutJurisdictions)
    }
}
