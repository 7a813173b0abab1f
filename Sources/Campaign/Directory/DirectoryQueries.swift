import Foundation

/// Questions asked of a loaded directory.
public enum DirectoryQueries {
    /// Whether `id` is `ancestor` or lies within it.
    public static func jurisdiction(_ id: String, isWithin ancestor: String, in directory: Directory) -> Bool {
        var current: String? = id
        var steps = 0
        while let id = current, steps < 32 {
            if id == ancestor { return true }
            current = directory.jurisdiction(id)?.parentID
            steps += 1
        }
        return false
    }

    /// A record whose verification is older than asked, or missing.
    public struct StaleRecord: Sendable, Hashable {
        public let officialID: String?
        public let officeID: String
        public let name: String
        /// "record", or the contact ("phone 206-263-9600").
        public let what: String
        public let verified: PartialDate?
        public let source: String
    }

    /// Offices left empty by an ended term: for each office nobody holds on
    /// `day`, the holder whose term ended last before it (all of them, if
    /// several ended that day). Such a record is the directory's to mend: a
    /// successor to add, or a source's end date that is wrong (DC's Mayor,
    /// whose one role in Open States ended on 2023-01-01). A holder whose
    /// successor is in office is history, not listed.
    public static func endedTerms(in directory: Directory, on day: PartialDate) -> [StaleRecord] {
        let byOffice = Dictionary(grouping: directory.officialsInDisplayOrder, by: \.officeID)
        var records: [StaleRecord] = []
        for officeID in byOffice.keys.sorted() {
            let holders = byOffice[officeID] ?? []
            guard !holders.contains(where: { $0.isInOffice(on: day) }) else { continue }
            let ended = holders.filter { $0.hasLeftOffice(before: day) }
            guard let last = ended.compactMap(\.termEnd).max() else { continue }
            for official in ended where official.termEnd == last {
                records.append(StaleRecord(officialID: official.id, officeID: officeID, name: official.name, what: "term ended \(last)",
                                           verified: official.verified, source: official.source))
            }
        }
        return records
    }

    /// A postal address's lines as one, for a table row.
    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
    }

    /// Officials and contacts verified before `cutoff`, or never: the
    /// never-verified first, then the oldest.
    public static func stale(in directory: Directory, verifiedBefore cutoff: Date) -> [StaleRecord] {
        func isStale(_ date: PartialDate?) -> Bool { date.map { $0.isOlder(than: cutoff) } ?? true }
        var records: [StaleRecord] = []
        for official in directory.officialsInDisplayOrder {
            if isStale(official.verified) {
                records.append(StaleRecord(officialID: official.id, officeID: official.officeID, name: official.name, what: "record",
                                           verified: official.verified, source: official.source))
            }
            for contact in official.contacts where isStale(contact.verified) {
                records.append(StaleRecord(officialID: official.id, officeID: official.officeID, name: official.name,
                                           what: "\(contact.kind.rawValue) \(oneLine(contact.display))", verified: contact.verified, source: contact.source))
            }
        }
        for office in directory.offices {
            for contact in office.contacts where isStale(contact.verified) {
                records.append(StaleRecord(officialID: nil, officeID: office.id, name: office.title(in: "en"),
                                           what: "\(contact.kind.rawValue) \(oneLine(contact.display))", verified: contact.verified, source: contact.source))
            }
        }
        return records.sorted { lhs, rhs in
            switch (lhs.verified, rhs.verified) {
            case (nil, nil): return false
            case (nil, _): return true
            case (_, nil): return false
            case let (left?, right?): return left < right
            }
        }
    }
}
