import Foundation
import Testing
@testable import Campaign

@Suite struct DistrictImportTests {
    let dc = "ocd-division/country:us/district:dc"

    func databaseWithDC() throws -> (DatabasePool, String) {
        let path = TestSupport.temporaryDatabasePath()
        let pool = try DatabasePool(path: path)
        try pool.write { db in try DirectoryStore.save(Jurisdiction(id: dc, name: "District of Columbia", kind: .federalDistrict), db) }
        try DistrictImport.run(path: TestSupport.fixture("two-wards.geojson"), options: .init(jurisdiction: dc, property: "WARD", name: "Ward {code}"), into: pool)
        return (pool, path)
    }

    func expectRejected(_ text: String, named name: String, options: DistrictImport.Options, message: String) throws {
        let (pool, path) = try databaseWithDC()
        let before = try TestSupport.snapshot(path)
        let file = TestSupport.write(text, named: name)
        let error = #expect(throws: InputError.self) { try DistrictImport.run(path: file, options: options, into: pool) }
        #expect(error?.description == message.replacingOccurrences(of: "FILE", with: file))
        #expect(try TestSupport.snapshot(path) == before)
    }

    @Test func importsBoundariesAndNamesDistricts() throws {
        let (pool, _) = try databaseWithDC()
        let entries = try pool.read { try DistrictStore.all($0) }
        #expect(entries.map(\.district.name) == ["Ward 1", "Ward 2"])
        let lookup = try Lookup.load(from: pool)
        #expect(try lookup.locate(latitude: 0.5, longitude: 0.5).areas.first?.districts.map(\.code) == ["1"])
        #expect(try lookup.locate(latitude: 0.5, longitude: 1.5).areas.first?.districts.map(\.code) == ["2"])
    }

    @Test func reimportingIsIdempotent() throws {
        let (pool, path) = try databaseWithDC()
        let before = try TestSupport.snapshot(path)
        try DistrictImport.run(path: TestSupport.fixture("two-wards.geojson"), options: .init(jurisdiction: dc, property: "WARD", name: "Ward {code}"), into: pool)
        #expect(try TestSupport.snapshot(path) == before)
    }

    @Test func rejectsAnUnclosedRing() throws {
        try expectRejected("""
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "properties": {"WARD": 1},
               "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}}
            ]}
            """, named: "open.geojson", options: .init(jurisdiction: dc, property: "WARD"),
            message: "FILE:3:77: ring is not closed: its last position must repeat its first")
    }

    @Test func rejectsCoordinatesInLatitudeLongitudeOrder() throws {
        try expectRejected("""
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "properties": {"WARD": 1},
               "geometry": {"type": "Polygon", "coordinates": [[[38.9, -177.0], [38.9, -177.1], [39.0, -177.1], [38.9, -177.0]]]}}
            ]}
            """, named: "swapped.geojson", options: .init(jurisdiction: dc, property: "WARD"),
            message: "FILE:3:53: position [38.9, -177.0] is out of range; GeoJSON is [longitude, latitude] in degrees")
    }

    @Test func rejectsAFeatureWithoutTheCodeProperty() throws {
        try expectRejected("""
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "properties": {"NAME": "Ward 1"},
               "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}
            ]}
            """, named: "noprop.geojson", options: .init(jurisdiction: dc, property: "WARD"),
            message: "FILE:2:37: feature has no property 'WARD' (it has: NAME)")
    }

    @Test func rejectsAMalformedZIPAndAnUnknownDistrict() throws {
        try expectRejected("zip,district\n20001,1\n2000,2\n", named: "zips.csv", options: .init(jurisdiction: dc),
                           message: "FILE:3:1: malformed ZIP code '2000'; a ZIP has five digits")
        try expectRejected("zip,district\n20001,1\n20002,9\n", named: "zips.csv", options: .init(jurisdiction: dc),
                           message: "FILE:3:7: unknown district '9' of ocd-division/country:us/district:dc: check the code, or import the districts first; "
                               + "boundaries are not needed: a CSV of district,name rows is enough "
                               + "(`campaign districts import districts.csv --jurisdiction ocd-division/country:us/district:dc`), or add a name column to this file")
    }

