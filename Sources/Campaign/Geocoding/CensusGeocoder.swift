import Foundation

/// The US Census Bureau's geocoder: free, without a key, US addresses only.
/// Asks its one-line-address service for locations
/// (`/geocoder/locations/onelineaddress`, `benchmark=Public_AR_Current`,
/// `format=json`) and reads `result.addressMatches`, where
/// `coordinates.x` is the longitude and `coordinates.y` the latitude.
public struct CensusGeocoder: Geocoder {
    /// The Census Bureau's own service.
    public static let publicURL = "https://geocoding.geo.census.gov"

    private let transport: GeocoderTransport

    /// A geocoder asking the service at `baseURL`, giving up after
    /// `timeout` seconds.
    public init(baseURL: String = publicURL, timeout: TimeInterval = GeocoderConfiguration.defaultTimeout,
                userAgent: String = GeocoderConfiguration.userAgent(contact: nil)) {
        transport = GeocoderTransport(name: "Census", baseURL: baseURL, timeout: timeout, userAgent: userAgent)
    }

    public func geocode(_ address: String, zip: String?) -> GeocodingResult {
        guard let line = oneLineQuery(address, zip: zip) else { return .noMatch }
        let query = [(name: "address", value: line), ("benchmark", "Public_AR_Current"), ("format", "json")]
        switch transport.get(path: "/geocoder/locations/onelineaddress", query: query) {
        case .failed(let reason):
            return .unavailable(reason: reason)
        case .response(let status, let body):
            guard status == 200 else { return .unavailable(reason: "\(transport.service) answered HTTP \(status)") }
            return read(body)
        }
    }

    /// The matches in a response body.
    private func read(_ body: [UInt8]) -> GeocodingResult {
        let response: Response
        do {
            response = try JSONDecoder().decode(Response.self, from: Data(body))
        } catch {
            return .unavailable(reason: "\(transport.service) answered with \((error as? DecodingError)?.responseShapeProblem ?? "JSON not in the documented shape")")
        }
        let points = response.result.addressMatches.map {
            GeocodedPoint(latitude: $0.coordinates.y, longitude: $0.coordinates.x, matchedAddress: $0.matchedAddress)
        }
        guard points.allSatisfy(\.isOnTheGlobe) else {
            return .unavailable(reason: "\(transport.service) answered with coordinates off the globe")
        }
        return points.isEmpty ? .noMatch : .matched(points)
    }

    // MARK: - The documented response, as far as it is read

    private struct Response: Decodable {
        let result: Result
    }

    private struct Result: Decodable {
        let addressMatches: [Match]
    }

    private struct Match: Decodable {
        let matchedAddress: String
        let coordinates: Coordinates
    }

    private struct Coordinates: Decodable {
        /// Longitude.
        let x: Double
        /// Latitude.
        let y: Double
    }
}
