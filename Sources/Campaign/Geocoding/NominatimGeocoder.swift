import Foundation
import Synchronization

/// OpenStreetMap's Nominatim: the public instance or one you run. Asks
/// `/search?q=…&format=jsonv2&limit=5&countrycodes=us` and reads each
/// place's `lat` and `lon` (decimal strings in its JSON) and `display_name`.
///
/// The public instance's usage policy asks for a User-Agent that names the
/// application and a way to reach its operator, and for at most one
/// request a second; `requestInterval` spaces requests that far apart
/// within this process. A request that would have to wait its whole
/// timeout for its turn is not sent.
public final class NominatimGeocoder: Geocoder {
    /// The OpenStreetMap Foundation's instance.
    public static let publicURL = "https://nominatim.openstreetmap.org"
    /// The public instance's limit: one request a second.
    public static let publicRequestInterval: TimeInterval = 1

    /// The least time between the starts of two requests, in seconds; 0
    /// for no limit.
    public let requestInterval: TimeInterval
    private let transport: GeocoderTransport
    private let clock: Clock
    private let pause: @Sendable (TimeInterval) -> Void
    /// When the next request may start.
    private let nextStart = Mutex<Date?>(nil)

    /// A geocoder asking the service at `baseURL` as `userAgent`, giving up
    /// after `timeout` seconds. `requestInterval` defaults to the public
    /// instance's limit when `baseURL` is that instance and to none
    /// otherwise; `clock` and `pause` (which waits a number of seconds) are
    /// how it keeps to it.
    public init(baseURL: String = publicURL, userAgent: String, timeout: TimeInterval = GeocoderConfiguration.defaultTimeout,
                requestInterval: TimeInterval? = nil, clock: Clock = .live,
                pause: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        transport = GeocoderTransport(name: "Nominatim", baseURL: baseURL, timeout: timeout, userAgent: userAgent)
        self.requestInterval = requestInterval ?? (Self.isPublicInstance(baseURL) ? Self.publicRequestInterval : 0)
        self.clock = clock
        self.pause = pause
    }

    /// Whether `url` is the OpenStreetMap Foundation's instance, whose usage
    /// policy limits the request rate.
    public static func isPublicInstance(_ url: String) -> Bool {
        URLComponents(string: url)?.host?.lowercased() == "nominatim.openstreetmap.org"
    }

    public func geocode(_ address: String, zip: String?) -> GeocodingResult {
        guard let line = oneLineQuery(address, zip: zip) else { return .noMatch }
        guard let wait = turn() else {
            let rate = requestInterval == 1 ? "one request a second" : "one request every \(GeocoderTransport.seconds(requestInterval)) seconds"
            return .unavailable(reason: "\(transport.service) takes \(rate) and the requests waiting for their turn "
                + "would take longer than the \(GeocoderTransport.seconds(transport.timeout))-second timeout; not asked")
        }
        if wait > 0 { pause(wait) }
        let query = [(name: "q", value: line), ("format", "jsonv2"), ("limit", "5"), ("countrycodes", "us")]
        switch transport.get(path: "/search", query: query, timeLimit: transport.timeout - wait) {
        case .failed(let reason):
            return .unavailable(reason: reason)
        case .response(let status, let body):
            guard status == 200 else { return .unavailable(reason: "\(transport.service) answered HTTP \(status)") }
            return read(body)
        }
    }

    /// Takes the next turn under `requestInterval`: how long to wait for
    /// it, or nil when that is the whole timeout or more.
    private func turn() -> TimeInterval? {
        guard requestInterval > 0 else { return 0 }
        let now = clock.now()
        return nextStart.withLock { next -> TimeInterval? in
            let start = max(now, next ?? now)
            let wait = start.timeIntervalSince(now)
            guard wait < transport.timeout else { return nil }
            next = start.addingTimeInterval(requestInterval)
            return wait
        }
    }

    /// The places in a response body.
    private func read(_ body: [UInt8]) -> GeocodingResult {
        let places: [Place]
        do {
            places = try JSONDecoder().decode([Place].self, from: Data(body))
        } catch {
            return .unavailable(reason: "\(transport.service) answered with \((error as? DecodingError)?.responseShapeProblem ?? "JSON not in the documented shape")")
        }
        var points: [GeocodedPoint] = []
        for (index, place) in places.enumerated() {
            guard let latitude = Double(place.lat), let longitude = Double(place.lon) else {
                return .unavailable(reason: "\(transport.service) answered with JSON where [\(index)].lat or .lon is not a decimal number")
            }
            let point = GeocodedPoint(latitude: latitude, longitude: longitude, matchedAddress: place.displayName)
            guard point.isOnTheGlobe else { return .unavailable(reason: "\(transport.service) answered with coordinates off the globe") }
            points.append(point)
        }
        return points.isEmpty ? .noMatch : .matched(points)
    }

    // MARK: - The documented response, as far as it is read

    private struct Place: Decodable {
        let lat: String
        let lon: String
        let displayName: String

        enum CodingKeys: String, CodingKey {
            case lat, lon
            case displayName = "display_name"
        }
    }
}
