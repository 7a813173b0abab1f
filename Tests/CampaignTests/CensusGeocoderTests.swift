import Foundation
import Glibc
import Testing
@testable import Campaign

/// The Census geocoder against a loopback server that answers in the Census
/// Bureau's documented JSON: `result.input` echoing the address, and
/// `result.addressMatches[]` with `matchedAddress`, `coordinates.x`
/// (longitude), `coordinates.y` (latitude) and `tigerLine`. The failures
/// all geocoders share are in `GeocoderTransportTests`.
@Suite struct CensusGeocoderTests {
    /// One entry of `addressMatches`.
    struct Match {
        let address: String
        let x: Double
        let y: Double
    }

    /// A response body as the service writes it.
    static func body(echoing address: String, _ matches: [Match]) throws -> String {
        let object: [String: Any] = [
            "result": [
                "input": [
                    "address": ["address": address],
                    "benchmark": ["isDefault": false, "benchmarkDescription": "Public Address Ranges - Current Benchmark",
                                  "id": "4", "benchmarkName": "Public_AR_Current"],
                ],
                "addressMatches": matches.map { match in
                    [
                        "tigerLine": ["side": "L", "tigerLineId": "76225813"],
                        "coordinates": ["x": match.x, "y": match.y],
                        "addressComponents": ["zip": "20500", "streetName": "PENNSYLVANIA", "city": "WASHINGTON", "state": "DC"],
                        "matchedAddress": match.address,
                    ] as [String: Any]
                },
            ] as [String: Any],
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    /// A server that checks the request is the documented one and answers
    /// `matches` for any address.
    static func server(_ matches: [Match]) throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request in
            let query = request.query
            guard request.method == "GET", request.path == "/geocoder/locations/onelineaddress",
                  query["benchmark"] == "Public_AR_Current", query["format"] == "json", let address = query["address"] else {
                return .respond(status: 400, body: #"{"errors":["not the documented request"],"status":"400"}"#)
            }
            return .respond(status: 200, body: (try? body(echoing: address, matches)) ?? "")
        }
    }

    static func geocode(_ server: LoopbackHTTPServer, _ address: String, zip: String? = nil) async throws -> GeocodingResult {
        try await onThread { _ in CensusGeocoder(baseURL: server.url).geocode(address, zip: zip) }
    }



    static let whiteHouse = "1600 Pennsylvania Ave NW, Washington, DC"

    // MARK: - Answers

    @Test func readsOneMatchWithXAsLongitudeAndYAsLatitude() async throws {
        let server = try Self.server([Match(address: "1600 PENNSYLVANIA AVE NW, WASHINGTON, DC, 20500", x: -77.03518753691, y: 38.89869893252)])
        defer { server.stop() }
        let result = try await Self.geocode(server, Self.whiteHouse, zip: "20500")
        guard case .matched(let points) = result else { Issue.record("expected a match, got \(result)"); return }
        #expect(points.count == 1)
        #expect(points.first?.latitude == 38.89869893252)
        #expect(points.first?.longitude == -77.03518753691)
        #expect(points.first?.matchedAddress == "1600 PENNSYLVANIA AVE NW, WASHINGTON, DC, 20500")
        #expect(server.requests.count == 1)
        #expect(server.requests.first?.query["address"] == Self.whiteHouse + ", 20500", "the ZIP code joins the one line")
    }

    @Test func keepsSeveralMatchesInTheServicesOrder() async throws {
        let server = try Self.server([Match(address: "100 MAIN ST, SPRINGFIELD, IL, 62701", x: -89.65, y: 39.80),
                                      Match(address: "100 MAIN ST, SPRINGFIELD, MA, 01103", x: -72.59, y: 42.10)])
        defer { server.stop() }
        let result = try await Self.geocode(server, "100 Main St, Springfield")
        guard case .matched(let points) = result else { Issue.record("expected matches, got \(result)"); return }
        #expect(points.map(\.matchedAddress) == ["100 MAIN ST, SPRINGFIELD, IL, 62701", "100 MAIN ST, SPRINGFIELD, MA, 01103"])
        #expect(points.map(\.latitude) == [39.80, 42.10])
        #expect(points.map(\.longitude) == [-89.65, -72.59])
    }

    @Test func anEmptyListOfMatchesIsNoMatch() async throws {
        let server = try Self.server([])
        defer { server.stop() }
        #expect(try await Self.geocode(server, "1 Nowhere Lane, Atlantis") == .noMatch)
        #expect(server.requests.count == 1)
    }

    @Test func aBlankAddressAsksNothing() async throws {
        let server = try Self.server([])
        defer { server.stop() }
        #expect(try await Self.geocode(server, "  \t ", zip: "20002") == .noMatch)
        #expect(server.requests.isEmpty)
    }

    // MARK: - Answers not in the documented shape

    @Test func jsonWithoutTheDocumentedFieldsIsUnavailable() async throws {
        let server = try LoopbackHTTPServer { request in
            .respond(status: 200, body: #"{"result":{"input":{"address":{"address":"\#(request.query["address"] ?? "")"}},"#
                + #""addressMatches":[{"matchedAddress":"\#(request.query["address"] ?? "")","coordinates":{"x":"-77.0"}}]}}"#)
        }
        defer { server.stop() }
        let reason = GeocoderTesting.reason(try await Self.geocode(server, Self.whiteHouse))
        #expect(reason == "the Census geocoder at \(server.url) answered with JSON where result.addressMatches[0].coordinates.x is not a number")
        GeocoderTesting.expectNoTraces(of: Self.whiteHouse, in: reason)
    }
}
