import ArgumentParsing

/// The geocoder options that `campaign-server` and `campaign` commands can
/// share: which service, where it is, how long to wait for it, and who to
/// tell its operators about.
public enum GeocoderArguments {
    public static let service = Option<GeocoderConfiguration.Service>(
        name: "geocoder", default: .none, valueName: "service", environment: "CAMPAIGN_GEOCODER",
        help: "Street-address geocoder that finds a signer's district: census (US Census Bureau), nominatim (OpenStreetMap) or none.")
    public static let url = Option<String?>(
        name: "geocoder-url", valueName: "url", check: webAddress, environment: "CAMPAIGN_GEOCODER_URL",
        help: "The geocoder's address, such as your own Nominatim (default: the service's public one).")
    public static let timeout = Option<Double>(
        name: "geocoder-timeout", default: GeocoderConfiguration.defaultTimeout, valueName: "seconds", check: seconds,
        environment: "CAMPAIGN_GEOCODER_TIMEOUT", help: "How long to wait for the geocoder before falling back on the ZIP code.")
    public static let contact = Option<String?>(
        name: "geocoder-contact", valueName: "contact", check: oneLine, environment: "CAMPAIGN_GEOCODER_CONTACT",
        help: "An e-mail address or web page sent in the User-Agent; the public Nominatim requires one.")

    /// All of them, in help order.
    public static let all: [any ArgumentSpec] = [service, url, timeout, contact]

    private static let webAddress = ValueCheck<String>(expected: "expected an http:// or https:// address with a host") {
        GeocoderConfiguration.isWebAddress($0)
    }
    private static let seconds = ValueCheck<Double>(expected: "expected a number of seconds from 0.1 to 60") { (0.1...60).contains($0) }
    private static let oneLine = ValueCheck<String>(expected: "expected an e-mail address or web page on one line") {
        !$0.trimmedWhitespace.isEmpty && !$0.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// The configuration the options and their variables give; errors
    /// are usage errors naming the options.
    public static func configuration(_ arguments: ParsedArguments) throws(UsageError) -> GeocoderConfiguration {
        let chosen = try arguments[Self.service]
        let address = try arguments[Self.url]
        let seconds = try arguments[Self.timeout]
        let reachable = try arguments[Self.contact]
        do {
            return try GeocoderConfiguration(service: chosen, url: address, timeout: seconds, contact: reachable)
        } catch {
            throw UsageError("\(error)", commandPath: arguments.commandPath)
        }
    }
}

extension GeocoderConfiguration.Service: ExpressibleByArgument {}
