/// A place or body that officials serve: a city, county, state, the District
/// of Columbia, a ward or district, or an organization of officials.
public struct Jurisdiction: Sendable, Hashable, Codable {
    /// The Open Civic Data id.
    public var id: String
    /// The name people use ("Seattle", "King County").
    public var name: String
    /// What kind of place it is.
    public var kind: Kind
    /// The jurisdiction it lies in (a city's county or state), if any.
    public var parentID: String?
    /// Ids other registries give it (a Popolo area's own id), sorted.
    public var identifiers: [ExternalIdentifier]
    /// The language its officials are written to when the directory gives
    /// none of their own ("es"); a jurisdiction without one takes its
    /// parent's (see `Directory.languages(of:)`).
    public var language: String?
    /// Its name in other languages, by locale key ("es", "zh-hans"):
    /// pages in that language show it.
    public var names: [String: String]

    /// Its name as a page in `locale` shows it.
    public func name(in locale: String) -> LocalizedName {
        LocalizedName(stored: name, names: names, locale: locale)
    }

    /// The kinds of jurisdiction.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case country, state, territory
        case federalDistrict = "federal-district"
        case county, city, ward
        /// An area that elects a member of a body: a council, county
        /// commission, school board or legislative district.
        case district
        case schoolDistrict = "school-district"
        /// A water, sewer, sanitation, park, transit or health district.
        case specialDistrict = "special-district"
        case court
        case organization
        /// A division of a type not modelled here (a precinct, a DC
        /// Advisory Neighborhood Commission, a region, …).
        case division
    }

    /// Makes a jurisdiction.
    public init(id: String, name: String, kind: Kind, parentID: String? = nil, identifiers: [ExternalIdentifier] = [],
                language: String? = nil, names: [String: String] = [:]) {
        self.id = id
        self.name = name
        self.kind = kind
        self.parentID = parentID
        self.identifiers = identifiers.sorted()
        self.language = language
        self.names = names
    }
}
