/// A district of a jurisdiction (a ward, a council district), with its
/// boundary and the ZIP codes that reach into it, either or both.
public struct District: Sendable, Hashable {
    /// The jurisdiction it divides.
    public var jurisdictionID: String
    /// The code offices name ("2", "7").
    public var code: String
    /// The name people read ("Ward 2").
    public var name: String
    /// What kind of district ("ward", "council-district").
    public var kind: String
    /// The boundary as GeoJSON geometry text, when known.
    public var boundaryGeoJSON: String?
    /// Where the boundary came from.
    public var source: String
    /// Its name in other languages, by locale key ("es": "Distrito 2"):
    /// pages in that language show it (see `LocalizedName`).
    public var names: [String: String]

    /// Makes a district.
    public init(jurisdictionID: String, code: String, name: String, kind: String, boundaryGeoJSON: String? = nil, source: String = "",
                names: [String: String] = [:]) {
        self.jurisdictionID = jurisdictionID
        self.code = code
        self.name = name
        self.kind = kind
        self.boundaryGeoJSON = boundaryGeoJSON
        self.source = source
        self.names = names
    }

    /// Its name as a page in `locale` shows it.
    public func name(in locale: String) -> LocalizedName {
        LocalizedName(stored: name, names: names, locale: locale)
    }

    /// The stored boundary, parsed; nil when the district has none.
    public func boundary() throws -> Boundary? {
        try boundaryGeoJSON.map { text in
            try GeoJSONGeometry.boundary(from: JSONParser.parse(bytes: Array(text.utf8), file: "boundary of \(jurisdictionID) district \(code)"))
        }
    }
}
