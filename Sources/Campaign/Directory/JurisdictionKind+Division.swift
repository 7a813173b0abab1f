extension Jurisdiction.Kind {
    /// The kind an OCD id's own type gives: `county:doña_ana` a county,
    /// `ward:3` a ward, a type not modelled here a division. County
    /// equivalents (a Louisiana parish, an Alaska borough or census area, a
    /// Puerto Rico municipio) are counties, as the Census Bureau counts them.
    public init(ocdID id: String) {
        if OCDIdentifier.isOrganization(id) { self = .organization; return }
        guard let type = OCDIdentifier.divisionType(of: id) else { self = .country; return }
        let parentType = OCDIdentifier.ancestors(of: id).first.flatMap(OCDIdentifier.divisionType(of:))
        switch type {
        case "state": self = .state
        case "territory": self = .territory
        case "district" where parentType == nil: self = .federalDistrict
        case "county", "parish", "census_area", "municipio": self = .county
        case "borough" where parentType == "state": self = .county
        case "place", "municipality", "borough": self = .city
        case "ward": self = .ward
        case "school_district": self = .schoolDistrict
        case "sanitation", "sewer", "water", "park_district", "transit", "health_care": self = .specialDistrict
        case _ where type.hasSuffix("court") || type.hasPrefix("court_"): self = .court
        case "district", "cd", "sldu", "sldl", "council_district", "commissioner_district", "executive_district",
             "school_board_district", "board_of_education", "board_of_regents", "board_of_equalization",
             "public_service_commission", "governors_council", "constable_district":
            self = .district
        default: self = .division
        }
    }
}
