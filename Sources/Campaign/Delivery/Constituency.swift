/// Who an official represents, decided by a signer's ZIP: everyone in the
/// jurisdiction for a mayor, executive, governor or at-large seat; those in
/// the district for a district seat. A signer's districts are known when
/// they chose, shared their location or gave an address (`DistrictResolution`);
/// a signer known only by a ZIP that spans several districts is a possible
/// constituent of each, and is marked so rather than dropped or guessed.
public struct Constituency {
    /// How a ZIP relates to the official's seat.
    public enum Match: Sendable, Equatable {
        /// Inside, certainly.
        case inside
        /// The ZIP spans these districts (codes) of the jurisdiction, the seat's among them.
        case possibly(districts: [String])
    }

    /// The official, their office and where they serve.
    public let official: Official
    public let office: Office
    public let jurisdiction: Jurisdiction
    /// The district a district seat represents.
    public let district: District?
    private let lookup: Lookup
    private var matches: [String: Match?] = [:]

    /// The constituency of the official `officialID`; throws when the directory has no such official.
    public init(officialID: String, directory: Directory, lookup: Lookup) throws {
        guard let official = directory.officials.first(where: { $0.id == officialID }) else {
            throw InputError("--official \(officialID): no such official in the directory (see `campaign officials list`)")
        }
        guard let office = directory.offices.first(where: { $0.id == official.officeID }),
              let jurisdiction = directory.jurisdictions.first(where: { $0.id == office.jurisdictionID }) else {
            throw InputError("--official \(officialID): the directory has no office or jurisdiction for this official")
        }
        self.official = official
        self.office = office
        self.jurisdiction = jurisdiction
        self.lookup = lookup
        district = office.districtCode.flatMap { code in lookup.districts(of: jurisdiction.id).first { $0.code == code } }
    }

    /// Whether a signer with this ZIP, who chose `chosen` on a form made
    /// before districts were recorded with their jurisdiction, or whose
    /// districts are known by `resolution`, is the official's constituent.
    /// Districts recorded for the official's jurisdiction decide; where none
    /// were, the ZIP code does, through the lookup as it is now (a chosen
    /// district counts only when it is one the ZIP may lie in).
    public mutating func match(zip: String, district chosen: String = "", resolution: DistrictResolution = .zipOnly) -> Match? {
        let known = resolution.codes(in: jurisdiction.id)
        if !known.isEmpty {
            // A district recorded in the jurisdiction places the signer in it.
            guard let code = office.districtCode else { return .inside }
            if known == [code] { return .inside }
            return known.contains(code) ? .possibly(districts: known) : nil
        }
        return zipMatch(zip: zip, chosen: chosen)
    }

    /// The match by ZIP code alone (and a district chosen before they were
    /// recorded with their jurisdiction), cached per ZIP and choice.
    private mutating func zipMatch(zip: String, chosen: String) -> Match? {
        let key = chosen.isEmpty ? zip : zip + "|" + chosen
        if let known = matches[key] { return known }
        var match: Match?
        if let result = try? lookup.locate(zip: zip),
           let area = result.areas.first(where: { $0.jurisdiction.id == jurisdiction.id }) {
            if let code = office.districtCode {
                // Districts the ZIP may lie in: those it overlaps, else (not known) every one.
                let codes = (area.districts.isEmpty ? area.choices : area.districts).map(\.code)
                if !chosen.isEmpty && codes.contains(chosen) {
                    match = chosen == code ? .inside : nil
                } else if codes == [code] {
                    match = .inside
                } else if codes.contains(code) {
                    match = .possibly(districts: codes)
                }
            } else {
                match = .inside
            }
        }
        matches[key] = match
        return match
    }

    /// The most local jurisdiction's name for a ZIP, cached in `cache`.
    public static func locality(zip: String, lookup: Lookup, cache: inout [String: String]) -> String {
        if let known = cache[zip] { return known }
        let name = (try? lookup.locate(zip: zip))?.areas.first?.jurisdiction.name ?? ""
        cache[zip] = name
        return name
    }
}
