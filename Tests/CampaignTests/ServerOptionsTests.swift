import ArgumentParsing
import Campaign
@testable import CampaignWeb
import Foundation
import Testing

/// `campaign-server`'s options: the same parser and help as the `campaign`
/// commands, with each option's `CAMPAIGN_…` variable as its fallback.
@Suite struct ServerOptionsTests {
    func failure(_ arguments: [String], environment: [String: String] = [:]) -> String? {
        do {
            _ = try ServerOptions.parse(arguments, environment: environment)
            return nil
        } catch {
            #expect(error.commandPath == "campaign-server")
            return error.description
        }
    }

    @Test func leftOutOptionsKeepTheConfigurationsDefaults() throws {
        let configuration = try ServerOptions.parse([], environment: [:])
        let defaults = Configuration()
        #expect(configuration.port == defaults.port)
        #expect(configuration.bind == defaults.bind)
        #expect(configuration.databasePath == defaults.databasePath)
        #expect(configuration.threads == defaults.threads)
        #expect(configuration.signLimit == defaults.signLimit && configuration.callLimit == defaults.callLimit)
        #expect(configuration.baseURL == "http://127.0.0.1:8080")
        #expect(!configuration.baseURLIsGiven)
        #expect(!configuration.trustProxy)
        #expect(configuration.digestEvery == nil)
        #expect(configuration.smtp == nil)
    }

    @Test func readsFlagsEitherWayAndTheirVariables() throws {
        let configuration = try ServerOptions.parse(
            ["--port=9090", "--bind", "0.0.0.0", "--base-url", "https://act.example.org/", "--digest-every", "12h", "--threads=8"],
            environment: ["CAMPAIGN_PORT": "1", "CAMPAIGN_DB": "/var/lib/c.sqlite", "CAMPAIGN_TRUST_PROXY": "1", "CAMPAIGN_SIGN_LIMIT": "20",
                          "CAMPAIGN_CUSTOM_TEMPLATES": "/etc/t", "CAMPAIGN_TEMPLATES": "/opt/t", "CAMPAIGN_MAIL_FROM": "Act <act@example.org>"])
        #expect(configuration.port == 9090, "a flag wins over its variable")
        #expect(configuration.bind == "0.0.0.0")
        #expect(configuration.databasePath == "/var/lib/c.sqlite")
        #expect(configuration.baseURL == "https://act.example.org")
        #expect(configuration.baseURLIsGiven)
        #expect(configuration.digestEvery == .hours(12))
        #expect(configuration.threads == 8)
        #expect(configuration.signLimit == 20)
        #expect(configuration.trustProxy)
        #expect(configuration.customTemplates == "/etc/t")
        #expect(configuration.templates == "/opt/t")
        #expect(configuration.mailFrom == "Act <act@example.org>")
        #expect(try ServerOptions.parse(["--port", "0", "--bind", "10.0.0.1"], environment: [:]).baseURL == "http://10.0.0.1:0")
    }

    @Test func campaignTemplatesIsTheOrganizersFolderAsForTheCLIAndTheBuiltInOnesAreFoundBesideTheBinary() throws {
        let configuration = try ServerOptions.parse([], environment: ["CAMPAIGN_TEMPLATES": "/etc/campaign/templates"])
        #expect(configuration.customTemplates == "/etc/campaign/templates")
        let builtIn = try #require(BuiltInTemplates.folder())
        #expect(configuration.templates == builtIn)
        #expect(FileManager.default.fileExists(atPath: builtIn + "/pages/campaign.html"))
        let flagged = try ServerOptions.parse(["--templates", "/srv/templates"], environment: ["CAMPAIGN_TEMPLATES": "/etc/campaign/templates"])
        #expect(flagged.customTemplates == "/srv/templates", "a flag wins over its variable")
        #expect(try ServerOptions.parse([], environment: [:]).customTemplates == nil)
        #expect(ServerOptions.help.contains("CAMPAIGN_TEMPLATES"))
    }

