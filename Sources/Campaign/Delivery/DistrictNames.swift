/// The names people read for recorded districts ("Ward 6", "District of
/// Columbia"), each looked up once: a packet or an export names the same few
/// districts thousands of times. With a locale, names in that language where
/// the directory has them (a packet's); without, the stored names (the
/// organizer's export).
struct DistrictNames {
    let lookup: Lookup
    let locale: String?
    private var jurisdictions: [String: LocalizedName] = [:]
    private var districts: [String: [String: LocalizedName]] = [:]

    init(lookup: Lookup, locale: String? = nil) {
        self.lookup = lookup
        self.locale = locale
    }

    /// The name `stored` with `names`, in the locale when there is one.
    private func name(_ stored: String, _ names: [String: String]) -> LocalizedName {
        locale.map { LocalizedName(stored: stored, names: names, locale: $0) } ?? LocalizedName(text: stored, language: nil)
    }

    /// The jurisdiction's name; its id when the directory no longer has it.
    mutating func jurisdiction(_ id: String) -> LocalizedName {
        if let known = jurisdictions[id] { return known }
        let found = lookup.jurisdiction(id).map { name($0.name, $0.names) } ?? LocalizedName(text: id, language: nil)
        jurisdictions[id] = found
        return found
    }

    /// The district's name; its code when the jurisdiction no longer has it.
    mutating func district(_ code: String, of jurisdictionID: String) -> LocalizedName {
        if districts[jurisdictionID] == nil {
            districts[jurisdictionID] = Dictionary(lookup.districts(of: jurisdictionID).map { ($0.code, name($0.name, $0.names)) },
                                                   uniquingKeysWith: { first, _ in first })
        }
        return districts[jurisdictionID]?[code] ?? LocalizedName(text: code, language: nil)
    }

    /// "Ward 6, District of Columbia".
    mutating func readable(_ reference: DistrictReference) -> String {
        district(reference.code, of: reference.jurisdictionID).text + ", " + jurisdiction(reference.jurisdictionID).text
    }

    /// Each district readable, separated by semicolons.
    mutating func readable(_ references: [DistrictReference]) -> String {
        references.map { readable($0) }.joined(separator: "; ")
    }
}
