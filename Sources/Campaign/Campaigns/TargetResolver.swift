/// Turns a campaign's target rules into the officials a given supporter
/// should contact, in the order the rules were written.
public struct TargetResolver: Sendable {
    /// One office (and its holder, when the directory names one) to contact.
    public struct Target: Sendable {
        /// The holder; nil for an office the directory names no one for.
        public let official: Official?
        public let office: Office
        public let jurisdiction: Jurisdiction
        /// The district the seat represents, for a district seat.
        public let district: District?
        /// The rule that chose the target.
        public let ruleIndex: Int

        /// The holder's contacts, then the office's.
        public var contacts: [Contact] { (official?.contacts ?? []) + office.contacts }
        /// The phone numbers to call.
        public var phones: [Contact] { contacts.filter { $0.kind == .phone } }
    }

    /// A rule that could not give a target yet, and why.
    public struct Pending: Sendable {
        public enum Reason: Sendable {
            /// The supporter's place is needed (a ZIP or a location).
            case needsPlace
            /// The place lies in the jurisdiction but its district is open:
            /// it spans `choices`, or (when `spans` is false) says nothing.
            case needsDistrict(Jurisdiction, choices: [District], spans: Bool)
            /// The supporter lives outside the jurisdiction the rule is for.
            case outside(Jurisdiction)
            /// The lookup cannot tell whether the supporter lives in the
            /// jurisdiction: it has no boundaries (for a location) or no ZIP
            /// codes (for a ZIP code) to place them by. `finders` are the
            /// web pages of the jurisdiction's offices in the rule's role
            /// (a "find your councilmember" page), for the supporter to try.
            case cannotTell(Jurisdiction, finders: [Contact])
            /// The place was looked up, and the directory has no one in
            /// this role for it.
            case noneFound(role: String)
            /// The directory has nothing for the rule.
            case notInDirectory
        }
        public let rule: TargetRule
        public let ruleIndex: Int
        public let reason: Reason
    }

    /// The outcome for one supporter.
    public struct Resolution: Sendable {
        public var targets: [Target] = []
        public var pending: [Pending] = []
        /// How the supporter's place was given, when it was.
        public var source: LookupResult.Source?
    }

    private let directory: Directory
    private let districtsByJurisdiction: [String: [District]]
    /// For each role, the jurisdictions with district seats in it.
    private let districtSeatsByRole: [String: Set<String>]

    /// Makes a resolver over a loaded directory and its districts.
    public init(directory: Directory, districts: [District]) {
        self.directory = directory
        districtsByJurisdiction = Dictionary(grouping: districts, by: \.jurisdictionID)
        var seats: [String: Set<String>] = [:]
        for office in directory.offices where office.districtCode != nil { seats[office.role, default: []].insert(office.jurisdictionID) }
        districtSeatsByRole = seats
    }

    /// The jurisdictions in which `rules` reach a district seat: there a
    /// signer's or caller's district decides which official is theirs.
    public func districtSeatJurisdictions(_ rules: [TargetRule]) -> Set<String> {
        var found: Set<String> = []
        for rule in rules {
            switch rule {
            case .official(let id):
                if let official = directory.officials.first(where: { $0.id == id }), let office = directory.office(official.officeID),
                   office.districtCode != nil {
                    found.insert(office.jurisdictionID)
                }
            case let .office(role, jurisdictionID):
                if districtSeatsByRole[role]?.contains(jurisdictionID) == true { found.insert(jurisdictionID) }
            case let .own(role, only):
                let seats = districtSeatsByRole[role] ?? []
                if let only { if seats.contains(only) { found.insert(only) } } else { found.formUnion(seats) }
            }
        }
        return found
    }

