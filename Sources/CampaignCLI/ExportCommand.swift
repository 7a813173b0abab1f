import ArgumentParsing
import Campaign
import Foundation

/// `campaign export SLUG --official ID | --all`: signer lists for delivery.
struct ExportCommand: Command {
    static let name = "export"
    static let abstract = "Export a petition's signers: an official's constituents for delivery, or every signer for the organizers."
    static let discussion = """
        --official lists the signers who are that official's constituents (their district for a district seat, the whole \
        jurisdiction otherwise); it must be one of the campaign's targets (anyone else is refused, the targets named). Counted signatures only, with e-mail addresses only of signers who agreed to share them with \
        the targets, each with how their district was known (chosen on the form, from their location, from their street \
        address, or ZIP code only). Those known to live in the district come first; signers who gave only a ZIP code \
        that spans the district and others follow apart: a second table in the packet, section=possible in CSV, \
        "possibly_yours" in JSON; --exact-only leaves them out. --all lists every confirmed \
        signer, with e-mail, consents and whether the signature was kept as suspect (over the rate limit), for the organizers; \
        --confirmed-only leaves out the suspect ones. Unconfirmed signatures are never exported. CSV cells that a spreadsheet would run as formulas are neutralised. \
        The file is written whole or not at all. \
        --format osdi writes the campaign as one HAL document of the Open Supporter Data Interface, the same resources \
        /api/osdi/v1/ serves, embedded by kind: the petition and advocacy campaign, every counted signature, the signers who \
        agreed to hear from the organizer (as osdi:people) and the call reports; it takes no --official, and its links start at --base-url.
        """
    static let official = Option<String?>(name: "official", valueName: "id", help: "The official whose constituents to list.")
    static let all = Flag(name: "all", help: "Every confirmed signer, for the organizers (includes e-mail addresses).")
    /// A signer list's format, or the OSDI document.
    enum Format: String, CaseIterable, ExpressibleByArgument {
        case csv, html, json, osdi
    }

    static let format = Option<Format>(name: "format", default: .csv, valueName: "format",
                                       help: "CSV, a printable HTML packet, JSON, or OSDI (HAL JSON, for CRMs).")
    static let out = Option<String?>(name: "out", valueName: "file", check: .nonEmpty("a file name"),
                                     help: "Where to write (default: standard output, also given as -).")
    static let since = Option<PartialDate?>(name: "since", valueName: "date", help: "Only signatures made on or after this date (2026-11-01).")
    static let confirmedOnly = Flag(name: "confirmed-only", help: "With --all: only signatures that count (not those kept as suspect).")
    static let byteOrderMark = Flag(name: "bom", help: "Start a CSV with a byte order mark, for Excel.")
    static let language = Option<String?>(name: "lang", valueName: "locale", help: "The packet's language (default: the campaign's).")
    static let exactOnly = Flag(name: "exact-only",
                                help: "With --official: only signers known to live in the district, not those whose ZIP code spans it and others.")
    static let arguments: [any ArgumentSpec] = [
        PublishedCampaigns.slug, official, all, format, out, since, confirmedOnly, exactOnly, byteOrderMark, language, CampaignFiles.templates,
        MailOptions.baseURL,
    ]

    let slug: String
    let options: SignerExport.Options
    /// For --format osdi: the site's address the documents' links start at; nil for a signer list.
    let osdiBaseURL: String?
    let out: String?
    let files: CampaignFiles

