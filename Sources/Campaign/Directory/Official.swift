/// A person holding an office (Popolo's person and membership), with how to
/// reach them and where that came from.
public struct Official: Sendable, Hashable {
    /// A stable slug chosen by whoever keeps the directory; re-importing a
    /// file updates the official with the same id.
    public var id: String
    public var name: String
    /// The name as it sorts: "Durkan, Jenny".
    public var sortName: String
    public var party: String?
    public var pronouns: String?
    /// The language they are written to in ("es"), when not the campaign's:
    /// delivery packets and digests to them use it.
    public var language: String?
    /// The office held.
    public var officeID: String
    public var termStart: PartialDate?
    public var termEnd: PartialDate?
    /// The document or URL the record was taken from.
    public var source: String
    /// When the record was last checked against its source; nil when the
    /// source does not date itself.
    public var verified: PartialDate?
    public var contacts: [Contact]
    /// Titles of this holder by locale, over the office's: Spanish titles
    /// are gendered ("Concejala", "Concejal") where the seat is shared.
    public var titles: [String: String]
    /// Ids other registries give this person (Open States' `ocd-person/…`),
    /// sorted: a re-import finds the record by them.
    public var identifiers: [ExternalIdentifier]

    /// Makes an official.
    public init(id: String, name: String, sortName: String, party: String? = nil, pronouns: String? = nil, language: String? = nil,
                officeID: String, termStart: PartialDate? = nil, termEnd: PartialDate? = nil,
                source: String, verified: PartialDate?, contacts: [Contact] = [], titles: [String: String] = [:],
                identifiers: [ExternalIdentifier] = []) {
        self.id = id
        self.name = name
        self.sortName = sortName
        self.party = party
        self.pronouns = pronouns
        self.language = language
        self.officeID = officeID
        self.termStart = termStart
        self.termEnd = termEnd
        self.source = source
        self.verified = verified
        self.contacts = contacts
        self.titles = titles
        self.identifiers = identifiers.sorted()
    }

    /// The title in `locale`: this holder's own, else the office's own
    /// when it is not only its built-in role's (which offices are stored
    /// with), else, where their pronouns ask for a gender
    /// (`GrammaticalGender`), the catalogs' `role.<role>.feminine` or
    /// `.masculine` in that language, else the office's (see
    /// `Office.title(in:catalogs:)`).
    public func title(in locale: String, office: Office?, catalogs: Localizer? = nil) -> String {
        if let own = titles[locale] { return own }
        if let office, let given = office.titles[locale], given != OfficeRole.named(office.role)?.titles[locale] { return given }
        if let office, let catalogs, let gender = GrammaticalGender(pronouns: pronouns),
           let gendered = catalogs.ownString("role.\(office.role).\(gender.rawValue)", locale: locale) {
            return gendered
        }
        return office?.title(in: locale, catalogs: catalogs) ?? titles["en"] ?? ""
    }

    /// Whether the term covers `day`: it began on or before it (or its start
    /// is not known) and ends on or after it (or is open). A partial date
    /// covers its whole year or month: a term ending in "2025" covers
    /// 31 December 2025, one starting in "2018" covers 1 January 2018.
    public func isInOffice(on day: PartialDate) -> Bool {
        if let termStart, termStart.earliestOrdinal > day.earliestOrdinal { return false }
        if let termEnd, termEnd.latestOrdinal < day.earliestOrdinal { return false }
        return true
    }

    /// Whether the term ended before `day` (even the latest day its end may
    /// stand for lies before it).
    public func hasLeftOffice(before day: PartialDate) -> Bool {
        termEnd.map { $0.latestOrdinal < day.earliestOrdinal } ?? false
    }

    /// Whether `id` is a valid official id: lowercase letters, digits and dashes.
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 100 && !id.hasPrefix("-")
            && id.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }
}
