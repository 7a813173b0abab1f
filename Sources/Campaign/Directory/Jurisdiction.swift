/// A place or body that officials serve: a city, county, state, the District
/// of Columbia, or an organization of officials.
public struct Jurisdiction: Sendable, Hashable, Codable {
    /// The Open Civic Data id.
    public var id: String
    /// The name people use ("Seattle", "King County").
    public var name: String
    /// What kind of place it is.
    public var kind: Kind
    /// The jurisdiction it lies in (a city's county or state), if any.
    public var parentID: String?

    /// The kinds of jurisdiction.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case country, state, county, city
        case federalDistrict = "federal-district"
        case organization
    }

    /// Makes a jurisdiction.
    public init(id: String, name: String, kind: Kind, parentID: String? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.parentID = parentID
    }
}
