/// Signers counted by ZIP code and by district, for the packet's cover
/// letter and the digests. A signer counts in one district of one
/// jurisdiction: the first of `jurisdictions` they live in (the official's,
/// or the campaign's district seats'), else the most local one their ZIP
/// code divides. Their district there is the one recorded for them (chosen,
/// located, geocoded, or the only one their ZIP code lies in), else one they
/// chose before districts were recorded with their jurisdiction, else the
/// one their ZIP code lies in; a signer known only by a ZIP code that spans
/// districts counts under the jurisdiction's "district not known" line.
struct PlaceTally {
    /// One line of a tally.
    struct Count: Equatable {
        let name: String
        let count: Int
        /// The parts of a district's line (its jurisdiction's name, its
        /// own), each marked when not in the reader's language; empty for a ZIP code.
        var parts: [LocalizedName] = []
    }

    /// The label for signers whose ZIP does not tell their district.
    let unknownDistrict: String
    /// The jurisdictions whose districts the reader cares about, first first.
    let jurisdictions: [String]
    private var names: DistrictNames
    private(set) var byZIP: [String: Int] = [:]
    private(set) var byDistrict: [String: Int] = [:]
    /// The parts of each line of `byDistrict`.
    private var districtParts: [String: [LocalizedName]] = [:]
    private var areas: [String: [LookupResult.Area]] = [:]

    /// With `locale`, places are named in that language where the directory has them.
    init(lookup: Lookup, unknownDistrict: String, jurisdictions: [String] = [], locale: String? = nil) {
        names = DistrictNames(lookup: lookup, locale: locale)
        self.unknownDistrict = unknownDistrict
        self.jurisdictions = jurisdictions
    }

    /// Counts one signer: their ZIP code, a district chosen before districts
    /// were recorded with their jurisdiction, and what was recorded.
    mutating func add(zip: String, district chosen: String, resolution: DistrictResolution) {
        byZIP[String(zip.prefix(5)), default: 0] += 1
        let areas = areas(of: zip)
        func divides(_ area: LookupResult.Area) -> Bool { !area.districts.isEmpty || !area.choices.isEmpty }
        let recorded = Set(resolution.districts.map(\.jurisdictionID))
        let jurisdiction = jurisdictions.first { id in recorded.contains(id) || areas.contains { $0.jurisdiction.id == id && divides($0) } }
            ?? areas.first(where: divides)?.jurisdiction.id
            ?? resolution.districts.first?.jurisdictionID
        guard let jurisdiction else { return }
        var codes = resolution.codes(in: jurisdiction)
        if codes.isEmpty, let area = areas.first(where: { $0.jurisdiction.id == jurisdiction }) {
            let candidates = (area.districts.isEmpty ? area.choices : area.districts).map(\.code)
            // A choice counts only among the districts the ZIP code may lie in, as in `Constituency`.
            codes = !chosen.isEmpty && candidates.contains(chosen) ? [chosen] : candidates
        }
        let district = codes.count == 1 ? names.district(codes[0], of: jurisdiction) : LocalizedName(text: unknownDistrict, language: nil)
        let parts = [names.jurisdiction(jurisdiction), district]
        let line = parts.map(\.text).joined(separator: " — ")
        byDistrict[line, default: 0] += 1
        districtParts[line] = parts
    }

    /// The areas a ZIP code lies in, most local first; none when it is not known.
    private mutating func areas(of zip: String) -> [LookupResult.Area] {
        if let known = areas[zip] { return known }
        let found = (try? names.lookup.locate(zip: zip))?.areas ?? []
        areas[zip] = found
        return found
    }

    /// ZIP codes, most signers first.
    var zips: [Count] { Self.sorted(byZIP) }
    /// Districts, most signers first.
    var districts: [Count] {
        Self.sorted(byDistrict).map { line in
            var line = line
            line.parts = districtParts[line.name] ?? []
            return line
        }
    }

    private static func sorted(_ counts: [String: Int]) -> [Count] {
        counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { Count(name: $0.key, count: $0.value) }
    }
}
