import Foundation
import Glibc
import Testing
@testable import Campaign

// What the geocoder tests share: addresses that need encoding, a port that
// refuses connections, and a way to see that a call returns at all.

enum GeocoderTesting {
    /// An address with `#`, `&` and a comma, which a query must encode.
    static let punctuated = "1600 Pennsylvania Ave NW #2 & Rear, Washington, DC"
    /// `punctuated` as curl_easy_escape writes it (RFC 3986: all but
    /// letters, digits and -._~ encoded).
    static let punctuatedEncoded = "1600%20Pennsylvania%20Ave%20NW%20%232%20%26%20Rear%2C%20Washington%2C%20DC"
    /// An address with letters outside ASCII.
    static let accented = "Calle Niño 5, Cataño, PR"
    /// `accented` with its UTF-8 bytes percent-encoded.
    static let accentedEncoded = "Calle%20Ni%C3%B1o%205%2C%20Cata%C3%B1o%2C%20PR"

    /// Parts of an address that a reason must not hold, in every spelling
    /// a service or a URL might give them.
    static func traces(of address: String) -> [String] {
        let words = address.split(whereSeparator: { !$0.isLetter }).filter { $0.count > 3 }.map(String.init)
        let encoded = address.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? address
        return [address, address.uppercased(), encoded] + words + words.map { $0.uppercased() }
    }

    /// The reason of an `.unavailable` result; nil for any other.
    static func reason(_ result: GeocodingResult) -> String? {
        if case .unavailable(let reason) = result { return reason }
        return nil
    }

    /// That nothing of `address` is in `reason`.
    static func expectNoTraces(of address: String, in reason: String?, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for trace in traces(of: address) {
            #expect(reason?.contains(trace) == false, "the reason quotes '\(trace)'", sourceLocation: sourceLocation)
        }
    }

    /// A socket bound to a port on 127.0.0.1 that does not listen, so a
    /// connection to the port is refused; close it when done.
    static func refusingPort() throws -> (descriptor: Int32, port: Int) {
        try LoopbackHTTPServer.boundSocket()
    }

    /// Runs `body` on a thread of its own and waits for it at most
    /// `seconds`: its result, or nil when it had not returned by then.
    static func returning<T: Sendable>(within seconds: TimeInterval, _ body: @escaping @Sendable () -> T) -> T? {
        let outcome = Locked<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread {
            let value = body()
            outcome.withLock { $0 = value }
            done.signal()
        }.start()
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return outcome.withLock { $0 }
    }
}

/// One of the geocoders, for the tests every service must pass alike.
struct GeocoderUnderTest: Sendable, CustomTestStringConvertible {
    /// As the service is named in reasons: "Census".
    let name: String
    /// The query parameter that carries the address.
    let addressParameter: String
    /// The geocoder asking `url`, with a timeout.
    let make: @Sendable (_ url: String, _ timeout: TimeInterval) -> any Geocoder

    var testDescription: String { name }

    /// How reasons name the service at `url`.
    func service(at url: String) -> String { "the \(name) geocoder at \(url)" }

    static let census = GeocoderUnderTest(name: "Census", addressParameter: "address") { url, timeout in
        CensusGeocoder(baseURL: url, timeout: timeout)
    }
    static let nominatim = GeocoderUnderTest(name: "Nominatim", addressParameter: "q") { url, timeout in
        NominatimGeocoder(baseURL: url, userAgent: GeocoderConfiguration.userAgent(contact: "ops@example.org"), timeout: timeout)
    }
    static let all = [census, nominatim]
}
