import ArgumentParsing
import Campaign
import Foundation

/// `campaign publish PATH`: store a checked campaign as its next version.
struct PublishCommand: Command {
    static let name = "publish"
    static let abstract = "Check a campaign folder and store it as the campaign's next version."
    static let discussion = """
        Republishing keeps every earlier version; signatures stay with the campaign. A campaign with check errors is not published; \
        warnings, coverage holes among them (see campaign coverage), do not stop it.
        """
    static let arguments = CheckCommand.arguments
    /// The folder and templates, as `check` takes them.
    let check: CheckCommand

    init(_ arguments: ParsedArguments) throws { check = try CheckCommand(arguments) }

    func run(_ context: CommandContext) throws {
        let folder = try CampaignFolder(path: check.path, roles: check.files.roles())
        let pool = try context.pool()
        let errors = try CheckCommand.report(folder, files: check.files, coverageCommand: "campaign coverage \(folder.definition.slug)", context).errors
        if errors > 0 {
            throw CheckCommand.CheckFailed(summary: "\(folder.definition.slug): \(errors) error\(errors == 1 ? "" : "s"); not published")
        }
        let slug = folder.definition.slug
        switch try pool.write({ try CampaignStore.publish(folder, at: context.clock.now(), $0) }) {
        case .published(let version): context.output.line("Published \(slug) as version \(version) (\(folder.definition.status.rawValue)).")
        case .unchanged(let version, let status):
            var line = "\(slug) is unchanged; version \(version) stays current (\(status.rawValue))"
            if status != folder.definition.status {
                // Closing is kept over the same files; a change to them publishes their status.
                line += "; its files say \(folder.definition.status.rawValue): publish a change to them to make it so"
            }
            context.output.line(line + ".")
        }
    }
}

/// `campaign list`: the published campaigns.
struct ListCommand: Command {
    static let name = "list"
    static let abstract = "List published campaigns with their status and version."
    enum Format: String, CaseIterable, ExpressibleByArgument { case table, json }
    static let format = Option<Format>(name: "format", default: .table, valueName: "format", help: "How to print the list.")
    static let arguments: [any ArgumentSpec] = [format]
    let format: Format

    init(_ arguments: ParsedArguments) throws { format = try arguments[Self.format] }

    func run(_ context: CommandContext) throws {
        let campaigns = try context.pool().read { try CampaignStore.list($0) }
        if format == .json {
            return context.output.write(JSONOutput.array(campaigns.map { campaign in
                .object([("slug", .string(campaign.slug)), ("status", .string(campaign.status.rawValue)), ("version", .number(Double(campaign.version))),
                         ("published_at", .string(campaign.publishedAt)),
                         ("title", .object(campaign.title.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))])
            }).rendered())
        }
        var table = TableFormatter(headers: ["SLUG", "STATUS", "VERSION", "PUBLISHED", "TITLE"])
        for campaign in campaigns {
            table.rows.append([campaign.slug, campaign.status.rawValue, String(campaign.version), campaign.publishedAt,
                               ScriptContext.localized(campaign.title, campaign.defaultLocale, campaign.defaultLocale)])
        }
        context.output.write(table.render(width: context.output.width, colour: context.output.isTerminal))
    }
}

/// `campaign show SLUG`: one published campaign.
struct ShowCommand: Command {
    static let name = "show"
    static let abstract = "Show a published campaign: status, languages, actions, counts of signatures and calls, targets and versions."
    static let discussion = """
        Signatures are counted once confirmed (or at once, when the campaign does not confirm by e-mail); waiting ones \
        wait for their signer to confirm; suspect ones came over the per-address limit and are kept but not counted. \
        Calls are the outcomes supporters reported, suspect ones apart. A petition whose campaign.toml lists embed_origins \
        is shown with the <iframe> to paste into those sites, at the site's public address (--base-url).
        """
    static let baseURL = Option<String?>(name: "base-url", valueName: "url", check: .nonEmpty("an address"), environment: "CAMPAIGN_BASE_URL",
                                         help: "The site's public address, for the embed snippet (https://act.example.org).")
    static let arguments: [any ArgumentSpec] = [PublishedCampaigns.slug, baseURL]
    let slug: String
    let baseURL: String?

    init(_ arguments: ParsedArguments) throws {
        slug = try arguments[PublishedCampaigns.slug]
        baseURL = try arguments[Self.baseURL]
        if let baseURL, !baseURL.hasPrefix("https://") && !baseURL.hasPrefix("http://") {
            throw InputError("--base-url \(baseURL): expected an https:// address")
        }
    }

