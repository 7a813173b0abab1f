/// One entry of an Open States person's `roles`: an office held from a
/// date to a date, read into this directory's role, jurisdiction and seat.
struct OpenStatesRole {
    /// The built-in role ("mayor", "councilmember").
    let role: OfficeRole
    /// The OCD division the role serves (the `ocd-jurisdiction` id's division).
    let divisionID: String
    /// The seat: "Ward 2", "At-large", "District 24", or empty for a sole office.
    let seat: String
    /// The district code the seat represents ("2", "24"), if any.
    let districtCode: String?
    let start: PartialDate?
    let end: PartialDate?
    /// Where the role is written.
    let location: SourceLocation

    /// Reads a role; an unknown type, a malformed jurisdiction or date is an
    /// error at the value.
    init(_ node: YAMLNode) throws {
        location = node.location
        guard node.mapping != nil else { throw InputError("a role must be a mapping, not \(node.kindName)", at: node.location) }
        let type = try OpenStatesField.string(node, "type")
        let jurisdiction = try OpenStatesField.string(node, "jurisdiction")
        divisionID = try OpenStatesRole.division(of: jurisdiction, at: node["jurisdiction"]?.location ?? node.location)
        guard var role = OfficeRole.openStates(type: type, jurisdiction: jurisdiction) else {
            let known = OfficeRole.openStatesTypes.keys.sorted().joined(separator: ", ")
            throw InputError("unknown Open States role type '\(type)' (known types: \(known))", at: node["type"]?.location)
        }
        let district = try OpenStatesField.optionalString(node, "district")
        // DC's Council names its chair as a district of its own.
        if role.slug == "councilmember", district == "Chairman", let chair = OfficeRole.named("council-chair") {
            role = chair
            (seat, districtCode) = ("", nil)
        } else {
            (seat, districtCode) = OpenStatesRole.seat(district)
        }
        self.role = role
        start = try OpenStatesField.date(node, "start_date")
        // An end before the start (a role recorded and withdrawn) is kept
        // as written: such a role is never held, and the source is not ours to mend.
        end = try OpenStatesField.date(node, "end_date")
    }

    /// The office the role is.
    var office: Office {
        Office(jurisdictionID: divisionID, role: role.slug, seat: seat, districtCode: districtCode)
    }

    /// Whether the role covers `day`: "2018" as a start means from 1 January
    /// 2018, as an end through 31 December.
    func isHeld(on day: PartialDate) -> Bool {
        Self.covers(start: start, end: end, day: day)
    }

    /// Whether the span from `start` to `end` (either open) covers `day`.
    static func covers(start: PartialDate?, end: PartialDate?, day: PartialDate) -> Bool {
        (start.map { earliestOrdinal($0) <= earliestOrdinal(day) } ?? true) && (end.map { $0.latestOrdinal >= earliestOrdinal(day) } ?? true)
    }

    private static func earliestOrdinal(_ date: PartialDate) -> Int {
        date.year * 10_000 + (date.month ?? 1) * 100 + (date.day ?? 1)
    }

    /// How recent the role is, for a person who holds none today: the
    /// latest end (an open end is latest), then the latest start.
    static func isLessRecent(_ lhs: OpenStatesRole, than rhs: OpenStatesRole) -> Bool {
        let left = (lhs.end?.latestOrdinal ?? Int.max, lhs.start.map(earliestOrdinal) ?? 0)
        let right = (rhs.end?.latestOrdinal ?? Int.max, rhs.start.map(earliestOrdinal) ?? 0)
        return left < right
    }

    /// The division of an `ocd-jurisdiction` id: the id's places with the
    /// body (`government`, `legislature`, `council`) left off.
    static func division(of jurisdiction: String, at location: SourceLocation) throws -> String {
        let prefix = "ocd-jurisdiction/"
        let parts = jurisdiction.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard jurisdiction.hasPrefix(prefix), parts.count >= 2, let body = parts.last, !body.isEmpty, !body.contains(":") else {
            throw InputError("malformed jurisdiction '\(jurisdiction)'; expected an id like ocd-jurisdiction/country:us/state:wa/government",
                             at: location)
        }
        let division = "ocd-division/" + parts.dropLast().joined(separator: "/")
        if let problem = OCDIdentifier.problem(with: division) {
            throw InputError("malformed jurisdiction '\(jurisdiction)': \(problem)", at: location)
        }
        return division
    }

    /// The seat and district code a `district` stands for, named as this
    /// directory names them: "Ward 2" is seat "Ward 2" of district 2,
    /// Washington's legislative district "24" seat "District 24" of district
    /// 24, "At-Large" the shared seat "At-large" of no district, and any
    /// other name a seat and district of that name.
    static func seat(_ district: String?) -> (seat: String, districtCode: String?) {
        guard let district = district?.trimmedWhitespace, !district.isEmpty else { return ("", nil) }
        let lowered = district.lowercased()
        if lowered == "at-large" || lowered == "at large" { return ("At-large", nil) }
        for word in ["Ward ", "District "] where district.hasPrefix(word) && district.count > word.count {
            return (district, String(district.dropFirst(word.count)))
        }
        if district.first?.isASCIIDigit == true { return ("District \(district)", district) }
        return (district, district)
    }
}
