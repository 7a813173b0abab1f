extension DirectoryImport {
    /// The terms an import ends because newcomers took sole offices
    /// (`SoleOfficeSuccession`), decided before any official is read whole:
    /// from each official's holding as it will be stored (the file's office
    /// and term, or the stored ones where an organizer edited them) and the
    /// stored holdings, read one at a time.
    struct Successions {
        /// One term ended, in the order `SoleOfficeSuccession` gives.
        private struct Ended {
            let officialID: String
            let end: PartialDate
            let previous: PartialDate?
            let successorID: String
            let location: SourceLocation?
        }

        private let ended: [Ended]
        /// The end each ended term is given, by official.
        let ends: [String: PartialDate]
        /// Stored officials the files leave out whose terms are ended, in order.
        let endedAndLeftOut: [String]
        /// Ends not given, because the organizer's end date stands.
        let conflicts: [OfficialReconciliation.Conflict]
        /// With `prune`, every stored official's id, ordered by id; else none.
        let storedIDs: [String]

        /// Decides the endings for the officials of `parsed`, into the
        /// offices `offices` as they will be stored. With `prune`, the
        /// offices of `removedOffices` that an official will hold are taken
        /// out of it.
        init(_ parsed: ParsedDirectory, offices: [Office], marks: [String: [OfficialField: String?]],
             prune: Bool, removedOffices: inout [String], _ db: Database) throws {
            // Each incoming official's holding as it will be stored.
            var holdings: [OfficeHolding] = []
            holdings.reserveCapacity(parsed.directory.officials.count)
            for official in parsed.directory.officials {
                if let fields = marks[official.id], let stored = try DirectoryStore.official(official.id, db) {
                    let reconciled = OfficialReconciliation.reconcile(incoming: official, stored: stored, localFields: fields, location: nil)
                    holdings.append(OfficeHolding(reconciled.official))
                } else {
                    holdings.append(OfficeHolding(official))
                }
            }
            if prune {
                // An office the files do not describe but an official will still hold stays.
                let held = Set(holdings.map(\.officeID))
                removedOffices.removeAll { held.contains($0) }
            }

            // The stored holdings, one at a time: which incoming officials are
            // new to their office, and which stored ones the files leave out.
            let positions = DirectoryIndex.positions(of: holdings, id: \.officialID)
            var arrivals = Set(holdings.map(\.officialID))
            var leftOut: [OfficeHolding] = []
            var storedIDs: [String] = []
            try DirectoryStore.forEachHolding(db) { stored in
                if prune { storedIDs.append(stored.officialID) }
                if let position = positions[stored.officialID] {
                    if holdings[position].officeID == stored.officeID { arrivals.remove(stored.officialID) }
                } else if !prune {
                    leftOut.append(stored)
                }
            }
            self.storedIDs = storedIDs

            // Which offices newcomers took are held by one person at a time: as
            // the files describe them, else as stored.
            let taken = Set(holdings.lazy.filter { arrivals.contains($0.officialID) }.map(\.officeID))
            var sole: Set<String> = [], judged: Set<String> = []
            for office in offices where taken.contains(office.id) && judged.insert(office.id).inserted {
                if SoleOfficeSuccession.isSole(office) { sole.insert(office.id) }
            }
            for id in taken where !judged.contains(id) {
                if let office = try DirectoryStore.office(id, db), SoleOfficeSuccession.isSole(office) { sole.insert(id) }
            }

            let leftOutByID = Dictionary(leftOut.map { ($0.officialID, $0) }, uniquingKeysWith: { first, _ in first })
            holdings += leftOut
            let endings = SoleOfficeSuccession.endings(holdings: holdings, soleOffices: sole, arrivals: arrivals)
            var ended: [Ended] = [], ends: [String: PartialDate] = [:], endedAndLeftOut: [String] = []
            var conflicts: [OfficialReconciliation.Conflict] = []
            for ending in endings {
                guard let holding = positions[ending.officialID].map({ holdings[$0] }) ?? leftOutByID[ending.officialID] else { continue }
                let location = parsed.officialLocations[ending.successorID]
                if marks[holding.officialID]?[.termEnd] != nil {
                    // The organizer's end date stands.
                    conflicts.append(.init(officialID: holding.officialID, field: .termEnd, local: holding.termEnd?.description,
                                           incoming: ending.end.description, location: location))
                    continue
                }
                // The end stored before, else (a newcomer) the one the file gives.
                let isLeftOut = positions[holding.officialID] == nil
                let previous = isLeftOut ? holding.termEnd : try DirectoryStore.official(holding.officialID, db).map(\.termEnd) ?? holding.termEnd
                ended.append(Ended(officialID: holding.officialID, end: ending.end, previous: previous, successorID: ending.successorID,
                                   location: location))
                ends[holding.officialID] = ending.end
                if isLeftOut { endedAndLeftOut.append(holding.officialID) }
            }
            self.ended = ended
            self.ends = ends
            self.endedAndLeftOut = endedAndLeftOut
            self.conflicts = conflicts
        }

        /// The terms ended, to report, given the name of each official whose term ended.
        func termEnds(names: [String: String]) -> [Plan.TermEnd] {
            ended.map { Plan.TermEnd(officialID: $0.officialID, name: names[$0.officialID] ?? "", end: $0.end, previous: $0.previous,
                                     successorID: $0.successorID, location: $0.location) }
        }
    }
}
