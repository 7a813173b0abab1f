import ArgumentParsing
import Foundation
import Testing
@testable import Campaign

/// `--geocoder`, `--geocoder-url`, `--geocoder-timeout`, `--geocoder-contact`
/// and their variables, read into a `GeocoderConfiguration`.
@Suite struct GeocoderConfigurationTests {
    static func parse(_ arguments: [String], environment: [String: String] = [:]) throws(UsageError) -> GeocoderConfiguration {
        let parsed = try ParsedArguments(arguments, specs: GeocoderArguments.all, commandPath: "campaign-server", environment: environment)
        return try GeocoderArguments.configuration(parsed)
    }

    static func failure(_ arguments: [String], environment: [String: String] = [:]) -> String? {
        do {
            _ = try parse(arguments, environment: environment)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func noGeocoderUnlessOneIsChosen() throws {
        let configuration = try Self.parse([])
        #expect(configuration == .disabled)
        #expect(configuration.makeGeocoder() == nil)
    }

    @Test func censusDefaultsToTheBureausServiceAndTwoSeconds() throws {
        let configuration = try Self.parse(["--geocoder", "census"])
        #expect(configuration.service == .census)
        #expect(configuration.url == "https://geocoding.geo.census.gov")
        #expect(configuration.timeout == 2)
        let geocoder = try #require(configuration.makeGeocoder() as? CachingGeocoder)
        #expect(geocoder.underlying is CensusGeocoder)
    }

    @Test func theVariablesStandInForTheOptions() throws {
        let configuration = try Self.parse([], environment: ["CAMPAIGN_GEOCODER": "nominatim", "CAMPAIGN_GEOCODER_URL": "http://127.0.0.1:8088",
                                                             "CAMPAIGN_GEOCODER_TIMEOUT": "0.5"])
        #expect(configuration.service == .nominatim)
        #expect(configuration.url == "http://127.0.0.1:8088")
        #expect(configuration.timeout == 0.5)
        #expect(configuration.contact == nil, "your own instance needs no contact")
        let geocoder = try #require(configuration.makeGeocoder() as? CachingGeocoder)
        #expect((geocoder.underlying as? NominatimGeocoder)?.requestInterval == 0)
    }

    @Test func thePublicNominatimNeedsAContactAndKeepsToItsRate() throws {
        #expect(Self.failure(["--geocoder", "nominatim"]) == "--geocoder nominatim asks the public instance at https://nominatim.openstreetmap.org, "
            + "whose usage policy wants a way to reach you: give --geocoder-contact (an e-mail address or web page), "
            + "or --geocoder-url for your own instance")
        let configuration = try Self.parse(["--geocoder", "nominatim", "--geocoder-contact", "ops@example.org"])
        #expect(configuration.url == "https://nominatim.openstreetmap.org")
        #expect(configuration.userAgent == "campaign (advocacy campaign engine; contact: ops@example.org)")
        let geocoder = try #require(configuration.makeGeocoder() as? CachingGeocoder)
        #expect((geocoder.underlying as? NominatimGeocoder)?.requestInterval == 1)
    }

    @Test func refusesWhatDoesNotFitNamingTheOption() {
        #expect(Self.failure(["--geocoder", "google"]) == "Invalid value 'google' for '--geocoder': expected one of census, nominatim, none.")
        #expect(Self.failure(["--geocoder", "census", "--geocoder-url", "file:///etc/passwd"])
            == "Invalid value 'file:///etc/passwd' for '--geocoder-url': expected an http:// or https:// address with a host.")
        #expect(Self.failure(["--geocoder", "census", "--geocoder-timeout", "0"])
            == "Invalid value '0' for '--geocoder-timeout': expected a number of seconds from 0.1 to 60.")
        #expect(Self.failure([], environment: ["CAMPAIGN_GEOCODER_TIMEOUT": "soon"])
            == "Invalid value 'soon' for '--geocoder-timeout' (from CAMPAIGN_GEOCODER_TIMEOUT): expected a number of seconds from 0.1 to 60.")
        #expect(Self.failure(["--geocoder-url", "http://127.0.0.1:8088"])
            == "--geocoder-url needs a geocoder: give --geocoder census or --geocoder nominatim")
        #expect(Self.failure(["--geocoder", "nominatim", "--geocoder-contact", "ops@example.org\r\nX-Injected: 1"])
            == "Invalid value 'ops@example.org\r\nX-Injected: 1' for '--geocoder-contact': expected an e-mail address or web page on one line.")
    }

    @Test func theUserAgentCannotCarryALineBreak() {
        #expect(GeocoderConfiguration.userAgent(contact: "ops@example.org\r\nX-Injected: 1") == "campaign (advocacy campaign engine; contact: ops@example.orgX-Injected: 1)")
        #expect(GeocoderConfiguration.userAgent(contact: nil) == "campaign (advocacy campaign engine)")
    }
}
