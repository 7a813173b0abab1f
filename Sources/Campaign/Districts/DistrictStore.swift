/// Reads and writes districts and ZIP coverage. All district SQL lives here.
public enum DistrictStore {
    /// A district row with its ZIPs.
    public struct Entry: Sendable, Equatable {
        public let district: District
        public let zips: [String]
    }

    /// Every district, with its ZIPs, ordered by jurisdiction and code.
    public static func all(_ db: Database) throws -> [Entry] {
        let sql = statements(db)
        var zips: [Int64: [String]] = [:]
        for row in try db.rows(sql.districtZIPs) {
            zips[try row.decode("district_id"), default: []].append(try row.decode("zip"))
        }
        return try db.rows(sql.districts).map { row in
            Entry(district: try district(row, boundary: true), zips: zips[try row.decode("id")] ?? [])
        }.sorted { (naturalKey($0.district.jurisdictionID, $0.district.code)) < naturalKey($1.district.jurisdictionID, $1.district.code) }
    }

    /// ZIPs mapped to whole jurisdictions.
    public static func jurisdictionZIPs(_ db: Database) throws -> [(jurisdictionID: String, zip: String)] {
        try db.rows(statements(db).jurisdictionZIPs).map { (try $0.decode("jurisdiction_id"), try $0.decode("zip")) }
    }

    // MARK: - One place

    /// The districts with a boundary whose box holds the point: those it
    /// may lie in. Only their boundaries are read.
    public static func candidates(longitude: Double, latitude: Double, _ db: Database) throws -> [District] {
        try db.rows(statements(db).candidates, [longitude, longitude, latitude, latitude]).map { try district($0, boundary: true) }
    }

    /// The districts a ZIP code reaches into, without boundaries.
    public static func districts(zip: String, _ db: Database) throws -> [District] {
        try db.rows(statements(db).districtsOfZIP, [zip]).map { try district($0, boundary: false) }
    }

    /// The jurisdictions a ZIP code lies in as a whole, by id.
    public static func jurisdictions(zip: String, _ db: Database) throws -> [String] {
        try db.rows(statements(db).jurisdictionsOfZIP, [zip]).map { try $0.decode("jurisdiction_id") }
    }

    /// A jurisdiction's districts, without boundaries.
    public static func districts(of jurisdictionID: String, _ db: Database) throws -> [District] {
        try db.rows(statements(db).districtsOfJurisdiction, [jurisdictionID]).map { try district($0, boundary: false) }
    }

    /// The jurisdictions with a district that has a boundary.
    public static func jurisdictionsWithBoundaries(_ db: Database) throws -> Set<String> {
        Set(try db.rows(statements(db).jurisdictionsWithBoundaries).map { try $0.decode("jurisdiction_id") })
    }

    /// The jurisdictions with ZIP codes of their own or of their districts.
    public static func jurisdictionsWithZIPs(_ db: Database) throws -> Set<String> {
        Set(try db.rows(statements(db).jurisdictionsWithZIPs).map { try $0.decode("jurisdiction_id") })
    }

    private static func district(_ row: Row, boundary: Bool) throws -> District {
        District(jurisdictionID: try row.decode("jurisdiction_id"), code: try row.decode("code"), name: try row.decode("name"),
                 kind: try row.decode("kind"), boundaryGeoJSON: boundary ? try row.decode("boundary") : nil, source: try row.decode("source"),
                 names: try names(row))
    }

    /// The names in other languages, which each query reads as one JSON
    /// object of locale to name (`json_group_object`).
    private static func names(_ row: Row) throws -> [String: String] {
        let text: String = try row.decode("names")
        let problem = DatabaseError.mistypedColumn("names", holds: "text that is no JSON object of strings",
                                                   expected: "an object such as {\"es\": \"Distrito 2\"}", sql: row.sql)
        guard let members = (try? JSONParser.parse(bytes: Array(text.utf8), file: "district names"))?.members else { throw problem }
        var names: [String: String] = [:]
        for (locale, name) in members {
            guard let name = name.string else { throw problem }
            names[locale] = name
        }
        return names
    }

    // MARK: - Writing

