/// How an official's id was made from a source that has ids of its own
/// (Open States' `ocd-person/UUID`), so that the import can settle it
/// against the database: keep the id of the stored record of the same
/// person, adopt a record made before the source was used, or take a slug
/// no one holds.
public struct GeneratedOfficialID: Sendable, Hashable {
    /// The person's id in the source, kept as an external identifier.
    public var person: ExternalIdentifier
    /// The name's slug ("anders-ibsen").
    public var slug: String
    /// Qualifiers for a slug someone else holds, tried in turn: the state
    /// ("anders-ibsen-wa"), then a part of the source's id.
    public var qualifiers: [String]
    /// For a person's second and later offices, what follows the first
    /// record's id ("mayor", "councilmember-ward-4").
    public var officeSuffix: String?

    /// Makes one.
    public init(person: ExternalIdentifier, slug: String, qualifiers: [String], officeSuffix: String? = nil) {
        self.person = person
        self.slug = slug
        self.qualifiers = qualifiers
        self.officeSuffix = officeSuffix
    }

    /// The ids to try for this record when the first record of the person
    /// has `firstID`, in order.
    func candidates(firstID: String?) -> [String] {
        if let officeSuffix, let firstID {
            return [firstID + "-" + officeSuffix] + qualifiers.suffix(1).map { firstID + "-" + officeSuffix + "-" + $0 }
        }
        var ids = [slug]
        for count in qualifiers.indices { ids.append(([slug] + qualifiers.prefix(count + 1)).joined(separator: "-")) }
        return ids
    }
}