    @Test func aPlainListOfDistrictsIsEnoughForTheirZIPCodes() throws {
        // As the message and the help say: no boundaries, just codes and names.
        let (pool, path) = try databaseWithDC()
        let zips = TestSupport.write("zip,district\n20001,9\n20002,9\n", named: "zips.csv")
        let refused = TestSupport.campaignInProcess(["districts", "import", zips, "--jurisdiction", dc], database: path)
        #expect(refused.status == 65)
        #expect(refused.errors.contains("\(zips):2:7: unknown district '9' of \(dc): check the code, or import the districts first; boundaries are not needed"))
        #expect(refused.errors.contains("\(zips):3:7: unknown district '9' of \(dc), as on line 2\n"), "said once: \(refused.errors)")
        let list = TestSupport.write("district,name\n9,Ward 9\n", named: "districts.csv")
        let listed = TestSupport.campaignInProcess(["districts", "import", list, "--jurisdiction", dc], database: path)
        #expect(listed.status == 0, "\(listed.errors)")
        let imported = TestSupport.campaignInProcess(["districts", "import", zips, "--jurisdiction", dc], database: path)
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(imported.output == "Imported 1 district and 2 ZIP codes for \(dc).\n")
        #expect(try Lookup.load(from: pool).locate(zip: "20002").areas.first?.districts.map(\.name) == ["Ward 9"])
        let help = TestSupport.campaignInProcess(["districts", "import", "--help"])
        let words = help.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("where you have none, a plain list: a CSV with district and name columns"), "\(help.output)")
    }

    @Test func rejectsAnUnknownJurisdiction() throws {
        let pool = try TestSupport.temporaryDatabase()
        #expect(throws: InputError("--jurisdiction: unknown jurisdiction 'ocd-division/country:us/state:or'; import it first (campaign officials import, or jurisdictions add)")) {
            try DistrictImport.run(path: TestSupport.fixture("two-wards.geojson"),
                                   options: .init(jurisdiction: "ocd-division/country:us/state:or", property: "WARD"), into: pool)
        }
    }

    @Test func zipCoverageCanSpanDistrictsAndFilterRows() throws {
        let (pool, _) = try databaseWithDC()
        let file = TestSupport.write("state,zcta,cd\nDC,20001,1\nDC,20001,2\nMD,20002,1\n", named: "zips.csv")
        let summary = try DistrictImport.run(path: file, options: .init(jurisdiction: dc, zipColumn: "zcta", districtColumn: "cd", where: "state=DC"), into: pool)
        #expect(summary.zipCount == 2)
        let result = try Lookup.load(from: pool).locate(zip: "20001")
        #expect(result.areas.first?.districts.map(\.code) == ["1", "2"])
        #expect(try Lookup.load(from: pool).locate(zip: "20002").isEmpty)
    }

    @Test func overlayFindsWhichDistrictsAZIPAreaReaches() {
        let left = Boundary(polygons: [[[(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]]])
        let right = Boundary(polygons: [[[(1, 0), (2, 0), (2, 1), (1, 1), (1, 0)]]])
        let straddling = Boundary(polygons: [[[(0.5, 0), (1.5, 0), (1.5, 1), (0.5, 1), (0.5, 0)]]])
        let inside = Boundary(polygons: [[[(0.1, 0.1), (0.4, 0.1), (0.4, 0.4), (0.1, 0.4), (0.1, 0.1)]]])
        let edge = Boundary(polygons: [[[(0.0, 0), (1.0, 0), (1.0, 1), (0.0, 1), (0.0, 0)]]])
        let shares = ZIPOverlay.shares(zipAreas: [("11111", straddling), ("22222", inside), ("33333", edge)],
                                       districts: [("1", left), ("2", right)])
        #expect(shares.map { "\($0.zip)→\($0.district)" } == ["11111→1", "11111→2", "22222→1", "33333→1"],
                "an area that only shares an edge with a district does not count as reaching it")
    }

    // MARK: - Features sharing a code, coordinate systems

    @Test func featuresSharingACodeMergeIntoOneDistrict() throws {
        let (pool, _) = try databaseWithDC()
        let summary = try DistrictImport.run(path: TestSupport.fixture("districts/split-wards.geojson"),
                                             options: .init(jurisdiction: dc, property: "WARD", name: "Ward {code}"), into: pool)
        #expect(summary.districts == ["1", "2"])
        let entries = try pool.read { try DistrictStore.all($0) }
        #expect(entries.map(\.district.name) == ["Ward 1", "Ward 2"])
        let ward1 = try #require(entries.first { $0.district.code == "1" }?.district.boundaryGeoJSON)
        #expect(ward1.hasPrefix("{\"type\":\"MultiPolygon\""))
        let lookup = try Lookup.load(from: pool)
        for (longitude, latitude) in [(0.5, 0.5), (3.5, 3.5), (5.5, 5.5)] {
            #expect(try lookup.locate(latitude: latitude, longitude: longitude).areas.first?.districts.map(\.code) == ["1"], "(\(longitude), \(latitude))")
        }
        #expect(try lookup.locate(latitude: 0.5, longitude: 1.5).areas.first?.districts.map(\.code) == ["2"])
    }

    @Test func aFileInAnotherCoordinateSystemIsRefusedNamingIt() throws {
        let (_, path) = try databaseWithDC()
        let before = try TestSupport.snapshot(path)
        let file = TestSupport.fixture("districts/state-plane.geojson")
        let result = TestSupport.campaignInProcess(["districts", "import", file, "--jurisdiction", dc, "--property", "DISTRICT"], database: path)
        #expect(result.status == 65)
        #expect(result.errors.contains("\(file):2:9: coordinates are in urn:ogc:def:crs:EPSG::2285, as the \"crs\" member says; "
            + "district boundaries must be longitude and latitude in degrees (CRS84 or EPSG:4326): "
            + "reproject the file, e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson"), "\(result.errors)")
        #expect(!result.errors.contains("out of range"), "the cause alone is reported: \(result.errors)")
        #expect(try TestSupport.snapshot(path) == before)
        let help = TestSupport.campaignInProcess(["districts", "import", "--help"])
        let words = help.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("a file whose \"crs\" names another system is refused"), "\(help.output)")
        #expect(words.contains("Features that share a code make one district of several polygons"), "\(help.output)")
    }

    @Test func aFeatureInAnotherCoordinateSystemIsRefused() throws {
        try expectRejected("""
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "crs": {"type": "link", "properties": {"href": "https://epsg.io/3857.proj4"}}, "properties": {"WARD": 1},
               "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}
            ]}
            """, named: "mercator.geojson", options: .init(jurisdiction: dc, property: "WARD"),
            message: "FILE:2:30: coordinates are in https://epsg.io/3857.proj4, as the \"crs\" member says; "
                + "district boundaries must be longitude and latitude in degrees (CRS84 or EPSG:4326): "
                + "reproject the file, e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson")
    }

    @Test(arguments: [
        ("urn:ogc:def:crs:OGC:1.3:CRS84", true), ("urn:ogc:def:crs:OGC::CRS84", true), ("CRS84", true),
        ("http://www.opengis.net/def/crs/OGC/1.3/CRS84", true), ("EPSG:4326", true), ("urn:ogc:def:crs:EPSG::4326", true),
        ("urn:ogc:def:crs:EPSG:6.6:4326", true), ("http://www.opengis.net/def/crs/EPSG/0/4326", true),
        ("urn:ogc:def:crs:EPSG::2285", false), ("EPSG:3857", false), ("urn:ogc:def:crs:EPSG::43260", false), ("4326", false),
    ])
    func longitudeLatitudeNamesAreAccepted(name: String, accepted: Bool) {
        #expect(GeoJSONGeometry.isLongitudeLatitude(name) == accepted)
    }
}