    /// The targets for a supporter at `place` (nil when not known yet), on
    /// `day`: a rule by role takes the holders in office that day; an
    /// official named by id stays a target after their term ends.
    public func resolve(_ rules: [TargetRule], place: LookupResult?, on day: PartialDate) -> Resolution {
        let place = place?.inOffice(on: day)
        var resolution = Resolution(source: place?.source)
        var seen: Set<String> = []
        func add(_ target: Target) {
            let key = target.official?.id ?? "office:" + target.office.id
            if seen.insert(key).inserted { resolution.targets.append(target) }
        }
        for (index, rule) in rules.enumerated() {
            func pending(_ reason: Pending.Reason) { resolution.pending.append(Pending(rule: rule, ruleIndex: index, reason: reason)) }
            switch rule {
            case .official(let id):
                guard let official = directory.officials.first(where: { $0.id == id }), let office = directory.office(official.officeID),
                      let jurisdiction = directory.jurisdiction(office.jurisdictionID) else { pending(.notInDirectory); continue }
                add(Target(official: official, office: office, jurisdiction: jurisdiction, district: district(of: office), ruleIndex: index))
            case let .office(role, jurisdictionID):
                let offices = directory.offices.filter { $0.role == role && $0.jurisdictionID == jurisdictionID }
                    .sorted { ($0.districtCode ?? "", $0.seat) < ($1.districtCode ?? "", $1.seat) }
                guard let jurisdiction = directory.jurisdiction(jurisdictionID), !offices.isEmpty else { pending(.notInDirectory); continue }
                for office in offices {
                    let holders = directory.officials.filter { $0.officeID == office.id && $0.isInOffice(on: day) }.sorted { $0.sortName < $1.sortName }
                    if holders.isEmpty { add(Target(official: nil, office: office, jurisdiction: jurisdiction, district: district(of: office), ruleIndex: index)) }
                    for holder in holders {
                        add(Target(official: holder, office: office, jurisdiction: jurisdiction, district: district(of: office), ruleIndex: index))
                    }
                }
            case let .own(role, only):
                guard let place else { pending(.needsPlace); continue }
                let inScope = place.areas.filter { area in only.map { area.jurisdiction.id == $0 } ?? true }
                if let only, inScope.isEmpty {
                    guard let jurisdiction = directory.jurisdiction(only) else { pending(.notInDirectory); continue }
                    if isOutside(place, jurisdiction) {
                        pending(.outside(jurisdiction))
                    } else {
                        let finders = directory.offices.filter { $0.jurisdictionID == only && $0.role == role && $0.districtCode == nil }
                            .flatMap(\.contacts).filter { $0.kind == .web }
                        pending(.cannotTell(jurisdiction, finders: finders))
                    }
                    continue
                }
                let matches = place.representatives.filter { representative in
                    representative.office.role == role && inScope.contains { $0.jurisdiction.id == representative.jurisdiction.id }
                }
                // A jurisdiction whose district seats hold this role, but whose district the place left open.
                for area in inScope where area.districts.count != 1 {
                    let hasDistrictSeats = districtSeatsByRole[role]?.contains(area.jurisdiction.id) == true
                    if !area.choices.isEmpty && (hasDistrictSeats || matches.isEmpty) {
                        pending(.needsDistrict(area.jurisdiction, choices: area.choices, spans: area.spansDistricts))
                    } else if area.choices.isEmpty && hasDistrictSeats {
                        // Seats by district, and no districts on record to place anyone in: say so rather than leave them out.
                        let finders = directory.offices.filter { $0.jurisdictionID == area.jurisdiction.id && $0.role == role }
                            .flatMap(\.contacts).filter { $0.kind == .web }
                        pending(.cannotTell(area.jurisdiction, finders: finders))
                    }
                }
                if matches.isEmpty && !resolution.pending.contains(where: { $0.ruleIndex == index }) { pending(.noneFound(role: role)) }
                for representative in matches {
                    if representative.officials.isEmpty {
                        add(Target(official: nil, office: representative.office, jurisdiction: representative.jurisdiction,
                                   district: representative.district, ruleIndex: index))
                    }
                    for official in representative.officials {
                        add(Target(official: official, office: representative.office, jurisdiction: representative.jurisdiction,
                                   district: representative.district, ruleIndex: index))
                    }
                }
            }
        }
        return resolution
    }

    /// Whether `place`, which the lookup did not find in `jurisdiction`,
    /// is known to lie outside it: the jurisdiction is one the lookup finds
    /// every place of, or the place lies in another such jurisdiction that
    /// neither contains it nor lies within it (whose land it does not share).
    private func isOutside(_ place: LookupResult, _ jurisdiction: Jurisdiction) -> Bool {
        if place.covered.contains(jurisdiction.id) { return true }
        var ancestors: Set<String> = []
        var current = jurisdiction.parentID
        while let id = current, ancestors.insert(id).inserted { current = directory.jurisdiction(id)?.parentID }
        return place.areas.contains { place.covered.contains($0.jurisdiction.id) && !ancestors.contains($0.jurisdiction.id) }
    }

    private func district(of office: Office) -> District? {
        guard let code = office.districtCode else { return nil }
        return districtsByJurisdiction[office.jurisdictionID]?.first { $0.code == code }
    }
}
