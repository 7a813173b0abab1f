import Foundation
import Testing
@testable import Campaign

@Suite struct LookupTests {
    static let seeded: Result<DatabasePool, any Error> = Result { try TestSupport.seededDatabase() }

    func lookup() throws -> Lookup { try Lookup.load(from: Self.seeded.get()) }

    @Test(arguments: [
        (38.8951, -77.0312, "Ward 2"),   // Wilson Building
        (38.8663, -76.9947, "Ward 8"),   // Anacostia
        (38.9478, -77.0796, "Ward 3"),   // Tenleytown
    ])
    func findsTheDCWardOfALandmark(latitude: Double, longitude: Double, ward: String) throws {
        let result = try lookup().locate(latitude: latitude, longitude: longitude)
        let dc = try #require(result.areas.first { $0.jurisdiction.id == "ocd-division/country:us/district:dc" })
        #expect(dc.districts.map(\.name) == [ward])
    }

    @Test(arguments: [
        (47.6038, -122.3298, "7"),   // City Hall
        (47.6686, -122.3860, "6"),   // Ballard
        (47.5612, -122.3870, "1"),   // West Seattle Junction
    ])
    func findsTheSeattleCouncilDistrictOfALandmark(latitude: Double, longitude: Double, code: String) throws {
        let result = try lookup().locate(latitude: latitude, longitude: longitude)
        #expect(result.areas.first?.jurisdiction.name == "Seattle")
        #expect(result.areas.first?.districts.map(\.code) == [code])
        // Seattle lies in King County, in Washington: their executives represent it too.
        #expect(result.areas.map(\.jurisdiction.name) == ["Seattle", "King County", "Washington", "United States"])
        let names = result.representatives.flatMap(\.officials).map(\.name)
        #expect(names.contains("Jenny Durkan") && names.contains("Dow Constantine") && names.contains("Jay Inslee"))
    }

    @Test func answersTheOfficialsOfDCWard2() throws {
        let result = try lookup().locate(latitude: 38.8951, longitude: -77.0312)
        let names = result.representatives.flatMap(\.officials).map(\.name)
        #expect(names == ["Anita Bonds", "David Grosso", "Elissa Silverman", "Robert White, Jr.", "Phil Mendelson", "Muriel Bowser", "Karl Racine"])
        #expect(!names.contains("Kenyan McDuffie"), "the Ward 5 member does not represent Ward 2")
    }

    @Test func aZIPThatSpansDistrictsAnswersEachOfThem() throws {
        let result = try lookup().locate(zip: "98104")
        let seattle = try #require(result.areas.first { $0.jurisdiction.name == "Seattle" })
        #expect(seattle.districts.map(\.code) == ["2", "3", "7"])
        #expect(seattle.choices.map(\.code) == ["2", "3", "7"], "with several candidates the caller is offered those to choose from")
    }

    @Test func aZIPWithoutDistrictDataOffersTheJurisdictionsDistricts() throws {
        let result = try lookup().locate(zip: "20001")
        let dc = try #require(result.areas.first)
        #expect(dc.jurisdiction.name == "District of Columbia")
        #expect(dc.districts.isEmpty)
        #expect(dc.choices.map(\.name) == (1...8).map { "Ward \($0)" })
        #expect(result.representatives.flatMap(\.officials).map(\.name).contains("Muriel Bowser"))
    }

    @Test func aWashingtonZIPOutsideTheShippedCitiesReachesTheGovernor() throws {
        let result = try lookup().locate(zip: "98501")   // Olympia
        #expect(result.areas.map(\.jurisdiction.name) == ["Washington", "United States"])
        #expect(result.representatives.flatMap(\.officials).map(\.name) == ["Jay Inslee"])
    }

    @Test func aTacomaZIPFindsTheCityAndOffersItsCouncilDistricts() throws {
        let result = try lookup().locate(zip: "98402")
        #expect(result.areas.map(\.jurisdiction.name) == ["Tacoma", "Pierce County", "Washington", "United States"])
        #expect(result.areas[0].choices.map(\.code) == ["1", "2", "3", "4", "5"])
        #expect(result.representatives.flatMap(\.officials).map(\.name) == ["Marilyn Strickland", "Jay Inslee"])
        let chosen = try lookup().locate(zip: "98402", district: "2")
        #expect(chosen.areas[0].districts.map(\.code) == ["2"])
        #expect(chosen.representatives.first?.office.seat == "District 2", "the chosen district's seat comes first")
    }

    @Test func acceptsZIPPlusFourAndRejectsMalformedZIPs() throws {
        #expect(try lookup().locate(zip: "98104-1234").areas.first?.jurisdiction.name == "Seattle")
        #expect(throws: InputError("malformed ZIP code; write five digits, e.g. 98104")) { try lookup().locate(zip: "9810") }
        #expect(throws: InputError("malformed ZIP code; write five digits, e.g. 98104")) { try lookup().locate(zip: "98104x") }
    }

    @Test func anUnknownPlaceIsEmptyAndOutOfRangeIsAnError() throws {
        #expect(try lookup().locate(latitude: 0, longitude: 0).isEmpty)
        #expect(throws: InputError.self) { try lookup().locate(latitude: 91, longitude: 0) }
        #expect(throws: InputError("malformed coordinates; write latitude,longitude, e.g. 47.6038,-122.3298")) {
            try Lookup.coordinates("47.6")
        }
    }
}

@Suite struct BoundaryTests {
    // A 10×10 square with a 2×2 hole in the middle, and a separate island.
    let boundary = Boundary(polygons: [
        [[(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)], [(4, 4), (6, 4), (6, 6), (4, 6), (4, 4)]],
        [[(20, 20), (22, 20), (22, 22), (20, 22), (20, 20)]],
    ])

    @Test func containsPointsInsideTheOuterRing() {
        #expect(boundary.contains(longitude: 1, latitude: 1))
        #expect(boundary.contains(longitude: 9.9, latitude: 5))
    }

    @Test func excludesPointsInAHole() {
        #expect(!boundary.contains(longitude: 5, latitude: 5))
        #expect(boundary.contains(longitude: 3.9, latitude: 5))
    }

    @Test func includesPointsOnAnIslandOfAMultiPolygon() {
        #expect(boundary.contains(longitude: 21, latitude: 21))
        #expect(!boundary.contains(longitude: 15, latitude: 15), "between the polygons but inside the bounding box")
    }

    @Test func handlesAConcaveRing() {
        // A U shape: the notch between the arms is outside.
        let u = Boundary(polygons: [[[(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3), (0, 0)]]])
        #expect(u.contains(longitude: 0.5, latitude: 2.5))
        #expect(u.contains(longitude: 2.5, latitude: 2.5))
        #expect(!u.contains(longitude: 1.5, latitude: 2))
    }

    @Test func roundTripsThroughStoredGeoJSON() throws {
        let parsed = try GeoJSONGeometry.boundary(from: JSONParser.parse(bytes: Array(boundary.geoJSON.utf8), file: "stored"))
        #expect(parsed == boundary)
    }
}