    @Test func theGeocoderIsChosenByFlagOrVariableAndCheckedAsAWhole() throws {
        #expect(try ServerOptions.parse([], environment: [:]).geocoder == .disabled)
        let census = try ServerOptions.parse(["--geocoder", "census", "--geocoder-timeout", "1.5"], environment: [:]).geocoder
        #expect(census.service == .census && census.url == CensusGeocoder.publicURL && census.timeout == 1.5)
        let own = try ServerOptions.parse([], environment: ["CAMPAIGN_GEOCODER": "nominatim", "CAMPAIGN_GEOCODER_URL": "http://10.0.0.5:8080"]).geocoder
        #expect(own.service == .nominatim && own.url == "http://10.0.0.5:8080")
        #expect(failure(["--geocoder", "nominatim"])?.contains("--geocoder-contact") == true, "the public Nominatim needs a contact")
        #expect(failure(["--geocoder-url", "http://10.0.0.5"])?.contains("--geocoder census or --geocoder nominatim") == true)
        #expect(failure(["--geocoder", "google"])?.contains("--geocoder") == true)
    }

    @Test func digestEveryTakesTheOneDurationGrammar() throws {
        #expect(try ServerOptions.parse(["--digest-every", "30m"], environment: [:]).digestEvery == .minutes(30))
        #expect(try ServerOptions.parse([], environment: ["CAMPAIGN_DIGEST_EVERY": "1mo"]).digestEvery == .months(1))
        #expect(failure(["--digest-every", "30x"]) == "Invalid value '30x' for '--digest-every': \(CalendarDuration.expected).")
        #expect(failure([], environment: ["CAMPAIGN_DIGEST_EVERY": "1.5h"])
            == "Invalid value '1.5h' for '--digest-every' (from CAMPAIGN_DIGEST_EVERY): \(CalendarDuration.expected).")
    }

    @Test func refusesWhatDoesNotFitNamingTheOption() {
        #expect(failure(["--port", "70000"]) == "Invalid value '70000' for '--port': expected a whole number from 0 to 65535.")
        #expect(failure([], environment: ["CAMPAIGN_PORT": "http"])
            == "Invalid value 'http' for '--port' (from CAMPAIGN_PORT): expected a whole number from 0 to 65535.")
        #expect(failure(["--threads", "0"]) == "Invalid value '0' for '--threads': expected a whole number from 1 to 256.")
        #expect(failure(["--mail-from", "nobody"]) == "Invalid value 'nobody' for '--mail-from': expected an address like \"Campaign <act@example.org>\".")
        #expect(failure(["--prot", "1"]) == "Unknown option '--prot'.")
        #expect(failure(["serve"]) == "Unexpected argument 'serve'.")
        #expect(failure(["--trust-proxy=1"]) == "Option '--trust-proxy' takes no value.")
        #expect(failure(["--port"]) == "Missing value for '--port <port>'.")
        #expect(failure([], environment: ["CAMPAIGN_TRUST_PROXY": "maybe"])
            == "Invalid value 'maybe' for '--trust-proxy' (from CAMPAIGN_TRUST_PROXY): expected 1, true or yes, or 0, false or no.")
        #expect(failure(["--smtp-user", "u"])?.hasPrefix("--smtp-user needs an SMTP server") == true)
    }

    @Test func helpComesFromTheSameRenderer() {
        let help = ServerOptions.help
        #expect(help.hasPrefix("OVERVIEW: Serve published campaigns to supporters.\n"))
        #expect(help.contains("USAGE: campaign-server [--port <port>] [--bind <address>]"))
        #expect(help.contains("  --port <port>           Port to listen on; 0 picks a free one (default: 8080;\n                          $CAMPAIGN_PORT).\n"))
        #expect(help.contains("\nMAIL (without --smtp-url, messages wait in the outbox):\n"))
        #expect(help.contains("  --digest-every <duration>\n"))
        #expect(help.contains("  -h, --help              Show help information.\n"))
        #expect(help.split(separator: "\n").allSatisfy { $0.count <= 80 })
        #expect(ServerOptions.asksForHelp(["--port", "1", "-h"]))
    }

    @Test func theBinaryExitsSixtyFourOnABadDuration() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.serverBinary)
        process.arguments = ["--digest-every", "30x", "--db", TestSupport.temporaryDatabasePath()]
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CAMPAIGN_") }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 64)
        #expect(text == "campaign-server: Error: Invalid value '30x' for '--digest-every': \(CalendarDuration.expected).\nHelp:  campaign-server --help\n")
    }
}
