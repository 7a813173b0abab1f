/// What an organizer tells the Popolo reader about a published file that the
/// file cannot say itself.
public struct PopoloOptions: Sendable, Equatable {
    /// The division under which areas whose ids are not OCD division ids
    /// (Wikidata "Q…", "area/xyz", UUIDs) become jurisdictions; without it,
    /// each such area is reported.
    public var within: String?
    /// The role of a member of a legislature or council whose membership and
    /// post name no role of their own, or only "member"; `councilmember` when nil.
    public var memberRole: String?
    /// The day a membership is judged current on: one whose end date (or
    /// legislative period's end) is before it has ended. With nil, only a
    /// membership without an end is current.
    public var asOf: PartialDate?

    /// Makes options; every one may be left out.
    public init(within: String? = nil, memberRole: String? = nil, asOf: PartialDate? = nil) {
        self.within = within
        self.memberRole = memberRole
        self.asOf = asOf
    }
}