    /// Inserts or updates a district; a boundary of nil keeps the one stored.
    /// The box around the boundary is stored beside it, for `candidates`.
    /// Its names in other languages replace the stored ones in those
    /// languages; the others stay, so a file without them keeps them.
    public static func save(_ district: District, _ db: Database) throws {
        let sql = statements(db)
        let box = try district.boundary()?.box
        try db.execute(sql.save, [district.jurisdictionID, district.code, district.name, district.kind, district.boundaryGeoJSON, district.source,
                                  box?.minLongitude, box?.minLatitude, box?.maxLongitude, box?.maxLatitude])
        guard !district.names.isEmpty,
              let id = try db.row(sql.find, [district.jurisdictionID, district.code]).map({ try $0.decode("id", as: Int64.self) }) else { return }
        for (locale, name) in district.names.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql.saveName, [id, locale, name])
        }
    }

    /// Whether the jurisdiction has a district with this code.
    public static func exists(jurisdictionID: String, code: String, _ db: Database) throws -> Bool {
        try db.row(statements(db).find, [jurisdictionID, code]) != nil
    }

    /// Replaces the ZIPs of a district.
    public static func setZIPs(_ zips: Set<String>, jurisdictionID: String, code: String, _ db: Database) throws {
        let sql = statements(db)
        guard let id = try db.row(sql.find, [jurisdictionID, code]).map({ try $0.decode("id", as: Int64.self) }) else { return }
        try db.execute(sql.deleteZIPs, [id])
        for zip in zips.sorted() { try db.execute(sql.insertZIP, [id, zip]) }
    }

    /// Replaces the ZIPs that lie in a jurisdiction as a whole.
    public static func setJurisdictionZIPs(_ zips: Set<String>, jurisdictionID: String, _ db: Database) throws {
        let sql = statements(db)
        try db.execute(sql.deleteJurisdictionZIPs, [jurisdictionID])
        for zip in zips.sorted() { try db.execute(sql.insertJurisdictionZIP, [jurisdictionID, zip]) }
    }

    /// Sorts "2" before "10".
    static func naturalKey(_ jurisdiction: String, _ code: String) -> String {
        jurisdiction + "\u{0}" + (Int(code).map { String(repeating: "0", count: max(0, 8 - String($0).count)) + String($0) } ?? code)
    }
}

// MARK: - SQL

extension DistrictStore {
    /// Every statement the store runs, in one SQL dialect.
    struct Statements: StoreStatements {
        var districtZIPs: String
        var districts: String
        var jurisdictionZIPs: String
        var candidates: String
        var districtsOfZIP: String
        var jurisdictionsOfZIP: String
        var districtsOfJurisdiction: String
        var jurisdictionsWithBoundaries: String
        var jurisdictionsWithZIPs: String
        var save: String
        var find: String
        var deleteZIPs: String
        var insertZIP: String
        var deleteJurisdictionZIPs: String
        var insertJurisdictionZIP: String
        var saveName: String
    }

    static func statements(_ db: Database) -> Statements { db.statements(Statements.self) }
}

