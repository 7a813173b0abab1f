import Foundation

/// Which street-address geocoder to use and how: built once from the
/// command line and environment (`GeocoderArguments`), then turned into a
/// geocoder with `makeGeocoder`.
public struct GeocoderConfiguration: Sendable, Equatable {
    /// The services supported.
    public enum Service: String, Sendable, CaseIterable {
        /// The US Census Bureau's geocoder.
        case census
        /// OpenStreetMap's Nominatim, public or your own.
        case nominatim
        /// No geocoder: signers give a ZIP code and pick a district.
        case none
    }

    /// Two seconds: a signer waits this long at most before the form falls
    /// back on the ZIP code and a district choice.
    public static let defaultTimeout: TimeInterval = 2

    /// The service.
    public let service: Service
    /// The service's address: the one given, else its public one; empty for `.none`.
    public let url: String
    /// The longest a request may take, in seconds.
    public let timeout: TimeInterval
    /// How the service's operators can reach whoever runs this server
    /// (an e-mail address or a web page), sent in the User-Agent.
    public let contact: String?

    /// No geocoder.
    public static let disabled = GeocoderConfiguration(checked: .none, url: "", timeout: defaultTimeout, contact: nil)

    /// Checks the settings together: a URL needs a service, and the public
    /// Nominatim needs a contact (its usage policy asks for one). Errors
    /// name the options.
    public init(service: Service, url: String? = nil, timeout: TimeInterval = defaultTimeout, contact: String? = nil) throws {
        guard timeout > 0, timeout.isFinite else { throw InputError("geocoder timeout \(timeout): must be a positive number of seconds") }
        if let contact, contact.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw InputError("--geocoder-contact holds a line break or control character; give an e-mail address or web page on one line")
        }
        let resolved: String
        switch service {
        case .none:
            if url != nil { throw InputError("--geocoder-url needs a geocoder: give --geocoder census or --geocoder nominatim") }
            resolved = ""
        case .census:
            resolved = url ?? CensusGeocoder.publicURL
        case .nominatim:
            resolved = url ?? NominatimGeocoder.publicURL
            if NominatimGeocoder.isPublicInstance(resolved) && (contact ?? "").trimmedWhitespace.isEmpty {
                throw InputError("--geocoder nominatim asks the public instance at \(NominatimGeocoder.publicURL), whose usage policy wants "
                    + "a way to reach you: give --geocoder-contact (an e-mail address or web page), or --geocoder-url for your own instance")
            }
        }
        if !resolved.isEmpty && !Self.isWebAddress(resolved) {
            throw InputError("geocoder URL '\(resolved)': expected an http:// or https:// address with a host")
        }
        self.init(checked: service, url: resolved, timeout: timeout, contact: contact?.trimmedWhitespace)
    }

    private init(checked service: Service, url: String, timeout: TimeInterval, contact: String?) {
        self.service = service
        self.url = url
        self.timeout = timeout
        self.contact = contact.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether `text` is an http:// or https:// URL with a host.
    public static func isWebAddress(_ text: String) -> Bool {
        guard let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = parts.host, !host.isEmpty else { return false }
        return parts.query == nil && parts.fragment == nil
    }

    /// The User-Agent sent to the service.
    public var userAgent: String { Self.userAgent(contact: contact) }

    /// The User-Agent naming this product and, when given, the contact
    /// (control characters dropped, so it cannot add a header).
    public static func userAgent(contact: String?) -> String {
        let contact = String((contact ?? "").unicodeScalars.filter { $0.properties.generalCategory != .control }.map(Character.init))
            .trimmedWhitespace
        return contact.isEmpty ? "campaign (advocacy campaign engine)" : "campaign (advocacy campaign engine; contact: \(contact))"
    }

    /// The geocoder these settings describe, behind a `CachingGeocoder`;
    /// nil for `.none`.
    public func makeGeocoder(clock: Clock = .live) -> (any Geocoder)? {
        switch service {
        case .none:
            return nil
        case .census:
            return CachingGeocoder(CensusGeocoder(baseURL: url, timeout: timeout, userAgent: userAgent), clock: clock)
        case .nominatim:
            return CachingGeocoder(NominatimGeocoder(baseURL: url, userAgent: userAgent, timeout: timeout, clock: clock), clock: clock)
        }
    }
}
