extension ParsedDirectory {
    /// For an import that skips invalid records: leaves out every record
    /// whose jurisdiction is neither in the files nor in `current` (or was
    /// itself left out), down the tree (a ward of a city left out, the
    /// officials of that ward), and says so for each. What an all-or-nothing
    /// import reports as unknown jurisdictions and cycles.
    mutating func leaveOutUnresolved(current: Directory) -> [InputError] {
        let notes = InputErrorCollector()
        let stored = Set(current.jurisdictions.map(\.id))
        let described = Set(directory.jurisdictions.map(\.id))
        var kept = described
        func whyMissing(_ id: String) -> String {
            described.contains(id) || leftOutJurisdictions.contains(id) ? "'\(id)', which was left out"
                : "'\(id)', which is unknown (add it to jurisdictions.csv or with `campaign jurisdictions add`)"
        }

        // A jurisdiction within one that is missing, or within itself.
        var parents = Dictionary(current.jurisdictions.map { ($0.id, $0.parentID) }, uniquingKeysWith: { first, _ in first })
        for jurisdiction in directory.jurisdictions { parents[jurisdiction.id] = jurisdiction.parentID }
        for jurisdiction in directory.jurisdictions {
            var seen = [jurisdiction.id]
            var next = jurisdiction.parentID
            while let id = next, seen.count <= parents.count {
                if id == jurisdiction.id {
                    notes.add("jurisdiction '\(jurisdiction.id)' left out: it lies within itself: \((seen + [id]).joined(separator: " → "))",
                              at: jurisdictionLocations[jurisdiction.id])
                    kept.remove(jurisdiction.id)
                    break
                }
                seen.append(id)
                next = parents[id] ?? nil
            }
        }
        var changed = true
        while changed {
            changed = false
            for jurisdiction in directory.jurisdictions where kept.contains(jurisdiction.id) {
                guard let parent = jurisdiction.parentID, !stored.contains(parent), !kept.contains(parent) else { continue }
                notes.add("jurisdiction '\(jurisdiction.id)' left out: it lies in \(whyMissing(parent))", at: jurisdictionLocations[jurisdiction.id])
                kept.remove(jurisdiction.id)
                changed = true
            }
        }
        let available = stored.union(kept)

        var leftOutOffices: [String: String] = [:]
        for office in directory.offices where !available.contains(office.jurisdictionID) {
            leftOutOffices[office.id] = office.jurisdictionID
            if describedOffices.contains(office.id) && !directory.officials.contains(where: { $0.officeID == office.id }) {
                notes.add("office '\(office.id)' left out: it serves \(whyMissing(office.jurisdictionID))", at: officeLocations[office.id])
            }
        }
        for official in directory.officials {
            guard let jurisdictionID = leftOutOffices[official.officeID] else { continue }
            notes.add("official '\(official.id)' left out: their office serves \(whyMissing(jurisdictionID))", at: officialLocations[official.id])
        }

        directory.jurisdictions.removeAll { !kept.contains($0.id) }
        directory.offices.removeAll { leftOutOffices[$0.id] != nil }
        directory.officials.removeAll { leftOutOffices[$0.officeID] != nil }
        return notes.errors
    }
}