    func run(_ context: CommandContext) throws {
        let pool = try context.pool()
        guard let current = try pool.read({ try CampaignStore.current(slug, $0) }) else {
            throw InputError("no published campaign '\(slug)' (see `campaign list`)")
        }
        let (versions, directory, signatures, calls) = try pool.read { db in
            let id = try CampaignStore.id(of: slug, db)
            return (try CampaignStore.versions(slug, db), try DirectoryStore.load(db),
                    try id.map { try SignatureStore.tally(campaignID: $0, db) } ?? SignatureStore.Tally(),
                    try id.map { try CallStore.tally(campaignID: $0, db) } ?? (counted: [:], suspect: 0))
        }
        let definition = current.folder.definition
        var lines = [ScriptContext.localized(definition.title, definition.defaultLocale, definition.defaultLocale)]
        func field(_ label: String, _ value: String) { lines.append("  " + (label + ":").padding(toLength: 12, withPad: " ", startingAt: 0) + value) }
        field("Slug", slug)
        field("Status", current.status.rawValue)
        field("Languages", definition.locales.joined(separator: ", ") + " (default \(definition.defaultLocale))")
        if !definition.translations.isEmpty { field("Translated", definition.translations.keys.sorted().joined(separator: ", ")) }
        if let petition = definition.petition {
            field("Petition", (petition.goal.map { "goal \($0)" } ?? "no goal") + (petition.confirmEmail ? ", e-mail confirmation" : "")
                  + (petition.consent.isEmpty ? "" : ", asks: " + petition.consent.map(\.rawValue).joined(separator: ", ")))
        }
        if let call = definition.call {
            let variants = Set(call.scripts.values.flatMap(\.keys)).filter { !$0.isEmpty }.sorted()
            field("Call", "scripts in " + call.scripts.keys.sorted().joined(separator: ", ") + (variants.isEmpty ? "" : "; variants for " + variants.joined(separator: ", ")))
        }
        if !definition.source.isEmpty { field("Source", definition.source) }
        if definition.petition != nil || signatures != SignatureStore.Tally() {
            var parts = ["\(signatures.counted) counted", "\(signatures.waiting) waiting for e-mail confirmation", "\(signatures.suspect) suspect (not counted)"]
            if signatures.invalidated > 0 { parts.append("\(signatures.invalidated) invalidated") }
            field("Signatures", parts.joined(separator: ", "))
        }
        if let days = definition.retainDaysAfterClose {
            let eraseFrom = try RetentionPurge.campaigns(slug: slug, pool: pool).first?.eraseFrom
            field("Retention", "signers' data erased \(days) days after closing" + (eraseFrom.map { ", from \(CampaignStore.timestamp($0).prefix(10))" } ?? "")
                  + " (campaign purge)")
        }
        if definition.call != nil || !calls.counted.isEmpty || calls.suspect > 0 {
            let outcomes = CallReport.Outcome.allCases.map { "\(calls.counted[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
            field("Calls", outcomes + (calls.suspect > 0 ? "; \(calls.suspect) suspect (not counted)" : ""))
        }
        if definition.petition != nil { lines += embedLines(definition) }
        lines.append("")
        lines.append("Targets:")
        for (index, rule) in definition.targets.enumerated() {
            lines.append("  \(index + 1). \(rule.summary(in: directory))")
        }
        lines.append("")
        lines.append("Versions:")
        for version in versions { lines.append("  \(version.version)  \(version.publishedAt)") }
        context.output.write(lines.joined(separator: "\n") + "\n")
    }
}

extension ShowCommand {
    /// Where the sign form may be framed, and the snippet to paste there.
    func embedLines(_ definition: CampaignDefinition) -> [String] {
        guard !definition.embedOrigins.isEmpty else {
            return ["", "Embed: none (list the sites that may frame the sign form in campaign.toml: embed_origins = [\"https://…\"])"]
        }
        var lines = ["", "Embed: allowed on " + definition.embedOrigins.joined(separator: ", ")]
        guard let baseURL else {
            lines.append("  Give --base-url (or set CAMPAIGN_BASE_URL) to print the <iframe> to paste into those sites.")
            return lines
        }
        if !baseURL.hasPrefix("https://") {
            lines.append("  The site is not on HTTPS (\(baseURL)): inside another site's frame the form cannot keep its session, so signing fails.")
        }
        let locale = definition.defaultLocale
        lines.append("  Paste into a page of those sites (another language: change lang=\(locale) to one of \(definition.locales.joined(separator: ", "))):")
        lines.append("  " + EmbedSnippet.html(baseURL: baseURL, slug: definition.slug, locale: locale,
                                             title: ScriptContext.localized(definition.title, locale, locale)))
        return lines
    }
}

/// `campaign close SLUG`: stop a campaign taking actions.
struct CloseCommand: Command {
    static let name = "close"
    static let abstract = "Close a published campaign: it stays readable but takes no more signatures or calls."
    static let arguments: [any ArgumentSpec] = [PublishedCampaigns.slug]
    let slug: String

    init(_ arguments: ParsedArguments) throws { slug = try arguments[PublishedCampaigns.slug] }

    func run(_ context: CommandContext) throws {
        guard try context.pool().write({ try CampaignStore.setStatus(.closed, of: slug, at: context.clock.now(), $0) }) else {
            throw InputError("no published campaign '\(slug)' (see `campaign list`)")
        }
        context.output.line("Closed \(slug).")
    }
}
