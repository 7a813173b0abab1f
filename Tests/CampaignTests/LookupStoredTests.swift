import Foundation
import Testing
@testable import Campaign

/// A lookup of one place read from the database (`Lookup+Stored.swift`, as
/// `campaign lookup` does it) answers what the whole index loaded into
/// memory answers, on the demo data and on generated wards, and the
/// boxes it finds boundaries by follow every import and upgrade.
@Suite struct LookupStoredTests {
    static let city = "ocd-division/country:us/state:il/place:grid_city"
    // The box a 10 by 5 grid of wards covers, as bench/directory/run.py draws it.
    static let west = -87.94, east = -87.52, south = 41.64, north = 42.02

    /// Ward `code` (1 to 50) of a 10 by 5 grid shifted east by `shift` of a ward's width.
    static func ward(_ code: Int, shift: Double = 0) -> [[Double]] {
        let width = (east - west) / 10, height = (north - south) / 5
        let column = Double((code - 1) % 10) + shift, row = Double((code - 1) / 10)
        let x0 = west + column * width, y0 = south + row * height
        // Each edge in several steps, as a boundary drawn from real data has many points.
        var ring: [[Double]] = []
        for (from, to) in [((x0, y0), (x0 + width, y0)), ((x0 + width, y0), (x0 + width, y0 + height)),
                           ((x0 + width, y0 + height), (x0, y0 + height)), ((x0, y0 + height), (x0, y0))] {
            for step in 0..<5 {
                let t = Double(step) / 5
                ring.append([from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t])
            }
        }
        ring.append(ring[0])
        return ring
    }

    /// A database with a state, the grid city with 50 wards (ward 1 also a
    /// second polygon far east, an island), a mayor, ward councilmembers,
    /// a governor, and ZIP codes by ward and for the city as a whole.
    static func gridDatabase() throws -> DatabasePool {
        let folder = TestSupport.temporaryFolder()
        let pool = try DatabasePool(path: folder + "/campaign.sqlite")
        var jurisdictions = "id,name,kind,parent\nocd-division/country:us,United States,country,\n"
        jurisdictions += "ocd-division/country:us/state:il,Illinois,state,ocd-division/country:us\n"
        jurisdictions += "\(city),Grid City,city,ocd-division/country:us/state:il\n"
        // Jurisdictions a lookup in the city never reads.
        for index in 0..<200 { jurisdictions += "ocd-division/country:us/state:il/place:p\(index),Place \(index),city,ocd-division/country:us/state:il\n" }
        try jurisdictions.write(toFile: folder + "/jurisdictions.csv", atomically: true, encoding: .utf8)
        var officials = "id,name,jurisdiction,role,seat,district,source,contact_kind,contact_value\n"
        officials += "grid-mayor,Mary Major,\(city),mayor,,,test,phone,312-555-0100\n"
        officials += "il-governor,Gil Governor,ocd-division/country:us/state:il,governor,,,test,,\n"
        officials += "p7-mayor,Pat Seven,ocd-division/country:us/state:il/place:p7,mayor,,,test,,\n"
        for code in 1...50 where code % 7 != 0 {
            officials += "grid-ward-\(code),Member \(code),\(city),councilmember,Ward \(code),\(code),test,email,ward\(code)@grid.example.org\n"
        }
        try officials.write(toFile: folder + "/officials.csv", atomically: true, encoding: .utf8)
        try DirectoryImport.run(DirectoryImport.read(paths: [folder + "/jurisdictions.csv", folder + "/officials.csv"]), into: pool)
        try importWards(into: pool, folder: folder)
        var zips = "zip,district\n"
        for code in 1...50 { zips += "\(60600 + code),\(code)\n" }
        zips += "60699,1\n60699,2\n60699,12\n"
        try zips.write(toFile: folder + "/ward-zips.csv", atomically: true, encoding: .utf8)
        try DistrictImport.run(path: folder + "/ward-zips.csv", options: .init(jurisdiction: city), into: pool)
        try "zip\n60690\n60699\n".write(toFile: folder + "/city-zips.csv", atomically: true, encoding: .utf8)
        try DistrictImport.run(path: folder + "/city-zips.csv", options: .init(jurisdiction: city, zipColumn: "zip"), into: pool)
        return pool
    }

