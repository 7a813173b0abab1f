import ArgumentParsing
import Campaign
import Foundation

/// The options of commands that send mail: the templates, the SMTP server,
/// the sender and the public address links point to. Each but the templates
/// has an environment variable.
struct MailOptions {
    static let baseURL = Option<String>(name: "base-url", default: "http://127.0.0.1:8080", valueName: "url", environment: "CAMPAIGN_BASE_URL",
                                        help: "The site's public address, for links in mail.")
    static let arguments: [any ArgumentSpec] = [CampaignFiles.templates] + MailArguments.all + [baseURL]

    let smtp: SMTPConfiguration?
    let settings: MailSettings
    /// Whether the links are the default's, neither the command line nor
    /// the environment giving the site's address.
    let linksToDefault: Bool
    /// The mail templates and catalogs.
    let files: CampaignFiles

    init(_ arguments: ParsedArguments) throws {
        files = try CampaignFiles(arguments)
        smtp = try MailArguments.smtp(arguments)
        let base = try arguments[Self.baseURL]
        linksToDefault = !arguments.isGiven(Self.baseURL) && (arguments.environment[Self.baseURL.environment ?? ""] ?? "").isEmpty
        guard base.hasPrefix("http://") || base.hasPrefix("https://") else { throw InputError("--base-url \(base): expected an http:// or https:// address") }
        let from = try MailArguments.address(MailArguments.mailFrom, in: arguments) ?? MailAddress(address: MailSettings.defaultSender(baseURL: base))
        settings = MailSettings(from: from, replyTo: try MailArguments.address(MailArguments.replyTo, in: arguments), baseURL: base)
    }

    /// Says on standard error that `count` messages just queued, written
    /// whole, link to the default address rather than the site's.
    func noteDefaultLinks(queued count: Int, _ context: CommandContext) {
        guard linksToDefault, count > 0 else { return }
        context.errors.line("Note: the \(count == 1 ? "message links" : "messages link") to \(settings.baseURL), the default; "
                            + "give --base-url (or CAMPAIGN_BASE_URL) with the site's public address.")
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

    /// Sends what is due in the outbox and says what happened, and what
    /// still waits. Drafts (the site's confirmation mail) are written from
    /// the templates.
    func drain(_ pool: DatabasePool, _ smtp: SMTPConfiguration, _ context: CommandContext) -> OutboxSender.Report {
        let composer = try? composer()
        let report = OutboxSender(pool: pool, configuration: smtp, composer: { composer }, clock: context.clock).drain()
        var line = "Outbox: \(report.sent) sent, \(report.retrying) to retry later, \(report.failed) failed"
        if report.recovered > 0 { line += ", \(report.recovered) put back after an interrupted send" }
        if report.released > 0 {
            line += "; \(report.released) message\(report.released == 1 ? "" : "s") that waited for the SMTP server "
                + (report.released == 1 ? "was" : "were") + " tried as soon as it answered again"
        }
        context.errors.line(line + ".")
        if let reason = report.stoppedBy ?? report.stillUnreachable {
            context.errors.line("Stopped: \(reason). The messages waiting for the server go once it answers again, on the next send.")
        } else if let deferred = try? pool.read({ db in try OutboxStore.deferred(at: context.clock.now(), db) }), deferred.count > 0 {
            context.errors.line("\(deferred.count) message\(deferred.count == 1 ? "" : "s") wait\(deferred.count == 1 ? "s" : "") to retry after a temporary failure, "
                + "the next at \(deferred.next ?? "?"); `campaign outbox send --now` sends \(deferred.count == 1 ? "it" : "them") now.")
        }
        return report
    }
}
