import Foundation
import Testing
@testable import Campaign

/// Finding a signer's or caller's districts for a campaign's district
/// seats: a ZIP code that settles them, a choice, a position, or the ZIP
/// code's possibilities when the person does not know.
@Suite struct DistrictResolverTests {
    static let dc = "ocd-division/country:us/district:dc"
    static let seattle = "ocd-division/country:us/state:wa/place:seattle"
    /// Points inside wards (see data/districts/SOURCES.md's checks).
    static let anacostia = (latitude: 38.8663, longitude: -76.9947)  // Ward 8
    static let wilsonBuilding = (latitude: 38.8951, longitude: -77.0312)  // Ward 2
    static let seattleCityHall = (latitude: 47.6038, longitude: -122.3298)  // Council District 7

    static let lookup: Result<Lookup, any Error> = Result { try Lookup.load(from: TestSupport.seededDatabase()) }

    func resolver(_ asked: Set<String> = [dc]) throws -> DistrictResolver {
        DistrictResolver(lookup: try Self.lookup.get(), asked: asked)
    }

    func ref(_ jurisdiction: String, _ code: String) -> DistrictReference { DistrictReference(jurisdictionID: jurisdiction, code: code) }

    @Test func aZIPThatSpansWardsAsksWhichWard() throws {
        let resolver = try resolver()
        #expect(resolver.openAreas(zip: "20002").map(\.jurisdiction.id) == [Self.dc])
        guard case .needsDistrict(let areas, let missed) = resolver.resolve(.init(zip: "20002")) else {
            Issue.record("expected a question"); return
        }
        #expect(areas.map(\.jurisdiction.id) == [Self.dc])
        #expect(areas.first?.choices.map(\.code) == ["1", "2", "3", "4", "5", "6", "7", "8"])
        #expect(!missed)
    }

    @Test func aChoiceAmongTheZIPsWardsSettlesIt() throws {
        let answer = try resolver().resolve(.init(zip: "20002", chosen: ["6"]))
        #expect(answer == .resolved(DistrictResolution(method: .chosen, districts: [ref(Self.dc, "6")])))
        // A code that is no ward of DC answers nothing: the question comes back.
        guard case .needsDistrict = try resolver().resolve(.init(zip: "20002", chosen: ["9"])) else { Issue.record("expected a question"); return }
    }

    @Test func aPositionSettlesTheWardWhateverTheZIP() throws {
        let point = DistrictResolver.Point(latitude: Self.anacostia.latitude, longitude: Self.anacostia.longitude, method: .located)
        #expect(try resolver().resolve(.init(zip: "20002", point: point)) == .resolved(DistrictResolution(method: .located, districts: [ref(Self.dc, "8")])))
        // An address geocoded to the Wilson Building is in Ward 2, and says it was geocoded.
        let geocoded = DistrictResolver.Point(latitude: Self.wilsonBuilding.latitude, longitude: Self.wilsonBuilding.longitude, method: .geocoded)
        #expect(try resolver().resolve(.init(zip: "20002", chosen: ["6"], point: geocoded))
            == .resolved(DistrictResolution(method: .geocoded, districts: [ref(Self.dc, "2")])))
    }

    @Test func aPositionOutsideEveryWardAsksAgainOrFallsBackOnTheChoice() throws {
        let seattle = DistrictResolver.Point(latitude: Self.seattleCityHall.latitude, longitude: Self.seattleCityHall.longitude, method: .located)
        guard case .needsDistrict(let areas, let missed) = try resolver().resolve(.init(zip: "20002", point: seattle)) else {
            Issue.record("expected a question"); return
        }
        #expect(missed)
        #expect(areas.map(\.jurisdiction.id) == [Self.dc])
        #expect(try resolver().resolve(.init(zip: "20002", chosen: ["3"], point: seattle))
            == .resolved(DistrictResolution(method: .chosen, districts: [ref(Self.dc, "3")])))
    }

    @Test func aSignerWhoDoesNotKnowKeepsEveryPossibleWard() throws {
        let answer = try resolver().resolve(.init(zip: "20002", unsure: true))
        #expect(answer == .resolved(DistrictResolution(method: .zip, districts: (1...8).map { ref(Self.dc, String($0)) })))
    }

    @Test func aZIPInOneDistrictNeedsNoQuestion() throws {
        // 98119 lies wholly in Seattle's District 7; Seattle's council is asked about.
        let resolver = try resolver([Self.seattle])
        #expect(resolver.openAreas(zip: "98119").isEmpty)
        guard case .resolved(let resolution) = resolver.resolve(.init(zip: "98119")) else { Issue.record("expected districts"); return }
        #expect(resolution.method == .zip)
        #expect(resolution.codes(in: Self.seattle) == ["7"])
        // A campaign with no district seats asks nothing, even where the ZIP spans wards.
        #expect(try self.resolver([]).resolve(.init(zip: "20002")) == .resolved(DistrictResolution(method: .zip, districts: [])))
        #expect(try self.resolver([]).resolve(.init(zip: "98119")) == .resolved(.zipOnly), "nothing looked up where no district is asked about")
    }

    @Test func storedReferencesReadBackWithSpacesAndMarksInThem() {
        let resolution = DistrictResolution(method: .chosen, districts: [ref(Self.dc, "6"), ref("x/y z", "At large #2"), ref(Self.dc, "6")])
        #expect(resolution.districts.count == 2)
        #expect(resolution.storedDistricts == "ocd-division/country:us/district:dc#6 x/y%20z#At%20large%20%232")
        #expect(DistrictResolution(storedMethod: "chosen", storedDistricts: resolution.storedDistricts) == resolution)
        #expect(DistrictResolution(storedMethod: "nonsense", storedDistricts: "#6 dc# plain").districts.isEmpty)
        #expect(DistrictResolution(storedMethod: "nonsense", storedDistricts: "").method == .zip)
    }

    @Test func recordedDistrictsDecideWhoIsAConstituent() throws {
        let demo = try DeliveryUnitTests.demo.get()
        var ward5 = try Constituency(officialID: "dc-kenyan-mcduffie", directory: demo.directory, lookup: demo.lookup)
        var mayor = try Constituency(officialID: "dc-muriel-bowser", directory: demo.directory, lookup: demo.lookup)
        let located5 = DistrictResolution(method: .located, districts: [ref(Self.dc, "5")])
        let located8 = DistrictResolution(method: .located, districts: [ref(Self.dc, "8")])
        let unsure = DistrictResolution(method: .zip, districts: (1...8).map { ref(Self.dc, String($0)) })
        #expect(ward5.match(zip: "20002", resolution: located5) == .inside)
        #expect(ward5.match(zip: "20002", resolution: located8) == nil)
        #expect(ward5.match(zip: "20002", resolution: unsure) == .possibly(districts: (1...8).map(String.init)))
        #expect(ward5.match(zip: "20002", resolution: DistrictResolution(method: .zip, districts: [ref(Self.dc, "5")])) == .inside)
        // Nothing recorded for DC: the ZIP code decides, as before.
        #expect(ward5.match(zip: "20002", resolution: DistrictResolution(method: .chosen, districts: [ref(Self.seattle, "5")]))
            == .possibly(districts: (1...8).map(String.init)))
        #expect(mayor.match(zip: "20002", resolution: located8) == .inside)
        #expect(mayor.match(zip: "20002", resolution: unsure) == .inside)
    }
}
