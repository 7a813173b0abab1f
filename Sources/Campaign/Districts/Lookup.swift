import Foundation

/// Answers "who represents this place?" for a ZIP code or a point, from the
/// directory and district data loaded once into memory (the server's), or
/// from the part of them one place needs (`Lookup+Stored.swift`, the CLI's).
public struct Lookup: Sendable {
    private struct IndexedDistrict: Sendable {
        let district: District
        let boundary: Boundary?
    }

    private let jurisdictions: [String: Jurisdiction]
    private let districts: [IndexedDistrict]
    private let districtsByZIP: [String: [Int]]
    /// Each jurisdiction's districts, as positions in `districts`, in order.
    private let districtsByJurisdiction: [String: [Int]]
    private let jurisdictionsByZIP: [String: [String]]
    private let officesByJurisdiction: [String: [Office]]
    private let officialsByOffice: [String: [Official]]
    /// The jurisdictions a ZIP code is always found in when it lies there:
    /// those with ZIP codes or districts with ZIP codes of their own.
    private let coveredByZIP: Set<String>
    /// The jurisdictions a point is always found in when it lies there:
    /// those with district boundaries.
    private let coveredByLocation: Set<String>

    /// Builds the index from the database.
    public static func load(from pool: DatabasePool) throws -> Lookup {
        try pool.read { db in
            try Lookup(directory: DirectoryStore.load(db), districts: DistrictStore.all(db),
                       jurisdictionZIPs: DistrictStore.jurisdictionZIPs(db))
        }
    }

    /// Builds the index from records.
    public init(directory: Directory, districts entries: [DistrictStore.Entry], jurisdictionZIPs: [(jurisdictionID: String, zip: String)]) throws {
        try self.init(directory: directory, districts: entries, jurisdictionZIPs: jurisdictionZIPs, covered: nil)
    }

    /// Builds the index from records; `covered` gives the jurisdictions
    /// ZIP codes and points always find when the records are only part of
    /// the database's (see `Lookup+Stored.swift`), else they follow from
    /// the records.
    init(directory: Directory, districts entries: [DistrictStore.Entry], jurisdictionZIPs: [(jurisdictionID: String, zip: String)],
         covered: (byZIP: Set<String>, byLocation: Set<String>)?) throws {
        jurisdictions = Dictionary(directory.jurisdictions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // The boundary is kept parsed; the districts answers name carry no
        // GeoJSON text, which the index would hold twice and a lookup of
        // one place reads for its candidates alone.
        districts = try entries.map { entry in
            var district = entry.district
            district.boundaryGeoJSON = nil
            return IndexedDistrict(district: district, boundary: try entry.district.boundary())
        }
        var byZIP: [String: [Int]] = [:]
        for (index, entry) in entries.enumerated() { for zip in entry.zips { byZIP[zip, default: []].append(index) } }
        districtsByZIP = byZIP
        districtsByJurisdiction = Dictionary(grouping: entries.indices, by: { entries[$0].district.jurisdictionID })
        jurisdictionsByZIP = Dictionary(grouping: jurisdictionZIPs, by: \.zip).mapValues { $0.map(\.jurisdictionID) }
        officesByJurisdiction = Dictionary(grouping: directory.offices, by: \.jurisdictionID)
        officialsByOffice = Dictionary(grouping: directory.officials.sorted { $0.sortName < $1.sortName }, by: \.officeID)
        coveredByZIP = covered?.byZIP ?? Set(jurisdictionZIPs.map(\.jurisdictionID) + entries.filter { !$0.zips.isEmpty }.map(\.district.jurisdictionID))
        coveredByLocation = covered?.byLocation ?? Set(districts.filter { $0.boundary != nil }.map(\.district.jurisdictionID))
    }

    /// Who represents a ZIP code; ZIP+4 is accepted and its suffix ignored.
    /// `district` is the supporter's choice where the ZIP leaves it open.
    public func locate(zip text: String, district: String? = nil) throws -> LookupResult {
        try place(zip: text, chosen: district, representatives: true)
    }

    /// The jurisdictions and districts a ZIP code may lie in, without who
    /// represents them: what finding a signer's districts needs, on every
    /// signature, at a fraction of the cost.
    public func areas(zip text: String) throws -> LookupResult {
        try place(zip: text, chosen: nil, representatives: false)
    }

    /// The jurisdictions and districts the point lies in, without who represents them.
    public func areas(latitude: Double, longitude: Double) throws -> LookupResult {
        try place(latitude: latitude, longitude: longitude, chosen: nil, representatives: false)
    }

    private func place(zip text: String, chosen: String?, representatives: Bool) throws -> LookupResult {
        let zip = try Self.zip(text)
        return result(matched: (districtsByZIP[zip] ?? []).map { districts[$0].district }, direct: jurisdictionsByZIP[zip] ?? [],
                      chosen: chosen, source: .zip(zip), covered: coveredByZIP, representatives: representatives)
    }

    private func place(latitude: Double, longitude: Double, chosen: String?, representatives: Bool) throws -> LookupResult {
        try Self.checkRange(latitude: latitude, longitude: longitude)
        let matched = districts.filter { $0.boundary?.contains(longitude: longitude, latitude: latitude) == true }.map(\.district)
        return result(matched: matched, direct: [], chosen: chosen, source: .location, covered: coveredByLocation, representatives: representatives)
    }

    /// The five digits of a ZIP code or ZIP+4.
    public static func zip(_ text: String) throws -> String {
        // Most ZIP codes arrive as five digits: taken as they are, without trimming.
        if text.utf8.count == 5 && text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) { return text }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let zip = String(trimmed.prefix(5))
        let suffix = trimmed.dropFirst(5)
        guard zip.count == 5, zip.allSatisfy(\.isASCIIDigit),
              suffix.isEmpty || (suffix.count == 5 && suffix.first == "-" && suffix.dropFirst().allSatisfy(\.isASCIIDigit)) else {
            throw InputError("malformed ZIP code; write five digits, e.g. 98104")
        }
        return zip
    }

