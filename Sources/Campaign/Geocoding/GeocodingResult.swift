/// What a geocoder made of one address.
public enum GeocodingResult: Sendable, Equatable, CustomStringConvertible {
    /// The places the service found, in its order (best first); more than
    /// one when the address is ambiguous.
    case matched([GeocodedPoint])
    /// The service answered and found nothing.
    case noMatch
    /// No answer to rely on: a timeout, a refused connection, an HTTP error,
    /// a response not in the documented shape. The reason says what
    /// happened and to which service, never the address asked about.
    case unavailable(reason: String)

    /// Printable without the address or the points (see `GeocodedPoint`).
    public var description: String {
        switch self {
        case .matched(let points): return points.count == 1 ? "matched 1 place" : "matched \(points.count) places"
        case .noMatch: return "no match"
        case .unavailable(let reason): return "unavailable: \(reason)"
        }
    }
}
