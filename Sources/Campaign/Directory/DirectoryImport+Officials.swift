extension DirectoryImport {
    /// The officials' part of an import, after the jurisdictions and offices
    /// (`offices` as they will be stored), in two steps, so that no more
    /// than one official is held whole at a time:
    ///
    /// 1. From each official's holding (office and term) as it will be
    ///    stored, the earlier holders of sole offices that newcomers took
    ///    are given an end (`SoleOfficeSuccession`), and the offices left
    ///    unheld are found.
    /// 2. Each official is read whole, reconciled with the stored record
    ///    and the fields an organizer edited there (`OfficialReconciliation`),
    ///    given the end step 1 decided, tallied and, unless `dryRun`,
    ///    written. A stored holder the files leave out whose term step 1
    ///    ended comes after, unless `prune` removes them.
    static func importOfficials(_ parsed: ParsedDirectory, offices: [Office], into plan: inout Plan,
                                prune: Bool, dryRun: Bool, _ db: Database) throws {
        let marks = try DirectoryStore.localFields(db)
        let successions = try Successions(parsed, offices: offices, marks: marks, prune: prune, removedOffices: &plan.offices.removed, db)

        // 2. One official at a time.
        var termEnds: [Plan.TermEnd] = []
        var conflicts: [OfficialReconciliation.Conflict] = []
        var moved: [String: [OfficialField: String?]] = [:]
        var names: [String: String] = [:]
        // The names of those whose terms a newcomer ended, for the report.
        var endedNames: [String: String] = [:]
        func store(_ official: Official, over stored: Official?) throws {
            guard let stored else {
                plan.officials.added.append(official.id)
                names[official.id] = official.name
                if !dryRun { try DirectoryStore.save(official, db) }
                return
            }
            guard stored != official else { return plan.officials.unchanged.append(official.id) }
            plan.officials.changed.append(official.id)
            names[official.id] = official.name
            if !dryRun { try DirectoryStore.save(official, db) }
        }
        try parsed.forEachWholeOfficial { incoming in
            var official = incoming
            let stored = try DirectoryStore.official(official.id, db)
            if let kept = stored?.identifiers, !kept.isEmpty {
                official.identifiers = Set(kept).union(official.identifiers).sorted()
            }
            let location = parsed.officialLocations[official.id]
            let outcome = OfficialReconciliation.reconcile(incoming: official, stored: stored, localFields: marks[official.id] ?? [:],
                                                           location: location)
            official = outcome.official
            conflicts += outcome.conflicts
            for (field, value) in outcome.localFields where marks[official.id]?[field] != .some(value) {
                moved[official.id, default: [:]][field] = .some(value)
            }
            if let end = successions.ends[official.id] {
                official.termEnd = end
                endedNames[official.id] = official.name
            } else if let stored, let end = official.termEnd, stored.termEnd != end {
                termEnds.append(Plan.TermEnd(officialID: official.id, name: official.name, end: end, previous: stored.termEnd,
                                             successorID: nil, location: location))
            }
            try store(official, over: stored)
        }
        // Stored holders the files leave out, whose terms newcomers ended.
        for id in successions.endedAndLeftOut {
            guard let stored = try DirectoryStore.official(id, db), let end = successions.ends[id] else { continue }
            var official = stored
            official.termEnd = end
            endedNames[id] = official.name
            try store(official, over: stored)
        }
        if prune {
            let given = Set(parsed.directory.officials.map(\.id))
            plan.officials.removed = successions.storedIDs.filter { !given.contains($0) }
        }
        plan.termEnds = termEnds + successions.termEnds(names: endedNames)
        plan.conflicts = conflicts + successions.conflicts
        plan.names = names
        if !dryRun {
            for (officialID, fields) in moved.sorted(by: { $0.key < $1.key }) {
                for (field, value) in fields.sorted(by: { $0.key < $1.key }) {
                    try DirectoryStore.saveLocalField(officialID: officialID, field, sourceValue: value, db)
                }
            }
        }
    }
}
