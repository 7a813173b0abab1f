extension ParsedDirectory {
    /// Fits records made from a source with ids of its own to what the
    /// database holds: jurisdictions the database has already are left as
    /// they are, and generated official ids are settled
    /// (`settleGeneratedIDs`). Settling twice changes nothing more.
    mutating func settle(against current: Directory) {
        if !impliedJurisdictions.isEmpty {
            let stored = Set(current.jurisdictions.map(\.id))
            directory.jurisdictions.removeAll { impliedJurisdictions.contains($0.id) && stored.contains($0.id) }
            impliedJurisdictions.subtract(stored)
        }
        settleGeneratedIDs(against: current)
    }

    /// Gives each generated official the id it should have in the database:
    ///
    /// 1. the id of a stored record of the same person (by the source's
    ///    identifier), holding the same office if one does, so a person
    ///    renamed at the source keeps their slug;
    /// 2. else the id of a stored record of the same office and name (a
    ///    "Jr." aside) that no source identifies (one typed in or imported from a spreadsheet
    ///    before, as the demo's seed-era officials are): the same person;
    /// 3. else the name's slug, or for a person's later offices the first
    ///    record's id and the office, if no one holds it;
    /// 4. else the slug qualified by what the reader offers (Open States:
    ///    the state, then a part of its id), else numbered ("jane-doe-2").
    mutating func settleGeneratedIDs(against current: Directory) {
        guard !generatedOfficialIDs.isEmpty else { return }
        let storedIDs = Set(current.officials.map(\.id))
        var bySourceID: [ExternalIdentifier: [Official]] = [:]
        for official in current.officials {
            for identifier in official.identifiers { bySourceID[identifier, default: []].append(official) }
        }
        let generatedSchemes = Set(generatedOfficialIDs.values.map(\.person.scheme))
        let incomingIDs = Set(directory.officials.map(\.id)).subtracting(generatedOfficialIDs.keys)
        var claimed: Set<String> = incomingIDs
        var settled: [String: String] = [:]
        // A person's records in the order read, the first one first.
        var order: [ExternalIdentifier] = []
        var records: [ExternalIdentifier: [Int]] = [:]
        for (index, official) in directory.officials.enumerated() {
            guard let generated = generatedOfficialIDs[official.id] else { continue }
            if records[generated.person] == nil { order.append(generated.person) }
            records[generated.person, default: []].append(index)
        }
        for person in order {
            let indices = records[person] ?? []
            var stored = (bySourceID[person] ?? []).filter { !claimed.contains($0.id) }
            // 1. The same person, the same office first.
            for pass in 0..<2 {
                for index in indices where settled[directory.officials[index].id] == nil {
                    let official = directory.officials[index]
                    guard let match = stored.firstIndex(where: { pass == 1 || $0.officeID == official.officeID }) else { continue }
                    settled[official.id] = stored[match].id
                    claimed.insert(stored[match].id)
                    stored.remove(at: match)
                }
            }
            var firstID = indices.first.flatMap { settled[directory.officials[$0].id] }
            for index in indices where settled[directory.officials[index].id] == nil {
                let official = directory.officials[index]
                guard let generated = generatedOfficialIDs[official.id] else { continue }
                // 2. A record made before the source was used.
                let name = OfficialSlug.personKey(official.name)
                if let adopted = current.officials.first(where: { stored in
                    !claimed.contains(stored.id) && stored.officeID == official.officeID
                        && !stored.identifiers.contains(where: { generatedSchemes.contains($0.scheme) })
                        && (stored.id == generated.slug || (name != nil && OfficialSlug.personKey(stored.name) == name))
                }) {
                    settled[official.id] = adopted.id
                    claimed.insert(adopted.id)
                } else {
                    // 3 and 4. A free id, else the last one numbered.
                    let candidates = generated.candidates(firstID: firstID)
                    func isFree(_ id: String) -> Bool { !claimed.contains(id) && !storedIDs.contains(id) }
                    let last = candidates.last ?? generated.slug
                    let id = candidates.first(where: isFree) ?? (2...).lazy.map { "\(last)-\($0)" }.first(where: isFree) ?? last
                    settled[official.id] = id
                    claimed.insert(id)
                }
                if firstID == nil { firstID = settled[official.id] }
            }
        }
        var locations: [String: SourceLocation] = [:]
        for index in directory.officials.indices {
            let old = directory.officials[index].id
            guard let new = settled[old] else { continue }
            directory.officials[index].id = new
            locations[new] = officialLocations[old]
        }
        for (old, _) in settled { officialLocations[old] = nil }
        officialLocations.merge(locations) { _, new in new }
        generatedOfficialIDs = [:]
    }
}
