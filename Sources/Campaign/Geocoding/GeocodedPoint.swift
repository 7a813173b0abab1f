/// One place a geocoder found for an address: where it is, and the address
/// as the service wrote it back (which may differ from what was typed).
///
/// Both are a signer's personal data, so the printed forms (`description`,
/// `debugDescription`) leave them out: a log line or an error message that
/// interpolates a point carries neither.
public struct GeocodedPoint: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Degrees north, -90 to 90.
    public let latitude: Double
    /// Degrees east, -180 to 180.
    public let longitude: Double
    /// The address the service matched, in its words.
    public let matchedAddress: String

    /// A point and the address the service matched there.
    public init(latitude: Double, longitude: Double, matchedAddress: String) {
        self.latitude = latitude
        self.longitude = longitude
        self.matchedAddress = matchedAddress
    }

    /// Whether the coordinates are on the globe; a service that answers
    /// otherwise answered something other than what it documents.
    var isOnTheGlobe: Bool {
        (-90...90).contains(latitude) && (-180...180).contains(longitude)
    }

    public var description: String { "a geocoded point" }
    public var debugDescription: String { description }
}
