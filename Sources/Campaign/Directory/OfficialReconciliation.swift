/// How one incoming record of an import meets the record stored under its
/// id and the fields an organizer edited there: what to store, and what
/// to report. A pure function over one record, so that an import can
/// stream records and call it for each.
public enum OfficialReconciliation {
    /// A local value kept where the incoming file gives another.
    public struct Conflict: Sendable, Hashable {
        public let officialID: String
        public let field: OfficialField
        /// The value kept; nil when the organizer cleared the field.
        public let local: String?
        /// What the file gives; nil when it gives none.
        public let incoming: String?
        /// Where the file describes the record.
        public let location: SourceLocation?
    }

    /// What to store for the record.
    public struct Outcome: Sendable, Hashable {
        /// The record to store: the file's, with the local fields and
        /// contacts kept.
        public var official: Official
        /// The local fields, each with the value the file now gives (nil
        /// for none): what `officials edit --reset` takes back.
        public var localFields: [OfficialField: String?]
        /// The local fields whose value the file contradicts.
        public var conflicts: [Conflict]
    }

    /// Reconciles `incoming` (from the file at `location`) with `stored`
    /// (nil for a new record) and its local fields (with the source's value
    /// each had). A local field keeps its stored value, and a conflict is
    /// reported whenever the file's value differs from it, on every import
    /// until the organizer takes the file's (`--reset`). Contacts added by
    /// hand are kept after the file's, unless the file now gives the same
    /// one.
    public static func reconcile(incoming: Official, stored: Official?, localFields: [OfficialField: String?],
                                 location: SourceLocation?) -> Outcome {
        guard let stored else { return Outcome(official: incoming, localFields: [:], conflicts: []) }
        var official = incoming
        var fields: [OfficialField: String?] = [:]
        var conflicts: [Conflict] = []
        for field in localFields.keys.sorted() {
            let local = field.value(in: stored)
            let offered = field.value(in: incoming)
            // A stored value always fits its field.
            _ = field.set(local, in: &official)
            fields[field] = .some(offered)
            // A source that dates nothing does not contradict a verification.
            if offered != local && !(field == .verified && offered == nil) {
                conflicts.append(Conflict(officialID: incoming.id, field: field, local: local, incoming: offered, location: location))
            }
        }
        // Most records have no contact added by hand: theirs are the file's as they are, not a copy.
        if stored.contacts.contains(where: { $0.origin == .local }) {
            let given = Set(incoming.contacts.map { "\($0.kind.rawValue) \($0.value)" })
            official.contacts = incoming.contacts + stored.contacts.filter { $0.origin == .local && !given.contains("\($0.kind.rawValue) \($0.value)") }
        }
        return Outcome(official: official, localFields: fields, conflicts: conflicts)
    }
}
