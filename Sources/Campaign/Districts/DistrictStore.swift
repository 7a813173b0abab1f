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
            Entry(district: District(jurisdictionID: try row.decode("jurisdiction_id"), code: try row.decode("code"), name: try row.decode("name"),
                                     kind: try row.decode("kind"), boundaryGeoJSON: try row.decode("boundary"), source: try row.decode("source")),
                  zips: zips[try row.decode("id")] ?? [])
        }.sorted { (naturalKey($0.district.jurisdictionID, $0.district.code)) < naturalKey($1.district.jurisdictionID, $1.district.code) }
    }

    /// ZIPs mapped to whole jurisdictions.
    public static func jurisdictionZIPs(_ db: Database) throws -> [(jurisdictionID: String, zip: String)] {
        try db.rows(statements(db).jurisdictionZIPs).map { (try $0.decode("jurisdiction_id"), try $0.decode("zip")) }
    }

    /// Inserts or updates a district; a boundary of nil keeps the one stored.
    public static func save(_ district: District, _ db: Database) throws {
        try db.execute(statements(db).save, [district.jurisdictionID, district.code, district.name, district.kind, district.boundaryGeoJSON, district.source])
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
        let districtZIPs: String
        let districts: String
        let jurisdictionZIPs: String
        let save: String
        let find: String
        let deleteZIPs: String
        let insertZIP: String
        let deleteJurisdictionZIPs: String
        let insertJurisdictionZIP: String
    }

    static func statements(_ db: Database) -> Statements { db.statements(Statements.self) }
}

extension DistrictStore.Statements {
    static let sqlite = DistrictStore.Statements(
        districtZIPs: "SELECT district_id, zip FROM district_zips ORDER BY zip",
        districts: "SELECT id, jurisdiction_id, code, name, kind, boundary, source FROM districts",
        jurisdictionZIPs: "SELECT jurisdiction_id, zip FROM jurisdiction_zips ORDER BY jurisdiction_id, zip",
        save: """
            INSERT INTO districts (jurisdiction_id, code, name, kind, boundary, source) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (jurisdiction_id, code) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                boundary = COALESCE(excluded.boundary, districts.boundary),
                source = CASE WHEN excluded.source = '' THEN districts.source ELSE excluded.source END
            """,
        find: "SELECT id FROM districts WHERE jurisdiction_id = ? AND code = ?",
        deleteZIPs: "DELETE FROM district_zips WHERE district_id = ?",
        insertZIP: "INSERT INTO district_zips (district_id, zip) VALUES (?, ?)",
        deleteJurisdictionZIPs: "DELETE FROM jurisdiction_zips WHERE jurisdiction_id = ?",
        insertJurisdictionZIP: "INSERT INTO jurisdiction_zips (jurisdiction_id, zip) VALUES (?, ?)"
    )
}
