/// The names people read for recorded districts ("Ward 6", "District of
/// Columbia"), each looked up once: a packet or an export names the same few
/// districts thousands of times.
struct DistrictNames {
    let lookup: Lookup
    private var jurisdictions: [String: String] = [:]
    private var districts: [String: [String: String]] = [:]

    init(lookup: Lookup) {
        self.lookup = lookup
    }

    /// The jurisdiction's name; its id when the directory no longer has it.
    mutating func jurisdiction(_ id: String) -> String {
        if let known = jurisdictions[id] { return known }
        let name = lookup.jurisdiction(id)?.name ?? id
        jurisdictions[id] = name
        return name
    }

    /// The district's name; its code when the jurisdiction no longer has it.
    mutating func district(_ code: String, of jurisdictionID: String) -> String {
        if districts[jurisdictionID] == nil {
            districts[jurisdictionID] = Dictionary(lookup.districts(of: jurisdictionID).map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        }
        return districts[jurisdictionID]?[code] ?? code
    }

    /// "Ward 6, District of Columbia".
    mutating func readable(_ reference: DistrictReference) -> String {
        district(reference.code, of: reference.jurisdictionID) + ", " + jurisdiction(reference.jurisdictionID)
    }

    /// Each district readable, separated by semicolons.
    mutating func readable(_ references: [DistrictReference]) -> String {
        references.map { readable($0) }.joined(separator: "; ")
    }
}
