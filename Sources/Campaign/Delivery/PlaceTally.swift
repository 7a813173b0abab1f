/// Signers counted by ZIP code and by district, for the packet's cover
/// letter and the organizer digest. A signer's district is the one they
/// chose, else the one their ZIP lies in; a ZIP that spans districts
/// counts under its jurisdiction's "district not known" line.
struct PlaceTally {
    /// One line of a tally.
    struct Count: Equatable {
        let name: String
        let count: Int
    }

    let lookup: Lookup
    /// The label for signers whose ZIP does not tell their district.
    let unknownDistrict: String
    private(set) var byZIP: [String: Int] = [:]
    private(set) var byDistrict: [String: Int] = [:]
    private var areaNames: [String: String?] = [:]

    init(lookup: Lookup, unknownDistrict: String) {
        self.lookup = lookup
        self.unknownDistrict = unknownDistrict
    }

    /// Counts one signer.
    mutating func add(zip: String, district: String) {
        byZIP[String(zip.prefix(5)), default: 0] += 1
        if !district.isEmpty, let area = (try? lookup.locate(zip: zip, district: district))?.areas.first(where: { $0.districts.count == 1 }) {
            byDistrict[area.jurisdiction.name + " — " + area.districts[0].name, default: 0] += 1
            return
        }
        if areaNames[zip] == nil {
            let area = (try? lookup.locate(zip: zip))?.areas.first { !$0.districts.isEmpty || !$0.choices.isEmpty }
            areaNames[zip] = area.map { area in
                area.jurisdiction.name + " — " + (area.districts.count == 1 ? area.districts[0].name : unknownDistrict)
            }
        }
        if let name = areaNames[zip] ?? nil { byDistrict[name, default: 0] += 1 }
    }

    /// ZIP codes, most signers first.
    var zips: [Count] { Self.sorted(byZIP) }
    /// Districts, most signers first.
    var districts: [Count] { Self.sorted(byDistrict) }

    private static func sorted(_ counts: [String: Int]) -> [Count] {
        counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { Count(name: $0.key, count: $0.value) }
    }
}
