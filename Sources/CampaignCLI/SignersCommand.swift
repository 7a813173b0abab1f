import ArgumentParsing
import Campaign
import Foundation

/// `campaign signers`: what is stored about one person, for privacy requests.
struct SignersCommand: CommandGroup {
    static let name = "signers"
    static let abstract = "Answer a person's privacy request: show everything stored about them, or erase it."
    static var subcommands: [any Command.Type] { [Find.self, Forget.self] }

    /// The address a request is about.
    static let email = Option<String>(name: "email", valueName: "address", check: .nonEmpty("an e-mail address"),
                                      help: "Their e-mail address; dots and +tags of a Gmail address do not matter, as when signing.")

    static func checkAddress(_ address: String, commandPath: String) throws {
        guard address.contains("@") else { throw UsageError("--email: '\(address)' is not an e-mail address (it has no @).", commandPath: commandPath) }
    }

    /// `campaign signers find --email ADDR [--format csv|json]`.
    struct Find: Command {
        static let name = "find"
        static let abstract = "Show everything stored about the person with an e-mail address, across campaigns (an access request)."
        static let discussion = """
            Lists each of their signatures with every value stored (name, public name, address, ZIP code and districts, \
            reason, language, state, dates, consents with when updates were agreed to and withdrawn) and each message \
            addressed to them in the outbox (kind, subject, state, dates). Call reports name no caller, so none are listed. \
            CSV has one row per value (record, campaign, id, field, value); JSON an object with "signatures" and "mail".
            """
        enum Format: String, CaseIterable, ExpressibleByArgument { case csv, json }
        static let format = Option<Format>(name: "format", default: .csv, valueName: "format", help: "CSV or JSON.")
        static let arguments: [any ArgumentSpec] = [SignersCommand.email, format]
        let email: String
        let format: Format

        init(_ arguments: ParsedArguments) throws {
            email = try arguments[SignersCommand.email]
            format = try arguments[Self.format]
        }

        func validate() throws { try SignersCommand.checkAddress(email, commandPath: "campaign signers find") }

        func run(_ context: CommandContext) throws {
            let records = try SignerRecords.find(email: email, pool: context.pool())
            context.output.write(format == .csv ? records.csv() : records.json() + "\n")
            let signatures = records.signatures.count, messages = records.messages.count
            context.errors.line(records.isEmpty ? "Nothing is stored about that address."
                : "\(signatures) signature\(signatures == 1 ? "" : "s") and \(messages) message\(messages == 1 ? "" : "s") stored about that address.")
        }
    }

    /// `campaign signers forget --email ADDR`.
    struct Forget: Command {
        static let name = "forget"
        static let abstract = "Erase the personal data of the person with an e-mail address, in every campaign; the counts stay."
        static let discussion = """
            In one transaction, each of their signatures loses its name, public name, e-mail address, reason and links \
            (confirmation and unsubscribe); its ZIP code and districts stay, with its place in the counts, so totals, \
            per-district counts and packets add up as before without naming them. Mail addressed to them leaves the \
            outbox, queued or sent; digests that listed them lose their body (one not yet sent is withdrawn). Their \
            consent history (when given, when withdrawn) stays on the erased rows. The erasure is recorded with its \
            counts, never the address. On SQLite the freed bytes are overwritten and the WAL emptied, so a backup made \
            afterwards holds nothing of them; backups made before still do.
            """
        static let arguments: [any ArgumentSpec] = [SignersCommand.email]
        let email: String

        init(_ arguments: ParsedArguments) throws { email = try arguments[SignersCommand.email] }

        func validate() throws { try SignersCommand.checkAddress(email, commandPath: "campaign signers forget") }

        func run(_ context: CommandContext) throws {
            let outcome = try SignerErasure.forget(email: email, pool: context.pool(), at: context.clock.now())
            context.output.line(SignersCommand.summary(outcome, nothing: "Nothing was stored about that address; nothing erased."))
            SignersCommand.log(outcome, cause: "request", context)
        }
    }

