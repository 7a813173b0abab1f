extension ParsedDirectory {
    /// Calls `body` with each official whole, in order: an official of an
    /// outlined file (`outlinedFiles`) with the contacts the file gives them,
    /// read again one official at a time (`OfficialsFileRereader`). A file
    /// that does not read again as it did the first time throws.
    func forEachWholeOfficial(_ body: (Official) throws -> Void) throws {
        func outlinedFile(of official: Official) -> String? {
            officialLocations[official.id].map(\.file).flatMap { outlinedFiles[$0] == nil ? nil : $0 }
        }
        var wanted: [String: Set<String>] = [:]
        for official in directory.officials {
            if let file = outlinedFile(of: official) { wanted[file, default: []].insert(official.id) }
        }
        var rereaders: [String: OfficialsFileRereader] = [:]
        for official in directory.officials {
            guard let file = outlinedFile(of: official), let outline = outlinedFiles[file] else {
                try body(official)
                continue
            }
            if rereaders[file] == nil { rereaders[file] = try OfficialsFileRereader(outline, wanted: wanted[file] ?? []) }
            guard let whole = try rereaders[file]?.whole(official) else { throw outline.changed() }
            try body(whole)
        }
        for file in rereaders.keys.sorted() { try rereaders[file]?.finish() }
    }

    /// The same records with every official whole, for what reads files
    /// without importing them; an import reads them one at a time instead.
    func withWholeOfficials() throws -> ParsedDirectory {
        var whole = self
        var officials: [Official] = []
        try forEachWholeOfficial { officials.append($0) }
        whole.directory.officials = officials
        whole.outlinedFiles = [:]
        return whole
    }
}
