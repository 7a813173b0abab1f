/// Who holds which office, and for what term: of an official, what an
/// import checks across records (the earlier holders of a sole office, the
/// offices still held) without holding every record whole.
public struct OfficeHolding: Sendable, Hashable {
    /// The official's id.
    public let officialID: String
    /// The office held.
    public let officeID: String
    public let termStart: PartialDate?
    public let termEnd: PartialDate?

    /// Makes a holding.
    public init(officialID: String, officeID: String, termStart: PartialDate?, termEnd: PartialDate?) {
        self.officialID = officialID
        self.officeID = officeID
        self.termStart = termStart
        self.termEnd = termEnd
    }

    /// The holding of `official`.
    public init(_ official: Official) {
        self.init(officialID: official.id, officeID: official.officeID, termStart: official.termStart, termEnd: official.termEnd)
    }
}
