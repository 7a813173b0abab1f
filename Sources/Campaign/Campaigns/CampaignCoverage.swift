/// What a campaign's target rules can reach on a day, before supporters
/// come: for each rule, the jurisdictions, districts and seats it reaches,
/// and the holes, each said with what to do about it. A report over loaded
/// records: it reads nothing and writes nothing.
public struct CampaignCoverage: Sendable {
    /// Something a rule cannot do for some supporters, or someone it cannot reach.
    public struct Hole: Sendable, Hashable {
        /// What is missing.
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            /// The rule names an official, office or jurisdiction the directory lacks.
            case notInDirectory = "not-in-directory"
            /// No ZIP code places a supporter in the jurisdiction.
            case noZIPTable = "no-zip-table"
            /// No ZIP code tells which district of the jurisdiction a supporter is in.
            case noDistrictZIPs = "no-district-zips"
            /// Districts that seats name have no boundaries, so a location cannot place a supporter in them.
            case noBoundaries = "no-boundaries"
            /// Districts of the jurisdiction that no seat of the rule's role names.
            case noSeat = "no-seat"
            /// A seat with no one in office on the day.
            case vacantSeat = "vacant-seat"
            /// An official named by id who is not in office on the day.
            case notInOffice = "not-in-office"
            /// An official (with their office) with neither a phone number nor an e-mail address.
            case noContact = "no-contact"
        }
        public let kind: Kind
        /// The jurisdiction the hole is in, when it is in one.
        public let jurisdictionID: String?
        /// A few words naming the place and the hole: "Tacoma: council districts have no boundaries".
        public let summary: String
        /// The hole in a sentence, with the command that fills it.
        public let message: String
    }

    /// A seat the rule reaches, with whoever holds it on the day.
    public struct Seat: Sendable {
        public let office: Office
        /// The loaded district the seat names, when it names one that is loaded.
        public let district: District?
        /// The holders in office on the day; for a rule that names an
        /// official, that official, in office or not (a hole says which).
        public let holders: [Official]
    }

    /// A district the rule's seats are about, and what is known of it.
    public struct DistrictReach: Sendable {
        public let district: District
        public let hasBoundary: Bool
        public let zipCount: Int
    }

    /// One jurisdiction a rule reaches.
    public struct Reach: Sendable {
        public let jurisdiction: Jurisdiction
        /// ZIP codes that place a supporter in it: its own and its districts'.
        public let zipCount: Int
        /// Where it has no ZIP codes of its own, the places within it that
        /// have some: their ZIP codes place a supporter in it too.
        public let zipsWithin: [Jurisdiction]
        /// How many of its districts (of any kind) have a boundary, which is what places a location in it.
        public let boundaryCount: Int
        /// Where it has no boundaries of its own, the places within it that have some.
        public let boundariesWithin: [Jurisdiction]
        /// The loaded districts of the kinds its seats of the role name (for
        /// a rule that names an official, their district alone).
        public let districts: [DistrictReach]
        public let seats: [Seat]
    }

    /// One target rule and what it reaches.
    public struct RuleCoverage: Sendable {
        /// The rule's place in the campaign, from 0.
        public let index: Int
        public let rule: TargetRule
        /// The rule in words, with the directory's names.
        public let summary: String
        /// Whether the rule needs the supporter's place (an `own =` rule), so ZIP codes and boundaries matter.
        public var placesSupporter: Bool { if case .own = rule { return true } else { return false } }
        public let reach: [Reach]
        public let holes: [Hole]
    }

    /// The day whose officeholders count.
    public let day: PartialDate
    public let rules: [RuleCoverage]

    /// Every hole once, in rule order (two rules may share one).
    public var holes: [Hole] {
        var seen: Set<Hole> = []
        return rules.flatMap(\.holes).filter { seen.insert($0).inserted }
    }

    /// The coverage of `rules` over `directory`, the loaded districts with
    /// their ZIP codes and the ZIP codes of whole jurisdictions, on `day`.
    public init(rules: [TargetRule], directory: Directory, districts: [DistrictStore.Entry],
                jurisdictionZIPs: [(jurisdictionID: String, zip: String)], on day: PartialDate) {
        let known = KnownPlaces(directory: directory, districts: districts, jurisdictionZIPs: jurisdictionZIPs)
        self.day = day
        self.rules = rules.enumerated().map { index, rule in
            var holes: [Hole] = []
            let reach = known.reach(of: rule, on: day, holes: &holes)
            return RuleCoverage(index: index, rule: rule, summary: rule.summary(in: directory), reach: reach, holes: holes)
        }
    }

    /// A few lines for `check` and `publish`: how many holes, the first
    /// `limit` of them in short, and `command` to see them all; none when
    /// there is no hole.
    public func summaryLines(command: String, limit: Int = 3) -> [String] {
        let holes = holes
        guard !holes.isEmpty else { return [] }
        var lines = ["coverage: \(holes.count) hole\(holes.count == 1 ? "" : "s"); `\(command)` shows them all with what to do:"]
        lines += holes.prefix(limit).map { "  " + $0.summary }
        if holes.count > limit { lines.append("  and \(holes.count - limit) more") }
        return lines
    }
}
