/// The languages the directory says an official reads.
extension Directory {
    /// The languages to write to `official` in, most wanted first: their
    /// own, then their office's jurisdiction's and each one it lies within,
    /// nearest first (a ward's, then its city's). Empty when none says.
    public func languages(of official: Official) -> [String] {
        var languages: [String] = official.language.map { [$0] } ?? []
        var next = office(official.officeID)?.jurisdictionID
        // A chain of parents that ran in a circle (an import refuses one) still ends.
        var seen: Set<String> = []
        while let id = next, seen.insert(id).inserted, let jurisdiction = jurisdiction(id) {
            if let language = jurisdiction.language, !languages.contains(language) { languages.append(language) }
            next = jurisdiction.parentID
        }
        return languages
    }
}
