/// One question answered from the database: a command that looks up one
/// place reads the districts that place may lie in, the jurisdictions they
/// and the place's ZIP code name with those they lie within, and those
/// jurisdictions' offices and holders, rather than loading the whole
/// directory and parsing every boundary to build the server's index.
/// The answer is the one `Lookup.load(from:)` would give.
extension Lookup {
    /// Who represents a ZIP code, read from `pool` for this question alone.
    public static func locate(zip text: String, district: String? = nil, in pool: DatabasePool) throws -> LookupResult {
        let zip = try zip(text)
        let lookup = try pool.read { db in
            let found = try DistrictStore.districts(zip: zip, db)
            let direct = try DistrictStore.jurisdictions(zip: zip, db)
            return try stored(found: found.map { DistrictStore.Entry(district: $0, zips: [zip]) }, places: found.map(\.jurisdictionID) + direct,
                              jurisdictionZIPs: direct.map { ($0, zip) },
                              covered: (byZIP: try DistrictStore.jurisdictionsWithZIPs(db), byLocation: []), db)
        }
        return try lookup.locate(zip: zip, district: district)
    }

    /// Who represents a point, read from `pool` for this question alone:
    /// only the boundaries whose box holds the point are read and parsed.
    public static func locate(latitude: Double, longitude: Double, district: String? = nil, in pool: DatabasePool) throws -> LookupResult {
        try checkRange(latitude: latitude, longitude: longitude)
        let lookup = try pool.read { db in
            let candidates = try DistrictStore.candidates(longitude: longitude, latitude: latitude, db)
            return try stored(found: candidates.map { DistrictStore.Entry(district: $0, zips: []) }, places: candidates.map(\.jurisdictionID),
                              jurisdictionZIPs: [], covered: (byZIP: [], byLocation: try DistrictStore.jurisdictionsWithBoundaries(db)), db)
        }
        return try lookup.locate(latitude: latitude, longitude: longitude, district: district)
    }

    /// An index of the districts `found` (with the boundaries and ZIP codes
    /// read for them), the jurisdictions `places` with those they lie
    /// within, their offices and holders, and every district of those
    /// jurisdictions, for the choices a place leaves open.
    private static func stored(found: [DistrictStore.Entry], places: [String], jurisdictionZIPs: [(jurisdictionID: String, zip: String)],
                               covered: (byZIP: Set<String>, byLocation: Set<String>), _ db: Database) throws -> Lookup {
        let directory = try DirectoryStore.load(places: places, db)
        var entries: [String: DistrictStore.Entry] = [:]
        for jurisdiction in directory.jurisdictions {
            for district in try DistrictStore.districts(of: jurisdiction.id, db) {
                entries[DistrictStore.naturalKey(district.jurisdictionID, district.code)] = DistrictStore.Entry(district: district, zips: [])
            }
        }
        for entry in found { entries[DistrictStore.naturalKey(entry.district.jurisdictionID, entry.district.code)] = entry }
        // In the order `DistrictStore.all` gives, as the whole index has them.
        let ordered = entries.sorted { $0.key < $1.key }.map(\.value)
        return try Lookup(directory: directory, districts: ordered, jurisdictionZIPs: jurisdictionZIPs, covered: covered)
    }
}
