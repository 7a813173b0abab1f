import Foundation
import Glibc
import Testing
@testable import Campaign

/// What every geocoder must do alike over loopback, whatever the service's
/// format: encode the address in the query, and turn each failure (an HTTP
/// error, a body that is not JSON, a server that never answers, a refused
/// connection) into `.unavailable` with a reason that names the service and
/// never the address.
@Suite struct GeocoderTransportTests {
    static let whiteHouse = "1600 Pennsylvania Ave NW, Washington, DC"

    static func geocode(_ geocoder: GeocoderUnderTest, _ url: String, _ address: String, timeout: TimeInterval = 2) async throws -> GeocodingResult {
        try await onThread { _ in geocoder.make(url, timeout).geocode(address) }
    }

    @Test(arguments: GeocoderUnderTest.all)
    func encodesPunctuationAndLettersBeyondASCIIInTheQuery(_ geocoder: GeocoderUnderTest) async throws {
        let server = try LoopbackHTTPServer { _ in .respond(status: 200, body: "[]") }
        defer { server.stop() }
        _ = try await Self.geocode(geocoder, server.url, GeocoderTesting.punctuated)
        _ = try await Self.geocode(geocoder, server.url, GeocoderTesting.accented)
        let requests = server.requests
        try #require(requests.count == 2)
        let parameter = geocoder.addressParameter
        #expect(requests[0].rawQuery.hasPrefix("\(parameter)=\(GeocoderTesting.punctuatedEncoded)&"), "got \(requests[0].rawQuery)")
        #expect(requests[0].query[parameter] == GeocoderTesting.punctuated)
        #expect(requests[1].rawQuery.hasPrefix("\(parameter)=\(GeocoderTesting.accentedEncoded)&"), "got \(requests[1].rawQuery)")
        #expect(requests[1].query[parameter] == GeocoderTesting.accented)
    }

    @Test(arguments: GeocoderUnderTest.all)
    func anHTTPErrorIsUnavailableWithoutTheAddress(_ geocoder: GeocoderUnderTest) async throws {
        let parameter = geocoder.addressParameter
        let server = try LoopbackHTTPServer { request in
            .respond(status: 500, contentType: "text/html", body: "<h1>Internal error while geocoding \(request.query[parameter] ?? "")</h1>")
        }
        defer { server.stop() }
        let reason = GeocoderTesting.reason(try await Self.geocode(geocoder, server.url, Self.whiteHouse))
        #expect(reason == "\(geocoder.service(at: server.url)) answered HTTP 500")
        GeocoderTesting.expectNoTraces(of: Self.whiteHouse, in: reason)
    }

    @Test(arguments: GeocoderUnderTest.all)
    func malformedJSONIsUnavailableWithoutTheAddress(_ geocoder: GeocoderUnderTest) async throws {
        let parameter = geocoder.addressParameter
        let server = try LoopbackHTTPServer { request in
            .respond(status: 200, body: #"{"result":{"input":{"address":{"address":"\#(request.query[parameter] ?? "")"#)
        }
        defer { server.stop() }
        let reason = GeocoderTesting.reason(try await Self.geocode(geocoder, server.url, Self.whiteHouse))
        #expect(reason == "\(geocoder.service(at: server.url)) answered with a body that is not JSON")
        GeocoderTesting.expectNoTraces(of: Self.whiteHouse, in: reason)
    }

    @Test(.timeLimit(.minutes(1)), arguments: GeocoderUnderTest.all)
    func aServerThatNeverAnswersIsUnavailableAfterTheTimeout(_ geocoder: GeocoderUnderTest) async throws {
        let server = try LoopbackHTTPServer { _ in .silence }
        defer { server.stop() }
        let url = server.url
        let result = try await onThread { _ in
            GeocoderTesting.returning(within: 0.5 + 3) { geocoder.make(url, 0.5).geocode(Self.whiteHouse) }
        }
        try #require(result != nil, "the call did not return within its timeout and a margin")
        let reason = result.flatMap(GeocoderTesting.reason)
        #expect(reason == "\(geocoder.service(at: url)) did not answer within 0.5 seconds")
        #expect(server.requests.count == 1, "the request reached the server")
        GeocoderTesting.expectNoTraces(of: Self.whiteHouse, in: reason)
    }

    @Test(arguments: GeocoderUnderTest.all)
    func aRefusedConnectionIsUnavailable(_ geocoder: GeocoderUnderTest) async throws {
        let (descriptor, port) = try GeocoderTesting.refusingPort()
        defer { close(descriptor) }
        let url = "http://127.0.0.1:\(port)"
        let reason = GeocoderTesting.reason(try await Self.geocode(geocoder, url, Self.whiteHouse))
        #expect(reason == "\(geocoder.service(at: url)) refused the connection")
    }

    @Test(arguments: GeocoderUnderTest.all)
    func aUserAndPasswordInTheURLStayOutOfReasons(_ geocoder: GeocoderUnderTest) async throws {
        let server = try LoopbackHTTPServer { _ in .respond(status: 503, body: "busy") }
        defer { server.stop() }
        let url = "http://geocoding:s3cret@127.0.0.1:\(server.port)"
        let reason = GeocoderTesting.reason(try await Self.geocode(geocoder, url, Self.whiteHouse))
        #expect(reason == "\(geocoder.service(at: server.url)) answered HTTP 503")
        #expect(server.requests.first?.header("Authorization") == "Basic Z2VvY29kaW5nOnMzY3JldA==", "the credentials are still sent")
    }

    @Test(arguments: GeocoderUnderTest.all)
    func anAnswerOverTheSizeCapIsUnavailable(_ geocoder: GeocoderUnderTest) async throws {
        let server = try LoopbackHTTPServer { _ in .respond(status: 200, body: "[" + String(repeating: " ", count: 1 << 20) + "]") }
        defer { server.stop() }
        let reason = GeocoderTesting.reason(try await Self.geocode(geocoder, server.url, Self.whiteHouse))
        #expect(reason == "\(geocoder.service(at: server.url)) answered with more than 1 MiB; not read")
    }

    @Test func printedResultsHoldNeitherAddressNorCoordinates() {
        let point = GeocodedPoint(latitude: 38.8987, longitude: -77.0352, matchedAddress: "1600 PENNSYLVANIA AVE NW")
        for text in ["\(point)", String(reflecting: point), "\(GeocodingResult.matched([point]))", String(reflecting: GeocodingResult.matched([point]))] {
            #expect(!text.contains("PENNSYLVANIA") && !text.contains("38.8") && !text.contains("77.0"), "printed as \(text)")
        }
    }
}
