import Campaign
import CampaignWeb
import Foundation

/// Reads `Configuration` from flags (`--name value` or `--name=value`) and
/// environment variables (`CAMPAIGN_NAME`); flags win.
enum ServerOptions {
    static let usage = """
        OVERVIEW: Serve published campaigns to supporters.

        On a database with no directory yet, loads the demo data (officials,
        districts, sample campaigns) first. Logs one line per request on
        standard error: method, path, status, duration.

        USAGE: campaign-server [options]

        OPTIONS:
          --port <port>           Port to listen on; 0 picks a free one (default: 8080, $CAMPAIGN_PORT).
          --bind <address>        IPv4 address to bind (default: 127.0.0.1, $CAMPAIGN_BIND).
          --db <path>             Database file (default: campaign.sqlite, $CAMPAIGN_DB).
          --data <folder>         Demo data for an empty database (default: data, $CAMPAIGN_DATA).
          --templates <folder>    Your own templates, searched before the built-in ones ($CAMPAIGN_CUSTOM_TEMPLATES).
          --base-url <url>        The public address, for share links (default: http://BIND:PORT, $CAMPAIGN_BASE_URL).
          --trust-proxy           Believe X-Forwarded-For and X-Forwarded-Proto from the proxy in front ($CAMPAIGN_TRUST_PROXY=1).
          --threads <count>       HTTP threads (default: 4).
          --sign-limit <count>    Signatures per address per hour before they are kept as suspect (default: 10).
          --call-limit <count>    Call reports per address per hour before they are kept as suspect (default: 60).

        MAIL (without --smtp-url, messages wait in the outbox):
          --smtp-url <url>        smtp://host:port or smtps://host:port ($CAMPAIGN_SMTP_URL).
          --smtp-user <name>      SMTP user ($CAMPAIGN_SMTP_USER); the password comes from
                                  $CAMPAIGN_SMTP_PASSWORD or the file in --smtp-password-file ($CAMPAIGN_SMTP_PASSWORD_FILE).
          --smtp-tls <policy>     STARTTLS for smtp://: required, try or none (default: try, $CAMPAIGN_SMTP_TLS).
          --mail-from <address>   Sender, "Name <address>" (default: no-reply at the base URL's host, $CAMPAIGN_MAIL_FROM).
          --reply-to <address>    Where replies go ($CAMPAIGN_REPLY_TO).
          --digest-every <time>   Queue and send the digests of live campaigns this often: 24h, 12h, 30m ($CAMPAIGN_DIGEST_EVERY).
          -h, --help              Show help information.
        """

    static let valued = Set(["port", "bind", "db", "data", "templates", "base-url", "threads", "sign-limit", "call-limit",
                             "mail-from", "reply-to", "digest-every"] + SMTPConfiguration.flagNames)

    static func parse(_ arguments: [String], environment: [String: String]) throws -> Configuration {
        var given: [String: String] = [:]
        var flags: Set<String> = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--") else { throw UsageFailure("Unexpected argument '\(argument)'.") }
            let parts = argument.dropFirst(2).split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts[0]
            if name == "trust-proxy" && parts.count == 1 { flags.insert(name); continue }
            guard valued.contains(name) else { throw UsageFailure("Unknown option '--\(name)'.") }
            if parts.count == 2 { given[name] = parts[1] } else {
                guard index < arguments.count else { throw UsageFailure("Missing value for '--\(name)'.") }
                given[name] = arguments[index]
                index += 1
            }
        }
        func value(_ name: String) -> String? {
            given[name] ?? environment["CAMPAIGN_" + name.uppercased().replacingOccurrences(of: "-", with: "_")]
        }
        func number(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
            guard let text = value(name) else { return nil }
            guard let number = Int(text), range.contains(number) else {
                throw UsageFailure("Invalid value '\(text)' for '--\(name)': expected a whole number from \(range.lowerBound) to \(range.upperBound).")
            }
            return number
        }
        var configuration = Configuration()
        if let port = try number("port", in: 0...65535) { configuration.port = port }
        if let bind = value("bind") { configuration.bind = bind }
        if let db = value("db") { configuration.databasePath = db }
        if let data = value("data") { configuration.dataFolder = data }
        if let templates = given["templates"] ?? environment["CAMPAIGN_CUSTOM_TEMPLATES"] { configuration.customTemplates = templates }
        if let builtIn = environment["CAMPAIGN_TEMPLATES"] { configuration.templates = builtIn }
        if let threads = try number("threads", in: 1...256) { configuration.threads = threads }
        if let limit = try number("sign-limit", in: 1...1_000_000) { configuration.signLimit = limit }
        if let limit = try number("call-limit", in: 1...1_000_000) { configuration.callLimit = limit }
        configuration.trustProxy = flags.contains("trust-proxy") || ["1", "true", "yes"].contains(environment["CAMPAIGN_TRUST_PROXY"]?.lowercased() ?? "")
        configuration.baseURL = value("base-url").map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            ?? "http://\(configuration.bind):\(configuration.port)"
        configuration.mailFrom = value("mail-from")
        configuration.replyTo = value("reply-to")
        for (name, text) in [("mail-from", configuration.mailFrom), ("reply-to", configuration.replyTo)] {
            if let text, (try? MailAddress(parsing: text)) == nil {
                throw UsageFailure("Invalid value '\(text)' for '--\(name)': expected an address like \"Campaign <act@example.org>\".")
            }
        }
        do {
            configuration.smtp = try SMTPConfiguration.resolve(flags: given.filter { SMTPConfiguration.flagNames.contains($0.key) }, environment: environment)
            configuration.digestInterval = try value("digest-every").map { try DurationText.seconds($0, option: "--digest-every") }
        } catch {
            throw UsageFailure("\(error)")
        }
        return configuration
    }

    /// A command line that does not fit: exit status 64.
    struct UsageFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