    /// Refuses a point off the globe.
    static func checkRange(latitude: Double, longitude: Double) throws {
        guard (-90...90).contains(latitude), (-180...180).contains(longitude) else {
            throw InputError("coordinates out of range; write latitude,longitude in degrees, e.g. 47.6038,-122.3298")
        }
    }

    /// Who represents the point at `latitude`, `longitude` (degrees, WGS84).
    /// `district` is the supporter's choice where the boundaries leave it open.
    public func locate(latitude: Double, longitude: Double, district: String? = nil) throws -> LookupResult {
        try place(latitude: latitude, longitude: longitude, chosen: district, representatives: true)
    }

    /// Parses "47.6038,-122.3298".
    public static func coordinates(_ text: String) throws -> (latitude: Double, longitude: Double) {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let latitude = Double(parts[0]), let longitude = Double(parts[1]) else {
            throw InputError("malformed coordinates; write latitude,longitude, e.g. 47.6038,-122.3298")
        }
        return (latitude, longitude)
    }

    /// The districts of a jurisdiction, in order.
    public func districts(of jurisdictionID: String) -> [District] {
        (districtsByJurisdiction[jurisdictionID] ?? []).map { districts[$0].district }
    }

    /// The jurisdiction with this id, when the directory has it.
    func jurisdiction(_ id: String) -> Jurisdiction? { jurisdictions[id] }

    private func result(matched: [District], direct: [String], chosen: String?, source: LookupResult.Source, covered: Set<String>,
                        representatives withRepresentatives: Bool) -> LookupResult {
        // The jurisdictions and their ancestors, most local (deepest) first.
        var chain: [String] = []
        for id in matched.map(\.jurisdictionID) + direct {
            var current: String? = id
            var depth = 0
            while let id = current, depth < 32 {
                if !chain.contains(id) { chain.append(id) }
                current = jurisdictions[id]?.parentID
                depth += 1
            }
        }
        chain = chain.enumerated().sorted { (-depth(of: $0.element), $0.offset) < (-depth(of: $1.element), $1.offset) }.map(\.element)
        var areas: [LookupResult.Area] = []
        var representatives: [LookupResult.Representative] = []
        for id in chain {
            guard let jurisdiction = jurisdictions[id] else { continue }
            var own = matched.filter { $0.jurisdictionID == id }
            let all = districts(of: id)
            // A choice settles a jurisdiction the place left open, among the
            // districts the place allows (all of them when it said nothing).
            if own.count != 1, let chosen, let pick = (own.isEmpty ? all : own).first(where: { $0.code == chosen }) {
                own = [pick]
            }
            areas.append(.init(jurisdiction: jurisdiction, districts: own, choices: own.count == 1 ? [] : own.count > 1 ? own : all))
            guard withRepresentatives else { continue }
            let offices = officesByJurisdiction[id] ?? []
            let districtSeats = own.flatMap { district in
                offices.filter { $0.districtCode == district.code }.map { ($0, Optional(district)) }
            }
            let wholeJurisdiction = offices.filter { $0.districtCode == nil }
                .sorted { (rank($0), $0.seat, $0.id) < (rank($1), $1.seat, $1.id) }
                .map { ($0, District?.none) }
            for (office, district) in districtSeats + wholeJurisdiction {
                representatives.append(.init(office: office, jurisdiction: jurisdiction, district: district,
                                             officials: officialsByOffice[office.id] ?? []))
            }
        }
        return LookupResult(areas: areas, representatives: representatives, source: source, covered: covered)
    }

    /// How many ancestors a jurisdiction has.
    private func depth(of id: String) -> Int {
        var depth = 0
        var current = jurisdictions[id]?.parentID
        while let parent = current, depth < 32 {
            depth += 1
            current = jurisdictions[parent]?.parentID
        }
        return depth
    }

    /// Council seats before executives, as a supporter reads them.
    private func rank(_ office: Office) -> Int {
        switch office.role {
        case "councilmember": return 0
        case "council-chair": return 1
        case "mayor", "county-executive", "governor": return 2
        default: return 3
        }
    }
}