extension DistrictStore.Statements {
    static let sqlite = DistrictStore.Statements(
        districtZIPs: "SELECT district_id, zip FROM district_zips ORDER BY zip",
        // Each district's names in other languages come as one JSON object, `names`.
        districts: """
            SELECT d.id, d.jurisdiction_id, d.code, d.name, d.kind, d.boundary, d.source,
                (SELECT json_group_object(n.locale, n.name) FROM district_names n WHERE n.district_id = d.id) AS names
            FROM districts d
            """,
        jurisdictionZIPs: "SELECT jurisdiction_id, zip FROM jurisdiction_zips ORDER BY jurisdiction_id, zip",
        // The ids come from the box index alone (districts_box); then only those rows are read.
        candidates: """
            SELECT d.jurisdiction_id, d.code, d.name, d.kind, d.boundary, d.source,
                (SELECT json_group_object(n.locale, n.name) FROM district_names n WHERE n.district_id = d.id) AS names
            FROM districts d
            WHERE d.id IN (SELECT id FROM districts WHERE boundary IS NOT NULL
                         AND min_longitude <= ? AND max_longitude >= ? AND min_latitude <= ? AND max_latitude >= ?)
            """,
        districtsOfZIP: """
            SELECT d.jurisdiction_id, d.code, d.name, d.kind, d.source,
                (SELECT json_group_object(n.locale, n.name) FROM district_names n WHERE n.district_id = d.id) AS names
            FROM district_zips z JOIN districts d ON d.id = z.district_id
            WHERE z.zip = ?
            """,
        jurisdictionsOfZIP: "SELECT jurisdiction_id FROM jurisdiction_zips WHERE zip = ? ORDER BY jurisdiction_id",
        districtsOfJurisdiction: """
            SELECT d.jurisdiction_id, d.code, d.name, d.kind, d.source,
                (SELECT json_group_object(n.locale, n.name) FROM district_names n WHERE n.district_id = d.id) AS names
            FROM districts d WHERE d.jurisdiction_id = ?
            """,
        jurisdictionsWithBoundaries: "SELECT DISTINCT jurisdiction_id FROM districts WHERE boundary IS NOT NULL",
        jurisdictionsWithZIPs: """
            SELECT jurisdiction_id FROM jurisdiction_zips
            UNION SELECT d.jurisdiction_id FROM districts d WHERE EXISTS (SELECT 1 FROM district_zips z WHERE z.district_id = d.id)
            """,
        save: """
            INSERT INTO districts (jurisdiction_id, code, name, kind, boundary, source, min_longitude, min_latitude, max_longitude, max_latitude)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (jurisdiction_id, code) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                boundary = COALESCE(excluded.boundary, districts.boundary),
                min_longitude = CASE WHEN excluded.boundary IS NULL THEN districts.min_longitude ELSE excluded.min_longitude END,
                min_latitude = CASE WHEN excluded.boundary IS NULL THEN districts.min_latitude ELSE excluded.min_latitude END,
                max_longitude = CASE WHEN excluded.boundary IS NULL THEN districts.max_longitude ELSE excluded.max_longitude END,
                max_latitude = CASE WHEN excluded.boundary IS NULL THEN districts.max_latitude ELSE excluded.max_latitude END,
                source = CASE WHEN excluded.source = '' THEN districts.source ELSE excluded.source END
            """,
        find: "SELECT id FROM districts WHERE jurisdiction_id = ? AND code = ?",
        deleteZIPs: "DELETE FROM district_zips WHERE district_id = ?",
        insertZIP: "INSERT INTO district_zips (district_id, zip) VALUES (?, ?)",
        deleteJurisdictionZIPs: "DELETE FROM jurisdiction_zips WHERE jurisdiction_id = ?",
        insertJurisdictionZIP: "INSERT INTO jurisdiction_zips (jurisdiction_id, zip) VALUES (?, ?)",
        saveName: """
            INSERT INTO district_names (district_id, locale, name) VALUES (?, ?, ?)
            ON CONFLICT (district_id, locale) DO UPDATE SET name = excluded.name
            """
    )
}

extension DistrictStore.Statements {
    /// SQLite's, but with each district's names gathered by PostgreSQL's
    /// JSON aggregate, which gives NULL rather than `{}` for none.
    static let postgres: DistrictStore.Statements = {
        var statements = DistrictStore.Statements.sqlite
        statements.districts = """
            SELECT d.id, d.jurisdiction_id, d.code, d.name, d.kind, d.boundary, d.source,
                COALESCE((SELECT json_object_agg(n.locale, n.name)::text FROM district_names n WHERE n.district_id = d.id), '{}') AS names
            FROM districts d
            """
        statements.candidates = """
            SELECT d.jurisdiction_id, d.code, d.name, d.kind, d.boundary, d.source,
                COALESCE((SELECT json_object_agg(n.locale, n.name)::text FROM district_names n WHERE n.district_id = d.id), '{}') AS names
            FROM districts d
            WHERE d.id IN (SELECT id FROM districts WHERE boundary IS NOT NULL
                         AND min_longitude <= ? AND max_longitude >= ? AND min_latitude <= ? AND max_latitude >= ?)
            """
        statements.districtsOfZIP = """
            SELECT d.jurisdiction_id, d.code, d.name, d.kind, d.source,
                COALESCE((SELECT json_object_agg(n.locale, n.name)::text FROM district_names n WHERE n.district_id = d.id), '{}') AS names
            FROM district_zips z JOIN districts d ON d.id = z.district_id
            WHERE z.zip = ?
            """
        statements.districtsOfJurisdiction = """
            SELECT d.jurisdiction_id, d.code, d.name, d.kind, d.source,
                COALESCE((SELECT json_object_agg(n.locale, n.name)::text FROM district_names n WHERE n.district_id = d.id), '{}') AS names
            FROM districts d WHERE d.jurisdiction_id = ?
            """
        return statements
    }()
}
