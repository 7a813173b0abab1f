import ArgumentParsing
import Campaign
import Foundation

/// `campaign digest`: progress mail for organizers and targets.
struct DigestCommand: CommandGroup {
    static let name = "digest"
    static let abstract = "Preview and send digests: new signatures and calls for organizers, constituents' signatures for targets."
    static let discussion = """
        A digest covers what happened since the previous one for the same reader, and records its window when it is queued, \
        so running it again after a crash neither skips nor repeats a signature. Targets get digests only from campaigns \
        whose campaign.toml says [digest] officials = true.
        """
    static var subcommands: [any Command.Type] { [DigestPreviewCommand.self, DigestSendCommand.self] }
}

struct DigestPreviewCommand: Command {
    static let name = "preview"
    static let abstract = "Print the next digest for the organizers, or for one official, without recording or sending it."
    static let official = Option<String?>(name: "official", valueName: "id", help: "Preview this official's digest instead of the organizers'.")
    static let language = Option<String?>(name: "lang", valueName: "locale", help: "The digest's language (default: the campaign's).")
    static let arguments: [any ArgumentSpec] = [PublishedCampaigns.slug, official, language] + MailOptions.arguments
    let slug: String
    let official: String?
    let locale: String?
    let mail: MailOptions

    init(_ arguments: ParsedArguments) throws {
        slug = try arguments[PublishedCampaigns.slug]
        official = try arguments[Self.official]
        locale = try arguments[Self.language]
        mail = try MailOptions(arguments)
    }

    func run(_ context: CommandContext) throws {
        let composer = try mail.composer()
        let planner = try DigestPlanner(pool: try context.pool(), composer: composer, locale: locale)
        for plan in try planner.plan(slug: slug, scope: official.map { .official($0) } ?? .organizers, now: context.clock.now()) {
            context.output.line("Subject: " + plan.subject)
            context.output.line()
            context.output.write(plan.text.replacingOccurrences(of: "\r\n", with: "\n"))
            if let reason = plan.skipped { context.errors.line("Would not be sent: \(reason).") }
        }
    }
}

struct DigestSendCommand: Command {
    static let name = "send"
    static let abstract = "Queue the digests that are due (one campaign, or every live one) and send the outbox."
    static let slug = Positional<String?>(name: "slug", help: "The campaign's slug (default: every live campaign).")
    static let dryRun = Flag(name: "dry-run", help: "Say who would get what, and record and send nothing.")
    static let recipients = Option<[String]>(name: "to", valueName: "address",
                                             help: "Send the organizer digest to these addresses instead of the campaign's [digest] organizers.")
    static let language = Option<String?>(name: "lang", valueName: "locale", help: "The digests' language (default: each campaign's).")
    static let arguments: [any ArgumentSpec] = [slug, dryRun, recipients, language] + MailOptions.arguments
    let slug: String?
    let dryRun: Bool
    let organizers: [MailAddress]?
    let locale: String?
    let mail: MailOptions

    init(_ arguments: ParsedArguments) throws {
        slug = try arguments[Self.slug]
        dryRun = try arguments[Self.dryRun]
        let addresses = try arguments[Self.recipients].map { text in
            do { return try MailAddress(parsing: text) } catch { throw InputError("--to \(text): expected an address like name@example.org") }
        }
        organizers = addresses.isEmpty ? nil : addresses
        locale = try arguments[Self.language]
        mail = try MailOptions(arguments)
    }

    func run(_ context: CommandContext) throws {
        let pool = try context.pool()
        let composer = try mail.composer()
        let planner = try DigestPlanner(pool: pool, composer: composer, locale: locale, organizers: organizers)
        let now = context.clock.now()
        let plans = try planner.plan(slug: slug, now: now)
        let recorded = dryRun ? plans.filter { !$0.messages.isEmpty } : try planner.record(plans, now: now)
        let verb = dryRun ? "would queue" : "queued"
        for plan in plans {
            let who = plan.audience == "organizers" ? "organizers" : "official \(plan.audience)"
            if let reason = plan.skipped {
                context.output.line("\(plan.slug), \(who): nothing to send (\(reason)).")
            } else if recorded.contains(where: { $0.slug == plan.slug && $0.audience == plan.audience }) {
                context.output.line("\(plan.slug), \(who): \(verb) \(plan.messages.count) message\(plan.messages.count == 1 ? "" : "s") — \(plan.newSignatures) new signature\(plan.newSignatures == 1 ? "" : "s"), \(plan.newCalls) call report\(plan.newCalls == 1 ? "" : "s").")
            } else {
                context.output.line("\(plan.slug), \(who): another run recorded this digest first; nothing queued.")
            }
        }
        guard !dryRun else { return }
        mail.noteDefaultLinks(queued: recorded.reduce(0) { $0 + $1.messages.count }, context)
        if let smtp = mail.smtp {
            _ = mail.drain(pool, smtp, context)
        } else {
            context.errors.line("No SMTP server (--smtp-url or CAMPAIGN_SMTP_URL): the messages wait in the outbox.")
        }
    }
}
