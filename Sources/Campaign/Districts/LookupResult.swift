/// What a lookup found: the jurisdictions and districts a place may lie in,
/// and the officials who represent it.
public struct LookupResult: Sendable, Equatable {
    /// A jurisdiction the place lies in, most local first.
    public struct Area: Sendable, Equatable {
        public let jurisdiction: Jurisdiction
        /// The districts the place may lie in; several when a ZIP spans them.
        /// Districts in answers carry no boundary text.
        public let districts: [District]
        /// When the place did not settle on one district, the ones to choose
        /// from: the candidates when a ZIP spans several, else all of the
        /// jurisdiction's districts.
        public let choices: [District]

        /// Whether the place lies in several of the jurisdiction's districts.
        public var spansDistricts: Bool { districts.count > 1 }
    }

    /// An office that represents the place, with whoever holds it.
    public struct Representative: Sendable, Equatable {
        public let office: Office
        public let jurisdiction: Jurisdiction
        /// The district the office represents, for a district seat.
        public let district: District?
        /// The holders; empty for an office the directory names no one for.
        public let officials: [Official]
    }

    /// What was looked up.
    public enum Source: Sendable, Equatable {
        /// A five-digit ZIP code.
        case zip(String)
        /// A point (the browser's location).
        case location
    }

    public let areas: [Area]
    public let representatives: [Representative]
    public let source: Source
    /// The jurisdictions this kind of lookup finds every place of: one not
    /// listed (a city with no boundaries, for a point) may hold the place
    /// though `areas` leaves it out.
    public let covered: Set<String>

    /// Whether the place matched nothing in the directory.
    public var isEmpty: Bool { areas.isEmpty }

    /// The same places with only the holders in office on `day`: an office
    /// whose holder's term has ended and who has no successor on record
    /// shows as held by no one.
    public func inOffice(on day: PartialDate) -> LookupResult {
        let current = representatives.map { representative in
            Representative(office: representative.office, jurisdiction: representative.jurisdiction, district: representative.district,
                           officials: representative.officials.filter { $0.isInOffice(on: day) })
        }
        return LookupResult(areas: areas, representatives: current, source: source, covered: covered)
    }
}