    static func importWards(into pool: DatabasePool, folder: String, shift: Double = 0) throws {
        func coordinates(_ ring: [[Double]]) -> String { "[[" + ring.map { "[\($0[0]),\($0[1])]" }.joined(separator: ",") + "]]" }
        let features = (1...50).map { code in
            let geometry = code == 1
                ? "{\"type\":\"MultiPolygon\",\"coordinates\":[\(coordinates(ward(code, shift: shift))),\(coordinates(ward(10, shift: shift + 2)))]}"
                : "{\"type\":\"Polygon\",\"coordinates\":\(coordinates(ward(code, shift: shift)))}"
            return "{\"type\":\"Feature\",\"properties\":{\"ward\":\(code)},\"geometry\":\(geometry)}"
        }
        let file = folder + "/wards-\(shift).geojson"
        try "{\"type\":\"FeatureCollection\",\"features\":[\(features.joined(separator: ","))]}".write(toFile: file, atomically: true, encoding: .utf8)
        try DistrictImport.run(path: file, options: .init(jurisdiction: city, property: "ward", name: "Ward {code}", kind: "ward"), into: pool)
    }

    /// Points on a grid over the box, its edges and corners included, and beyond it.
    static var gridPoints: [(Double, Double)] {
        var points: [(Double, Double)] = []
        for row in 0...20 {
            for column in 0...40 {
                points.append((south - 0.019 + Double(row) * (north - south + 0.038) / 20,
                               west - 0.021 + Double(column) * (east - west + 0.042 + 0.084) / 40))
            }
        }
        let width = (east - west) / 10, height = (north - south) / 5
        points += [(south, west), (north, east), (south + height, west + width), (south + 2 * height, west + 3 * width)]
        return points
    }

    /// Both answers, for a point.
    static func bothAnswers(_ pool: DatabasePool, latitude: Double, longitude: Double, district: String? = nil) throws -> (stored: LookupResult, whole: LookupResult) {
        (try Lookup.locate(latitude: latitude, longitude: longitude, district: district, in: pool),
         try Lookup.load(from: pool).locate(latitude: latitude, longitude: longitude, district: district))
    }

    @Test func pointsAnswerAsTheWholeIndexOnGeneratedWards() throws {
        let pool = try Self.gridDatabase()
        let whole = try Lookup.load(from: pool)
        var inWards = 0
        for (latitude, longitude) in Self.gridPoints {
            let stored = try Lookup.locate(latitude: latitude, longitude: longitude, in: pool)
            #expect(stored == (try whole.locate(latitude: latitude, longitude: longitude)), "at \(latitude),\(longitude)")
            if stored.areas.first?.districts.isEmpty == false { inWards += 1 }
        }
        #expect(inWards > 400, "most points lie in a ward")
        let answer = try Lookup.locate(latitude: 41.677, longitude: -87.919, in: pool)
        #expect(answer.areas.map(\.jurisdiction.name) == ["Grid City", "Illinois", "United States"])
        #expect(answer.areas.first?.districts.map(\.name) == ["Ward 1"])
        #expect(answer.representatives.flatMap(\.officials).map(\.name) == ["Member 1", "Mary Major", "Gil Governor"])
        #expect(answer.covered == [Self.city])
        // Ward 1's island, east of the grid.
        #expect(try Lookup.locate(latitude: 41.677, longitude: Self.east + 0.042 + 0.021, in: pool).areas.first?.districts.map(\.code) == ["1"])
    }

    @Test func zipCodesAndChosenDistrictsAnswerAsTheWholeIndex() throws {
        let pool = try Self.gridDatabase()
        let whole = try Lookup.load(from: pool)
        for zip in (60600...60699).map(String.init) + ["60699-1234", "99999"] {
            for district in [nil, "2", "12", "40"] {
                #expect(try Lookup.locate(zip: zip, district: district, in: pool) == (try whole.locate(zip: zip, district: district)), "ZIP \(zip), district \(district ?? "none")")
            }
        }
        let spanning = try Lookup.locate(zip: "60699", in: pool)
        #expect(spanning.areas.first?.districts.map(\.code) == ["1", "2", "12"])
        #expect(spanning.covered == [Self.city])
        // A point between wards where the supporter chose one.
        let (stored, full) = try Self.bothAnswers(pool, latitude: Self.south - 0.01, longitude: Self.west + 0.01, district: "7")
        #expect(stored == full)
        #expect(throws: InputError.self) { try Lookup.locate(zip: "6069", in: pool) }
        #expect(throws: InputError.self) { try Lookup.locate(latitude: 91, longitude: 0, in: pool) }
    }

