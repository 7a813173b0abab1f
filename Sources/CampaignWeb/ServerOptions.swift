import ArgumentParsing
import Campaign

/// The options of `campaign-server`, declared as specs like the `campaign`
/// commands' and parsed by the same parser into a `Configuration`: each
/// option falls back on its `CAMPAIGN_…` variable, then on the
/// configuration's default. `--help` is rendered from the same specs.
public enum ServerOptions {
    private static let defaults = Configuration()

    static let port = Option<Int>(name: "port", default: defaults.port, valueName: "port", check: .range(0...65535),
                                  environment: "CAMPAIGN_PORT", help: "Port to listen on; 0 picks a free one.")
    static let bind = Option<String>(name: "bind", default: defaults.bind, valueName: "address", check: .nonEmpty("an address"),
                                     environment: "CAMPAIGN_BIND", help: "IPv4 address to bind.")
    static let database = Option<String>(name: "db", default: defaults.databasePath, valueName: "path|url", check: .nonEmpty("a file name or a postgres:// URL"),
                                         environment: "CAMPAIGN_DB", help: "Database file, or a PostgreSQL URL (postgres://user@host/database) that several servers share.")
    static let data = Option<String>(name: "data", default: defaults.dataFolder, valueName: "folder", check: .nonEmpty("a folder"),
                                     environment: "CAMPAIGN_DATA", help: "Demo data for an empty database.")
    static let templates = Option<String?>(name: "templates", valueName: "folder", check: .nonEmpty("a folder"), environment: "CAMPAIGN_TEMPLATES",
                                           help: "Your own templates, laid over the built-in ones (found beside the binary); read again when they change, or on SIGHUP.")
    static let baseURL = Option<String?>(name: "base-url", valueName: "url", check: .nonEmpty("an address"), environment: "CAMPAIGN_BASE_URL",
                                         help: "The public address, for share links, mail and the origin forms are posted from (default: http://BIND:PORT).")
    static let trustProxy = Flag(name: "trust-proxy", environment: "CAMPAIGN_TRUST_PROXY",
                                 help: "Believe X-Forwarded-For and X-Forwarded-Proto from the proxy in front.")
    static let threads = Option<Int>(name: "threads", default: defaults.threads, valueName: "count", check: .range(1...256),
                                     environment: "CAMPAIGN_THREADS", help: "HTTP threads.")
    static let signLimit = Option<Int>(name: "sign-limit", default: defaults.signLimit, valueName: "count", check: .range(1...1_000_000),
                                       environment: "CAMPAIGN_SIGN_LIMIT", help: "Signatures per client (an IPv4 address, an IPv6 /64) per hour before they are kept as suspect.")
    static let callLimit = Option<Int>(name: "call-limit", default: defaults.callLimit, valueName: "count", check: .range(1...1_000_000),
                                       environment: "CAMPAIGN_CALL_LIMIT", help: "Call reports per client (an IPv4 address, an IPv6 /64) per hour before they are kept as suspect.")

    static let digestEvery = Option<CalendarDuration?>(name: "digest-every", valueName: "duration", environment: "CAMPAIGN_DIGEST_EVERY",
                                                       help: "Queue and send the digests of live campaigns this often: 24h, 12h, 30m (minutes), 1w, 1mo (a calendar month).")

    static let options: [any ArgumentSpec] = [port, bind, database, data, templates, baseURL, trustProxy, threads, signLimit, callLimit]
    static let mailOptions: [any ArgumentSpec] = MailArguments.all + [digestEvery]

    /// `campaign-server --help`.
    public static var help: String {
        CommandHelp(commandPath: ["campaign-server"], abstract: "Serve published campaigns to supporters.",
                    discussion: """
                        On a database with no directory yet, loads the demo data (officials, districts, sample campaigns) first. \
                        Logs one line per request on standard error: method, path, status, duration. Durations are a whole \
                        number and a unit: s, m (minutes), h, d, w, mo (months) or y.
                        """,
                    arguments: options,
                    sections: [.init(title: "MAIL (without --smtp-url, messages wait in the outbox)", arguments: mailOptions),
                               .init(title: "STREET ADDRESSES (to find a district a ZIP code leaves open)",
                                     arguments: GeocoderArguments.all)]).rendered()
    }

    /// Whether the command line asks for help rather than a server.
    public static func asksForHelp(_ arguments: [String]) -> Bool { ParsedArguments.asksForHelp(arguments) }

    /// The configuration the command line and `environment` give; a value
    /// that does not fit is a `UsageError` naming its option (or variable).
    public static func parse(_ arguments: [String], environment: [String: String]) throws(UsageError) -> Configuration {
        let parsed = try ParsedArguments(arguments, specs: options + mailOptions + GeocoderArguments.all, commandPath: "campaign-server", environment: environment)
        var configuration = Configuration()
        configuration.port = try parsed[port]
        configuration.bind = try parsed[bind]
        configuration.databasePath = try parsed[database]
        configuration.dataFolder = try parsed[data]
        configuration.templates = BuiltInTemplates.folder() ?? defaults.templates
        if let older = environment["CAMPAIGN_CUSTOM_TEMPLATES"], !older.isEmpty, !parsed.isGiven(templates) {
            // Settings written for earlier releases, where CAMPAIGN_TEMPLATES
            // named the built-in folder and this variable the organizer's.
            configuration.customTemplates = older
            if let builtIn = environment["CAMPAIGN_TEMPLATES"], !builtIn.isEmpty { configuration.templates = builtIn }
        } else {
            configuration.customTemplates = try parsed[templates]
        }
        configuration.threads = try parsed[threads]
        configuration.signLimit = try parsed[signLimit]
        configuration.callLimit = try parsed[callLimit]
        configuration.trustProxy = try parsed[trustProxy]
        if let given = try parsed[baseURL] {
            configuration.baseURL = given.hasSuffix("/") ? String(given.dropLast()) : given
            configuration.baseURLIsGiven = true
        } else {
            configuration.baseURL = "http://\(configuration.bind):\(configuration.port)"
        }
        configuration.mailFrom = try parsed[MailArguments.mailFrom]
        configuration.replyTo = try parsed[MailArguments.replyTo]
        configuration.digestEvery = try parsed[digestEvery]
        configuration.geocoder = try GeocoderArguments.configuration(parsed)
        do {
            configuration.smtp = try MailArguments.smtp(parsed)
        } catch let error as UsageError {
            throw error
        } catch {
            throw UsageError("\(error)", commandPath: "campaign-server")
        }
        return configuration
    }
}