    init(_ arguments: ParsedArguments) throws {
        slug = try arguments[PublishedCampaigns.slug]
        let official = try arguments[Self.official]
        let format = try arguments[Self.format]
        out = try arguments[Self.out].flatMap { $0 == "-" ? nil : $0 }
        files = try CampaignFiles(arguments)
        if format == .osdi {
            guard official == nil else {
                throw UsageError("--format osdi is the organizer's: every counted signature, and the people who agreed to hear from them; give no --official.",
                                 commandPath: "campaign export")
            }
            let base = try arguments[MailOptions.baseURL]
            guard base.hasPrefix("http://") || base.hasPrefix("https://") else { throw InputError("--base-url \(base): expected an http:// or https:// address") }
            osdiBaseURL = base
            options = SignerExport.Options(format: .json, audience: .organizer)
            return
        }
        osdiBaseURL = nil
        let all = try arguments[Self.all]
        guard (official != nil) != all else {
            throw UsageError("Give either --official ID (an official's constituents) or --all (every signer).", commandPath: "campaign export")
        }
        let confirmedOnly = try arguments[Self.confirmedOnly]
        if confirmedOnly && !all { throw UsageError("--confirmed-only goes with --all: officials only ever get confirmed signatures.", commandPath: "campaign export") }
        let exactOnly = try arguments[Self.exactOnly]
        if exactOnly && all {
            throw UsageError("--exact-only goes with --official: the organizers' list has every signer, wherever they live.", commandPath: "campaign export")
        }
        options = SignerExport.Options(format: SignerExport.Format(rawValue: format.rawValue) ?? .csv, audience: official.map { .official(id: $0) } ?? .organizer,
                                       since: try arguments[Self.since], confirmedOnly: confirmedOnly,
                                       byteOrderMark: try arguments[Self.byteOrderMark], locale: try arguments[Self.language], exactOnly: exactOnly)
    }

    func run(_ context: CommandContext) throws {
        let pool = try context.pool()
        if let osdiBaseURL { return try runOSDI(baseURL: osdiBaseURL, pool: pool, context) }
        let presentation = SignerExport.Presentation(localizer: try files.localizer(), library: files.library())
        guard let out else {
            let output = ByteOutput(descriptor: 1, name: "standard output")
            let summary = try SignerExport.run(slug: slug, options: options, pool: pool, presentation: presentation, generatedAt: context.clock.now(),
                                               to: output)
            return report(summary, to: "standard output", context)
        }
        // A failed export leaves no half file.
        let summary = try WholeFile.write(to: out, name: "--out") { partial in
            try SignerExport.run(slug: slug, options: options, pool: pool, presentation: presentation, generatedAt: context.clock.now(),
                                 to: try ByteOutput(path: partial, name: "--out \(out)"))
        }
        report(summary, to: out, context)
    }

    /// Writes the OSDI document, whole or not at all.
    private func runOSDI(baseURL: String, pool: DatabasePool, _ context: CommandContext) throws {
        let view = OSDIView(baseURL: baseURL, personKey: try OSDIView.personKey(pool, tokens: context.tokens), now: context.clock.now())
        let summary: OSDIExport.Summary
        if let out {
            summary = try WholeFile.write(to: out, name: "--out") { partial in
                try OSDIExport.run(slug: slug, view: view, pool: pool, to: try ByteOutput(path: partial, name: "--out \(out)"))
            }
        } else {
            summary = try OSDIExport.run(slug: slug, view: view, pool: pool, to: ByteOutput(descriptor: 1, name: "standard output"))
        }
        context.errors.line("Exported \(summary.signatures) signature\(summary.signatures == 1 ? "" : "s"), \(summary.people) "
            + "\(summary.people == 1 ? "person" : "people") who agreed to hear from the organizer and \(summary.outreaches) "
            + "call report\(summary.outreaches == 1 ? "" : "s") as OSDI to \(out ?? "standard output").")
    }

    private func report(_ summary: SignerExport.Summary, to place: String, _ context: CommandContext) {
        var line = "Exported \(summary.rows) signer\(summary.rows == 1 ? "" : "s") of \(summary.total) counted to \(place)"
        if summary.possible > 0 {
            line += ": \(summary.known) known constituent\(summary.known == 1 ? "" : "s") first, then \(summary.possible) "
                + "whose ZIP code spans the district and others, listed apart"
        }
        if summary.leftOut > 0 { line += "; \(summary.leftOut) whose ZIP code spans the district and others left out (--exact-only)" }
        context.errors.line(line + ".")
    }
}
