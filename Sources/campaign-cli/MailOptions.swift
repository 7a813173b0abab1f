import Campaign
import Foundation

/// The options of commands that send mail: the templates, the SMTP server,
/// the sender and the public address links point to. Each but the templates
/// has an environment variable.
struct MailOptions {
    static let specs: [ArgumentSpec] = [
        CampaignFiles.templateOption,
        .option("smtp-url", "url", help: "smtp://host:port or smtps://host:port ($CAMPAIGN_SMTP_URL)."),
        .option("smtp-user", "name", help: "SMTP user ($CAMPAIGN_SMTP_USER); the password is $CAMPAIGN_SMTP_PASSWORD or the file in --smtp-password-file."),
        .option("smtp-password-file", "path", help: "A file holding the SMTP password ($CAMPAIGN_SMTP_PASSWORD_FILE)."),
        .option("smtp-tls", "policy", help: "STARTTLS for smtp://: required, try or none (default: try, $CAMPAIGN_SMTP_TLS)."),
        .option("mail-from", "address", help: "Sender, \"Name <address>\" (default: no-reply at the base URL's host, $CAMPAIGN_MAIL_FROM)."),
        .option("reply-to", "address", help: "Where replies go ($CAMPAIGN_REPLY_TO)."),
        .option("base-url", "url", help: "The site's public address, for links in mail (default: http://127.0.0.1:8080, $CAMPAIGN_BASE_URL)."),
    ]

    let smtp: SMTPConfiguration?
    let settings: MailSettings
    /// The mail templates and catalogs.
    let files: CampaignFiles

    init(_ arguments: ParsedArguments) throws {
        files = CampaignFiles(arguments)
        let environment = ProcessInfo.processInfo.environment
        var flags: [String: String] = [:]
        for name in SMTPConfiguration.flagNames { if let value = arguments.option(name) { flags[name] = value } }
        smtp = try SMTPConfiguration.resolve(flags: flags, environment: environment)
        func value(_ name: String) -> String? {
            arguments.option(name) ?? environment["CAMPAIGN_" + name.uppercased().replacingOccurrences(of: "-", with: "_")].flatMap { $0.isEmpty ? nil : $0 }
        }
        let base = value("base-url") ?? "http://127.0.0.1:8080"
        guard base.hasPrefix("http://") || base.hasPrefix("https://") else { throw InputError("--base-url \(base): expected an http:// or https:// address") }
        func address(_ name: String) throws -> MailAddress? {
            guard let text = value(name) else { return nil }
            do { return try MailAddress(parsing: text) } catch { throw InputError("--\(name) \(text): expected an address like \"Campaign <act@example.org>\"") }
        }
        let from = try address("mail-from") ?? MailAddress(address: MailSettings.defaultSender(baseURL: base))
        settings = MailSettings(from: from, replyTo: try address("reply-to"), baseURL: base)
    }

    /// The configured SMTP server, or an error saying how to give one.
    func requireSMTP() throws -> SMTPConfiguration {
        guard let smtp else { throw InputError("no SMTP server: give --smtp-url or set CAMPAIGN_SMTP_URL (messages stay queued in the outbox)") }
        return smtp
    }

    /// Writes messages from the templates with these settings.
    func composer() throws -> MailComposer {
        MailComposer(settings: settings, localizer: try files.localizer(), library: files.library())
    }

    /// Sends what is due in the outbox and says what happened. Drafts (the
    /// site's confirmation mail) are written from the templates.
    func drain(_ pool: DatabasePool, _ smtp: SMTPConfiguration, _ context: CommandContext) -> OutboxSender.Report {
        let composer = try? composer()
        let report = OutboxSender(pool: pool, configuration: smtp, composer: { composer }).drain()
        var line = "Outbox: \(report.sent) sent, \(report.retrying) to retry later, \(report.failed) failed"
        if report.recovered > 0 { line += ", \(report.recovered) put back after an interrupted send" }
        context.errors.line(line + ".")
        if let reason = report.stoppedBy { context.errors.line("Stopped: \(reason). Queued messages go on the next send.") }
        return report
    }
}
