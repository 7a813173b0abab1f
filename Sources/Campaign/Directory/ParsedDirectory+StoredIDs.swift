extension ParsedDirectory {
    /// Gives the officials whose ids a reader made from a name
    /// (`derivedOfficialIDs`) the ids they already have: the stored official
    /// that carries one of their external identifiers, holding the same
    /// office if several do, so that a person renamed at the source keeps
    /// their slug. A made id that another stored official holds takes the
    /// next free number ("jane-doe-2").
    mutating func adoptStoredIDs(from current: Directory) {
        guard !derivedOfficialIDs.isEmpty else { return }
        var used = Set(directory.officials.map(\.id)).subtracting(derivedOfficialIDs)
        let stored = Set(current.officials.map(\.id))
        var claimed: Set<String> = []
        // One person's records carry the same identifiers: take them together.
        var groups: [[ExternalIdentifier]: [Int]] = [:]
        var order: [[ExternalIdentifier]] = []
        for (index, official) in directory.officials.enumerated() where derivedOfficialIDs.contains(official.id) {
            if groups[official.identifiers] == nil { order.append(official.identifiers) }
            groups[official.identifiers, default: []].append(index)
        }
        var renamed: [(from: String, to: String)] = []
        for identifiers in order {
            let indices = groups[identifiers] ?? []
            let keys = Set(identifiers)
            var candidates = current.officials.filter { !claimed.contains($0.id) && !used.contains($0.id) && !keys.isDisjoint(with: $0.identifiers) }
                .sorted { $0.id < $1.id }
            var assigned: [Int: String] = [:]
            for index in indices {
                if let match = candidates.firstIndex(where: { $0.officeID == directory.officials[index].officeID }) {
                    assigned[index] = candidates.remove(at: match).id
                }
            }
            for index in indices where assigned[index] == nil && !candidates.isEmpty {
                assigned[index] = candidates.removeFirst().id
            }
            for index in indices {
                let made = directory.officials[index].id
                var id = assigned[index] ?? made
                if assigned[index] == nil {
                    var number = 2
                    while used.contains(id) || stored.contains(id) {
                        id = "\(made)-\(number)"
                        number += 1
                    }
                }
                used.insert(id)
                claimed.insert(id)
                if id != made { renamed.append((made, id)) }
                directory.officials[index].id = id
            }
        }
        let locations = officialLocations
        for (from, _) in renamed { officialLocations[from] = nil }
        for (from, to) in renamed {
            officialLocations[to] = locations[from]
            derivedOfficialIDs.remove(from)
        }
        derivedOfficialIDs.formUnion(renamed.map(\.to))
    }
}
