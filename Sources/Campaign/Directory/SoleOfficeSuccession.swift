/// Ends the term of a sole office's earlier holder when an import brings a
/// later one: a mayor, a governor or a ward's councilmember (see `isSole`)
/// has one holder at a time, so an earlier
/// holder with no end date, or one after the later holder's start, left
/// the day before the later one took office. Seed-era records carry no
/// end date; without this, today's data loaded over them would give a city
/// two mayors.
public enum SoleOfficeSuccession {
    /// One term this ends.
    public struct Ending: Sendable, Hashable {
        /// The earlier holder.
        public let officialID: String
        /// The day before `successorID` took office.
        public let end: PartialDate
        /// The end date it had, if any.
        public let previous: PartialDate?
        /// The later holder.
        public let successorID: String
    }

    /// Whether `office` is held by one person at a time: an executive
    /// office (a mayor, a governor), a body's chair, or a seat of its own
    /// ("Ward 5", "Position 9", "District 3"). Shared are an at-large seat,
    /// a body's members without a seat, and a state legislative district,
    /// which in some states elects several members. An organizer's own role
    /// is not judged: it is left as the files give it.
    public static func isSole(_ office: Office) -> Bool {
        guard let role = OfficeRole.named(office.role) else { return false }
        guard role.isLegislative else { return true }
        if office.seat.isEmpty { return ["council-chair", "council-president"].contains(role.slug) }
        let seat = office.seat.lowercased().replacingOccurrences(of: " ", with: "-")
        return !seat.contains("at-large") && !["state-senator", "state-representative"].contains(role.slug)
    }

    /// The terms to end among `holdings` (the directory as the import
    /// would leave it), in the offices of `soleOffices` (ids of offices
    /// `isSole` holds true of) that `arrivals` (officials new to their office
    /// in this import) took. Holders are taken in order of their start (a
    /// holder with none first); each one followed by a later start ends the
    /// day before it, unless it ends by that day already (a handover on the
    /// day is left as it is). Two holders who start on the same date are
    /// left as they are.
    public static func endings(holdings: [OfficeHolding], soleOffices: Set<String>, arrivals: Set<String>) -> [Ending] {
        let touched = Set(holdings.lazy.filter { arrivals.contains($0.officialID) && soleOffices.contains($0.officeID) }.map(\.officeID))
        // Only an office with more than one holder ends a term: tens of thousands of seats each taken by one newcomer end none.
        var holderCounts: [String: Int] = [:]
        for holding in holdings where touched.contains(holding.officeID) { holderCounts[holding.officeID, default: 0] += 1 }
        let shared = Set(holderCounts.lazy.filter { $0.value > 1 }.map(\.key))
        let holdersByOffice = Dictionary(grouping: holdings.lazy.filter { shared.contains($0.officeID) }, by: \.officeID)
        var endings: [Ending] = []
        for officeID in shared.sorted() {
            let holders = (holdersByOffice[officeID] ?? [])
                .sorted { ($0.termStart?.earliestOrdinal ?? 0, $0.officialID) < ($1.termStart?.earliestOrdinal ?? 0, $1.officialID) }
            for (index, holder) in holders.enumerated() {
                let start = holder.termStart?.earliestOrdinal ?? 0
                // The next holder to start after this one did.
                guard let next = holders[(index + 1)...].first(where: { ($0.termStart?.earliestOrdinal ?? 0) > start }),
                      let nextStart = next.termStart else { continue }
                if let end = holder.termEnd, end.latestOrdinal <= nextStart.earliestOrdinal { continue }
                endings.append(Ending(officialID: holder.officialID, end: nextStart.dayBeforeStart, previous: holder.termEnd, successorID: next.officialID))
            }
        }
        return endings
    }
}
