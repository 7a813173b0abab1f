/// The names of the United States, its states, the District of Columbia and
/// its territories, by OCD division id: what a jurisdiction an import needs
/// but no file names is called.
enum USStateNames {
    /// The name of the country, a state, DC or a territory, or nil.
    static func name(of divisionID: String) -> String? {
        if divisionID == country { return "United States" }
        let prefixes = ["\(country)/state:", "\(country)/district:", "\(country)/territory:"]
        guard let prefix = prefixes.first(where: divisionID.hasPrefix) else { return nil }
        return byCode[String(divisionID.dropFirst(prefix.count))]
    }

    static let country = "ocd-division/country:us"

    private static let byCode: [String: String] = [
        "al": "Alabama", "ak": "Alaska", "az": "Arizona", "ar": "Arkansas", "ca": "California", "co": "Colorado",
        "ct": "Connecticut", "de": "Delaware", "fl": "Florida", "ga": "Georgia", "hi": "Hawaii", "id": "Idaho",
        "il": "Illinois", "in": "Indiana", "ia": "Iowa", "ks": "Kansas", "ky": "Kentucky", "la": "Louisiana",
        "me": "Maine", "md": "Maryland", "ma": "Massachusetts", "mi": "Michigan", "mn": "Minnesota", "ms": "Mississippi",
        "mo": "Missouri", "mt": "Montana", "ne": "Nebraska", "nv": "Nevada", "nh": "New Hampshire", "nj": "New Jersey",
        "nm": "New Mexico", "ny": "New York", "nc": "North Carolina", "nd": "North Dakota", "oh": "Ohio", "ok": "Oklahoma",
        "or": "Oregon", "pa": "Pennsylvania", "ri": "Rhode Island", "sc": "South Carolina", "sd": "South Dakota",
        "tn": "Tennessee", "tx": "Texas", "ut": "Utah", "vt": "Vermont", "va": "Virginia", "wa": "Washington",
        "wv": "West Virginia", "wi": "Wisconsin", "wy": "Wyoming",
        "dc": "District of Columbia",
        "pr": "Puerto Rico", "gu": "Guam", "vi": "U.S. Virgin Islands", "as": "American Samoa",
        "mp": "Northern Mariana Islands",
    ]
}