    @Test func theDemoDataAnswersAsTheWholeIndex() throws {
        let pool = try TestSupport.seededDatabase()
        let whole = try Lookup.load(from: pool)
        // Over Seattle, Tacoma and DC, edges of their boundaries included.
        for (south, west, north, east) in [(47.48, -122.45, 47.74, -122.22), (47.15, -122.57, 47.32, -122.34), (38.78, -77.13, 39.0, -76.9)] {
            for row in 0...24 {
                for column in 0...24 {
                    let latitude = south + Double(row) * (north - south) / 24, longitude = west + Double(column) * (east - west) / 24
                    #expect(try Lookup.locate(latitude: latitude, longitude: longitude, in: pool) == (try whole.locate(latitude: latitude, longitude: longitude)),
                            "at \(latitude),\(longitude)")
                }
            }
        }
        let zips = try pool.read { db in try DistrictStore.all(db).flatMap(\.zips) + DistrictStore.jurisdictionZIPs(db).map(\.zip) }
        #expect(zips.count > 50)
        for zip in Set(zips + ["98104", "20001", "98501", "99999"]) {
            #expect(try Lookup.locate(zip: zip, in: pool) == (try whole.locate(zip: zip)), "ZIP \(zip)")
        }
    }

    @Test func reimportedBoundariesMoveTheBoxesWithThem() throws {
        let pool = try Self.gridDatabase()
        let (latitude, longitude) = (41.677, -87.93)   // in ward 1
        #expect(try Lookup.locate(latitude: latitude, longitude: longitude, in: pool).areas.first?.districts.map(\.code) == ["1"])
        // The grid moved east by half a ward: the point is now west of it.
        try Self.importWards(into: pool, folder: TestSupport.temporaryFolder(), shift: 0.5)
        let moved = try Self.bothAnswers(pool, latitude: latitude, longitude: longitude)
        #expect(moved.stored == moved.whole)
        #expect(moved.stored.isEmpty)
        let east = try Self.bothAnswers(pool, latitude: latitude, longitude: Self.east + 0.01)
        #expect(east.stored == east.whole)
        #expect(east.stored.areas.first?.districts.map(\.code) == ["10"])
        // A district list without boundaries renames wards and keeps their boundaries and boxes.
        let folder = TestSupport.temporaryFolder()
        try "district,name\n10,Tenth Ward\n".write(toFile: folder + "/names.csv", atomically: true, encoding: .utf8)
        try DistrictImport.run(path: folder + "/names.csv", options: .init(jurisdiction: Self.city), into: pool)
        let renamed = try Self.bothAnswers(pool, latitude: latitude, longitude: Self.east + 0.01)
        #expect(renamed.stored == renamed.whole)
        #expect(renamed.stored.areas.first?.districts.map(\.name) == ["Tenth Ward"])
        let boxes = try pool.read { db in try db.rows("SELECT COUNT(*) AS boxed FROM districts WHERE min_longitude IS NOT NULL AND boundary IS NOT NULL") }
        #expect(try boxes.first?.decode("boxed", as: Int.self) == 50)
    }

    /// A database from before the boxes (the fixture made at version 11)
    /// gets them from its stored boundaries on upgrade.
    @Test(.enabled(if: TestSupport.onSQLite, "SQLite's own")) func anUpgradeBoxesTheBoundariesStoredBefore() throws {
        let path = TestSupport.temporaryDatabasePath()
        try FileManager.default.copyItem(atPath: TestSupport.fixture("schemas/v11.sqlite"), toPath: path)
        let pool = try DatabasePool(path: path)
        let boxes = try pool.read { db in
            try db.rows("SELECT code, min_longitude, min_latitude, max_longitude, max_latitude FROM districts ORDER BY code").map { row in
                [try row.decode("min_longitude", as: Double.self), try row.decode("min_latitude", as: Double.self),
                 try row.decode("max_longitude", as: Double.self), try row.decode("max_latitude", as: Double.self)]
            }
        }
        #expect(boxes == [[-122.42, 47.49, -122.33, 47.58], [-122.33, 47.49, -122.25, 47.6]])
        for (latitude, longitude) in [(47.5, -122.4), (47.59, -122.3), (47.59, -122.4), (47.58, -122.33), (47.0, -122.0)] {
            let answers = try Self.bothAnswers(pool, latitude: latitude, longitude: longitude)
            #expect(answers.stored == answers.whole, "at \(latitude),\(longitude)")
        }
        #expect(try Lookup.locate(latitude: 47.5, longitude: -122.4, in: pool).areas.first?.districts.map(\.code) == ["1"])
    }

    @Test func theStoredPartOfTheDirectoryIsTheWholeDirectorysPart() throws {
        let pool = try TestSupport.seededDatabase()
        let whole = try pool.read { try DirectoryStore.load($0) }
        let seattle = "ocd-division/country:us/state:wa/place:seattle"
        let part = try pool.read { try DirectoryStore.load(places: [seattle, "ocd-division/country:us/state:wa/place:nowhere"], $0) }
        let chain = ["ocd-division/country:us", "ocd-division/country:us/state:wa", "ocd-division/country:us/state:wa/county:king", seattle]
        #expect(part.jurisdictions == whole.jurisdictions.filter { chain.contains($0.id) })
        #expect(part.offices == whole.offices.filter { chain.contains($0.jurisdictionID) })
        let offices = Set(part.offices.map(\.id))
        #expect(part.officials == whole.officials.filter { offices.contains($0.officeID) })
        #expect(!part.officials.isEmpty && part.officials.contains { !$0.contacts.isEmpty })
    }
}
