/// Reads and writes districts and ZIP coverage. All district SQL lives here.
public enum DistrictStore {
    /// A district row with its ZIPs.
    public struct Entry: Sendable {
        public let district: District
        public let zips: [String]
    }

    /// Every district, with its ZIPs, ordered by jurisdiction and code.
    public static func all(_ db: Database) throws -> [Entry] {
        var zips: [Int64: [String]] = [:]
        for row in try db.rows("SELECT district_id, zip FROM district_zips ORDER BY zip") {
            zips[row["district_id"] ?? 0, default: []].append(row["zip"] ?? "")
        }
        return try db.rows("SELECT id, jurisdiction_id, code, name, kind, boundary, source FROM districts").map { row in
            Entry(district: District(jurisdictionID: row["jurisdiction_id"] ?? "", code: row["code"] ?? "", name: row["name"] ?? "",
                                     kind: row["kind"] ?? "", boundaryGeoJSON: row["boundary"], source: row["source"] ?? ""),
                  zips: zips[row["id"] ?? 0] ?? [])
        }.sorted { (naturalKey($0.district.jurisdictionID, $0.district.code)) < naturalKey($1.district.jurisdictionID, $1.district.code) }
    }

    /// ZIPs mapped to whole jurisdictions.
    public static func jurisdictionZIPs(_ db: Database) throws -> [(jurisdictionID: String, zip: String)] {
        try db.rows("SELECT jurisdiction_id, zip FROM jurisdiction_zips ORDER BY jurisdiction_id, zip").map {
            ($0["jurisdiction_id"] ?? "", $0["zip"] ?? "")
        }
    }

    /// Inserts or updates a district; a boundary of nil keeps the one stored.
    public static func save(_ district: District, _ db: Database) throws {
        try db.execute("""
            INSERT INTO districts (jurisdiction_id, code, name, kind, boundary, source) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (jurisdiction_id, code) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                boundary = coalesce(excluded.boundary, districts.boundary),
                source = CASE WHEN excluded.source = '' THEN districts.source ELSE excluded.source END
            """, [district.jurisdictionID, district.code, district.name, district.kind, district.boundaryGeoJSON, district.source])
    }

    /// Whether the jurisdiction has a district with this code.
    public static func exists(jurisdictionID: String, code: String, _ db: Database) throws -> Bool {
        try db.value("SELECT 1 FROM districts WHERE jurisdiction_id = ? AND code = ?", [jurisdictionID, code], as: Int.self) != nil
    }

    /// Replaces the ZIPs of a district.
    public static func setZIPs(_ zips: Set<String>, jurisdictionID: String, code: String, _ db: Database) throws {
        guard let id = try db.value("SELECT id FROM districts WHERE jurisdiction_id = ? AND code = ?", [jurisdictionID, code], as: Int64.self) else { return }
        try db.execute("DELETE FROM district_zips WHERE district_id = ?", [id])
        for zip in zips.sorted() { try db.execute("INSERT INTO district_zips (district_id, zip) VALUES (?, ?)", [id, zip]) }
    }

    /// Replaces the ZIPs that lie in a jurisdiction as a whole.
    public static func setJurisdictionZIPs(_ zips: Set<String>, jurisdictionID: String, _ db: Database) throws {
        try db.execute("DELETE FROM jurisdiction_zips WHERE jurisdiction_id = ?", [jurisdictionID])
        for zip in zips.sorted() { try db.execute("INSERT INTO jurisdiction_zips (jurisdiction_id, zip) VALUES (?, ?)", [jurisdictionID, zip]) }
    }

    /// Sorts "2" before "10".
    static func naturalKey(_ jurisdiction: String, _ code: String) -> String {
        jurisdiction + "\u{0}" + (Int(code).map { String(repeating: "0", count: max(0, 8 - String($0).count)) + String($0) } ?? code)
    }
}