    /// "Erased 2 signatures (a: 1, b: 1), 3 messages and 1 digest; the counts stay as they were."
    static func summary(_ outcome: SignerErasure.Outcome, nothing: String) -> String {
        if outcome.signatures + outcome.messages + outcome.digests == 0 { return nothing }
        let places = campaigns(outcome)
        return "Erased \(count(outcome.signatures, "signature"))\(places.isEmpty ? "" : " (\(places))"), "
            + "\(count(outcome.messages, "message")) and \(count(outcome.digests, "digest")); the counts stay as they were."
    }

    /// The log line of an erasure on standard error: what and where, never whose.
    static func log(_ outcome: SignerErasure.Outcome, cause: String, _ context: CommandContext) {
        guard outcome.signatures + outcome.messages + outcome.digests > 0 else { return }
        let places = campaigns(outcome)
        context.errors.line("erasure (\(cause)): \(count(outcome.signatures, "signature")), \(count(outcome.messages, "message")), "
                            + count(outcome.digests, "digest") + (places.isEmpty ? "" : " in " + places))
    }

    /// "3 messages", "1 digest".
    private static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

    /// "a: 1, b: 1": signatures erased per campaign.
    private static func campaigns(_ outcome: SignerErasure.Outcome) -> String {
        outcome.perCampaign.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
    }
}

/// `campaign purge [SLUG] [--dry-run]`.
struct PurgeCommand: Command {
    static let name = "purge"
    static let abstract = "Erase the personal data of signers of campaigns closed longer than their retain_days_after_close."
    static let discussion = """
        A campaign with retain_days_after_close = N in campaign.toml keeps its signers' names, e-mail addresses and \
        reasons until N days after it closed (`campaign close`, or status = "closed"); from then on this erases them as \
        `campaign signers forget` does, keeping the counts. Campaigns still open, without the key, or not yet due are \
        left alone and listed with their date. Run it daily (cron); --dry-run says what it would erase and writes nothing.
        """
    static let slug = Positional<String?>(name: "slug", help: "Only this campaign (default: every published campaign).")
    static let dryRun = Flag(name: "dry-run", help: "Say what would be erased; write nothing.")
    static let arguments: [any ArgumentSpec] = [slug, dryRun]
    let slug: String?
    let dryRun: Bool

    init(_ arguments: ParsedArguments) throws {
        slug = try arguments[Self.slug]
        dryRun = try arguments[Self.dryRun]
    }

    func run(_ context: CommandContext) throws {
        let pool = try context.pool()
        let now = context.clock.now()
        let campaigns = try RetentionPurge.campaigns(slug: slug, pool: pool)
        if let slug, campaigns.isEmpty { throw InputError("no published campaign '\(slug)' (see `campaign list`)") }
        func day(_ date: Date) -> String { String(CampaignStore.timestamp(date).prefix(10)) }
        func signatures(_ count: Int) -> String { "\(count) signature\(count == 1 ? "" : "s")" }
        var due: [RetentionPurge.Campaign] = []
        for campaign in campaigns {
            guard let days = campaign.retainDays else {
                if slug != nil { context.output.line("\(campaign.slug): no retain_days_after_close; its signers' data is kept.") }
                continue
            }
            guard let closedAt = campaign.closedAt, let eraseFrom = campaign.eraseFrom else {
                context.output.line("\(campaign.slug): \(campaign.status.rawValue); kept until \(days) days after it closes.")
                continue
            }
            let closed = "closed \(day(closedAt)), kept \(days) days"
            if campaign.isDue(at: now) {
                due.append(campaign)
                context.output.line("\(campaign.slug): \(closed): \(dryRun ? "would erase" : "erasing") \(signatures(campaign.unerased)).")
            } else if eraseFrom <= now {
                context.output.line("\(campaign.slug): \(closed): nothing left to erase.")
            } else {
                // Counted are the signatures whose personal data is still stored, not all the campaign counts.
                context.output.line("\(campaign.slug): \(closed): erased from \(day(eraseFrom)) (\(signatures(campaign.unerased)) with personal data).")
            }
        }
        if dryRun {
            context.output.line("Dry run: nothing was written.")
            return
        }
        guard !due.isEmpty else { return }
        let outcome = try RetentionPurge.purge(due, pool: pool, at: now)
        context.output.line(SignersCommand.summary(outcome, nothing: "Nothing erased."))
        SignersCommand.log(outcome, cause: "retention", context)
    }
}
