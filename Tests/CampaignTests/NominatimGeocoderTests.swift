import Foundation
import Glibc
import Testing
@testable import Campaign

/// The Nominatim geocoder against a loopback server that answers `/search`
/// in Nominatim's documented `jsonv2`: an array of places whose `lat` and
/// `lon` are decimal strings, with `display_name`, `category`, `place_rank`;
/// and its pace with the public instance. The failures all geocoders share
/// are in `GeocoderTransportTests`.
@Suite struct NominatimGeocoderTests {
    static let userAgent = GeocoderConfiguration.userAgent(contact: "ops@example.org")
    static let whiteHouse = "1600 Pennsylvania Ave NW, Washington, DC"

    /// One place of a response.
    struct Place {
        let name: String
        let lat: String
        let lon: String
    }

    /// A response body as Nominatim writes it.
    static func body(_ places: [Place]) throws -> String {
        let array: [[String: Any]] = places.enumerated().map { index, place in
            [
                "place_id": 100149 + index, "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
                "osm_type": "way", "osm_id": 238241022, "lat": place.lat, "lon": place.lon, "category": "building",
                "type": "house", "place_rank": 30, "importance": 0.2, "addresstype": "building", "name": "",
                "display_name": place.name, "boundingbox": ["38.8972", "38.8978", "-77.0370", "-77.0360"],
            ]
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: array), as: UTF8.self)
    }

    /// A server that checks the request is the documented one and answers `places`.
    static func server(_ places: [Place]) throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request in
            let query = request.query
            guard request.method == "GET", request.path == "/search", query["format"] == "jsonv2", query["limit"] == "5",
                  query["countrycodes"] == "us", query["q"] != nil else {
                return .respond(status: 400, body: #"{"error":{"code":400,"message":"not the documented request"}}"#)
            }
            return .respond(status: 200, body: (try? body(places)) ?? "")
        }
    }

    static func geocode(_ server: LoopbackHTTPServer, _ address: String, zip: String? = nil) async throws -> GeocodingResult {
        try await onThread { _ in NominatimGeocoder(baseURL: server.url, userAgent: userAgent).geocode(address, zip: zip) }
    }

    // MARK: - Answers

    @Test func readsOnePlaceFromDecimalStringsAndSendsTheUserAgent() async throws {
        let server = try Self.server([Place(name: "White House, 1600, Pennsylvania Avenue Northwest, Washington, District of Columbia, 20500, United States",
                                            lat: "38.897699700000004", lon: "-77.03655315")])
        defer { server.stop() }
        let result = try await Self.geocode(server, Self.whiteHouse, zip: "20500")
        guard case .matched(let points) = result else { Issue.record("expected a match, got \(result)"); return }
        #expect(points.count == 1)
        #expect(points.first?.latitude == 38.897699700000004)
        #expect(points.first?.longitude == -77.03655315)
        #expect(points.first?.matchedAddress.hasPrefix("White House, 1600, Pennsylvania Avenue Northwest") == true)
        let request = try #require(server.requests.first)
        #expect(request.query["q"] == Self.whiteHouse + ", 20500")
        #expect(request.header("User-Agent") == "campaign (advocacy campaign engine; contact: ops@example.org)")
    }

    @Test func keepsSeveralPlacesInTheServicesOrder() async throws {
        let server = try Self.server([Place(name: "Main Street, Springfield, Illinois", lat: "39.80", lon: "-89.65"),
                                      Place(name: "Main Street, Springfield, Massachusetts", lat: "42.10", lon: "-72.59")])
        defer { server.stop() }
        let result = try await Self.geocode(server, "100 Main St, Springfield")
        guard case .matched(let points) = result else { Issue.record("expected matches, got \(result)"); return }
        #expect(points.map(\.matchedAddress) == ["Main Street, Springfield, Illinois", "Main Street, Springfield, Massachusetts"])
        #expect(points.map(\.latitude) == [39.80, 42.10])
        #expect(points.map(\.longitude) == [-89.65, -72.59])
    }

    @Test func anEmptyArrayIsNoMatch() async throws {
        let server = try Self.server([])
        defer { server.stop() }
        #expect(try await Self.geocode(server, "1 Nowhere Lane, Atlantis") == .noMatch)
        #expect(server.requests.count == 1)
    }

    // MARK: - Answers not in the documented shape

    @Test func anErrorObjectOrACoordinateThatIsNoNumberIsUnavailable() async throws {
        let server = try LoopbackHTTPServer { request in
            request.query["q"] == "error object"
                ? .respond(status: 200, body: #"{"error":{"code":400,"message":"Nominatim has encountered an internal error."}}"#)
                : .respond(status: 200, body: #"[{"display_name":"\#(request.query["q"] ?? "")","lat":"north","lon":"-77.03"}]"#)
        }
        defer { server.stop() }
        #expect(GeocoderTesting.reason(try await Self.geocode(server, "error object"))
            == "the Nominatim geocoder at \(server.url) answered with JSON where the top level is not an array")
        let reason = GeocoderTesting.reason(try await Self.geocode(server, Self.whiteHouse))
        #expect(reason == "the Nominatim geocoder at \(server.url) answered with JSON where [0].lat or .lon is not a decimal number")
        GeocoderTesting.expectNoTraces(of: Self.whiteHouse, in: reason)
    }

    // MARK: - The public instance's rate

    @Test func onlyThePublicInstanceIsLimitedToOneRequestASecond() {
        #expect(NominatimGeocoder(userAgent: Self.userAgent).requestInterval == 1)
        #expect(NominatimGeocoder(baseURL: "https://Nominatim.OpenStreetMap.org/", userAgent: Self.userAgent).requestInterval == 1)
        #expect(NominatimGeocoder(baseURL: "https://nominatim.example.org", userAgent: Self.userAgent).requestInterval == 0)
        #expect(NominatimGeocoder(baseURL: "http://127.0.0.1:8088", userAgent: Self.userAgent).requestInterval == 0)
    }

    @Test func spacesRequestsToTheLimitedInstanceASecondApart() async throws {
        let server = try Self.server([])
        defer { server.stop() }
        let clock = ManualClock()
        let pauses = Locked<[TimeInterval]>([])
        // The pause moves the manual clock on, as the real wait would.
        let geocoder = NominatimGeocoder(baseURL: server.url, userAgent: Self.userAgent, requestInterval: 1, clock: clock.clock) { seconds in
            pauses.withLock { $0.append(seconds) }
            clock.advance(by: seconds)
        }
        for address in ["1 First St", "2 Second St", "3 Third St"] {
            #expect(try await onThread { _ in geocoder.geocode(address) } == .noMatch)
        }
        #expect(pauses.withLock { $0 } == [1, 1])
        #expect(server.requests.count == 3)
        clock.advance(by: 5)
        _ = try await onThread { _ in geocoder.geocode("4 Fourth St") }
        #expect(pauses.withLock { $0 } == [1, 1], "a request after a quiet spell waits for nothing")
    }

    @Test func aQueueLongerThanTheTimeoutIsNotSent() async throws {
        let server = try Self.server([])
        defer { server.stop() }
        // The clock stands still and the pause returns at once: three
        // signers arriving together.
        let geocoder = NominatimGeocoder(baseURL: server.url, userAgent: Self.userAgent, timeout: 2, requestInterval: 1,
                                         clock: ManualClock().clock) { _ in }
        var results: [GeocodingResult] = []
        for address in ["1 First St", "2 Second St", "3 Third St"] {
            results.append(try await onThread { _ in geocoder.geocode(address) })
        }
        #expect(results[0] == .noMatch && results[1] == .noMatch)
        #expect(GeocoderTesting.reason(results[2]) == "the Nominatim geocoder at \(server.url) takes one request a second "
            + "and the requests waiting for their turn would take longer than the 2-second timeout; not asked")
        #expect(server.requests.count == 2)
    }

    @Test func anUnlimitedInstanceNeverPauses() async throws {
        let server = try Self.server([])
        defer { server.stop() }
        let pauses = Locked(0)
        let geocoder = NominatimGeocoder(baseURL: server.url, userAgent: Self.userAgent, clock: ManualClock().clock) { _ in
            pauses.withLock { $0 += 1 }
        }
        for address in ["1 First St", "2 Second St", "3 Third St"] {
            _ = try await onThread { _ in geocoder.geocode(address) }
        }
        #expect(pauses.withLock { $0 } == 0)
        #expect(server.requests.count == 3)
    }
}
