/// Turns a street address into points on the map, through a service the
/// operator configures (`GeocoderConfiguration`).
///
/// A call blocks for at most the geocoder's timeout and never throws: what
/// went wrong is an `.unavailable` result, so a caller can fall back on the
/// ZIP code and a district choice.
public protocol Geocoder: Sendable {
    /// The places `address` (one line, as a person types it) may be, with
    /// `zip` narrowing the search when it is given.
    func geocode(_ address: String, zip: String?) -> GeocodingResult
}

extension Geocoder {
    /// `geocode(_:zip:)` without a ZIP code.
    public func geocode(_ address: String) -> GeocodingResult {
        geocode(address, zip: nil)
    }
}

/// The one-line text a service is asked about: the address with runs of
/// white space folded, and the ZIP code added when the address lacks it.
/// Nil when nothing is left to ask about.
func oneLineQuery(_ address: String, zip: String?) -> String? {
    let line = address.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    guard !line.isEmpty else { return nil }
    let zip = zip?.trimmedWhitespace ?? ""
    guard !zip.isEmpty, !line.contains(zip) else { return line }
    return line + ", " + zip
}
